import { HttpException } from '@nestjs/common';
import { HealthController, natsReady, postgresReady, runningReady } from './health';

describe('readiness checks', () => {
  it('reports each dependency by name, and 503 with the reason when one is down', async () => {
    let feedRunning = false;
    const controller = new HealthController([
      postgresReady({ query: async () => [{ '?column?': 1 }] }),
      natsReady({ flush: async () => undefined }),
      runningReady('org-tree-feed', () => feedRunning, 'org tree feed not running'),
    ]);
    const down = await controller.readiness().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(down).toBeInstanceOf(HttpException);
    expect((down as HttpException).getStatus()).toBe(503);
    expect((down as HttpException).getResponse()).toMatchObject({
      status: 'unavailable',
      checks: [
        { name: 'postgres', status: 'up' },
        { name: 'nats', status: 'up' },
        { name: 'org-tree-feed', status: 'down', error: 'org tree feed not running' },
      ],
    });
    feedRunning = true;
    await expect(controller.readiness()).resolves.toMatchObject({ status: 'ok' });
  });

  it('a database that refuses the query is down with its error', async () => {
    const controller = new HealthController([postgresReady({ query: () => Promise.reject(new Error('connection refused')) })]);
    await expect(controller.readiness()).rejects.toMatchObject({ response: { checks: [{ name: 'postgres', status: 'down', error: 'connection refused' }] } });
  });
});
