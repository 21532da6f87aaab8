import { SERVICE_NAMES } from '@fengqiao/contracts';
import { createTestContext, runAppScript, startApp, type RunningApp, type TestContext } from '@fengqiao/testing';

// Services whose health and readiness are checked here as a deployment would run them:
// migrated, then started; its handlers' token guard is checked by tools/workspace-checks (nats-handlers).
// (mediation, insights, petitions, legal aid, webhooks and the 12345 adapter are tested in their own apps' tests.)
const PLACEHOLDERS = ['key-persons'] as const;

let ctx: TestContext;
const running: RunningApp[] = [];

beforeAll(async () => {
  ctx = await createTestContext('health');
}, 60_000);

afterAll(async () => {
  await Promise.all(running.map((a) => a.stop()));
  await ctx?.dispose();
});

describe('every service starts and answers its health checks', () => {
  it('names the same services as the contracts', () => {
    expect([...SERVICE_NAMES].sort()).toEqual(
      ['gateway', 'insights', 'intake', 'legal-aid', 'mediation', 'orchestrator', 'petitions', 'webhooks', 'hotline-12345', ...PLACEHOLDERS].sort(),
    );
  });

  it.each(PLACEHOLDERS)('%s, migrated, answers /health and /health/ready with NATS up', async (name) => {
    await runAppScript(name, 'migrate.js', [], ctx.migrationEnv());
    const app = await startApp(name, ctx.appEnv());
    running.push(app);
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
    const ready = await (await fetch(`${app.url}/health/ready`)).json();
    expect(ready).toMatchObject({ status: 'ok', checks: expect.arrayContaining([{ name: 'nats', status: 'up' }]) });
    await app.stop();
  });

  it('fails to start with a plain message (no stack trace) when its database is unreachable', async () => {
    const failure = startApp('intake', ctx.appEnv({ DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none' }), { readyTimeoutMs: 30_000 });
    await expect(failure).rejects.toThrow(/intake failed to start: .*ECONNREFUSED/);
  });
});
