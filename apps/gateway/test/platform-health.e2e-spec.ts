import { headers } from 'nats';
import { SERVICE_NAMES } from '@fengqiao/contracts';
import { createTestContext, startApp, type RunningApp, type TestContext } from '@fengqiao/testing';

// Services whose capability is still to come: they must already deploy, join NATS and report health.
// (mediation, insights, petitions and legal aid are full services now: their health is tested in their own apps' tests.)
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
    expect([...SERVICE_NAMES].sort()).toEqual(['gateway', 'insights', 'intake', 'legal-aid', 'mediation', 'orchestrator', 'petitions', ...PLACEHOLDERS].sort());
  });

  it.each(PLACEHOLDERS)('%s answers /health, /health/ready and a NATS ping with a token (only with one)', async (name) => {
    const app = await startApp(name, ctx.appEnv());
    running.push(app);
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
    const ready = await (await fetch(`${app.url}/health/ready`)).json();
    expect(ready).toEqual({ status: 'ok', checks: [{ name: 'nats', status: 'up' }] });
    const ping = async (token?: string) => {
      const h = headers();
      if (token) h.set('authorization', `Bearer ${token}`);
      const reply = await ctx.nats.request(`${ctx.prefix}.fq.${name}.ping`, JSON.stringify({ pattern: `fq.${name}.ping`, data: {}, id: '1' }), {
        timeout: 5000,
        headers: h,
      });
      return reply.json<{ response: { ok: boolean; problem?: { status: number } } }>().response;
    };
    expect(await ping(await ctx.tokenFor('leader.621100'))).toEqual({ ok: true, value: { service: name } });
    expect(await ping()).toMatchObject({ ok: false, problem: { status: 401 } });
    expect(await ping('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.')).toMatchObject({ ok: false, problem: { status: 401 } });
    await app.stop();
  });

  it('fails to start with a plain message (no stack trace) when its database is unreachable', async () => {
    const failure = startApp('intake', ctx.appEnv({ DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none' }), { readyTimeoutMs: 30_000 });
    await expect(failure).rejects.toThrow(/intake failed to start: .*ECONNREFUSED/);
  });
});
