import { Client as PgClient } from 'pg';
import { connect, type NatsConnection } from 'nats';
import type { CaseView, Problem } from '@fengqiao/contracts';
import { natsConnectionOptions, PROGRESS_HEADER } from '@fengqiao/messaging';
import { startApp, startPrivateNats, waitFor, type PrivateNats } from '@fengqiao/testing';
import { sampleCase, startPlatform, type Platform } from './platform.harness';

/**
 * What a client sees when a part is away: a 503 problem with Retry-After (zh-CN and English), as soon
 * as the transport can tell — nobody serves the command, the bus is down, or the service that took the
 * command stopped beating — and never a 500. On a nats-server of its own, so the shared one stays up.
 */
let nats: PrivateNats;
let bus: NatsConnection;
let p: Platform;
let clerk: string;
let beats = 0;
/** The apps' environment: the private bus, and a long overall timeout — what ends a request here is the transport's own signal, never the clock. */
let ENV: Record<string, string>;

beforeAll(async () => {
  nats = await startPrivateNats();
  ENV = { NATS_URL: nats.url, COMMAND_TIMEOUT_MS: '30000' };
  p = await startPlatform('unavailable', { env: ENV });
  clerk = await p.ctx.tokenFor('clerk.621102101');
  // Progress beats go to the gateway's reply inboxes: a plain subscriber sees a copy of each.
  bus = await connect(natsConnectionOptions(nats.url, 'fq-test-beats'));
  bus.subscribe('_INBOX.>', { callback: (_e, m) => void (m.headers?.has(PROGRESS_HEADER) && beats++) });
  await bus.flush();
}, 180_000);

afterAll(async () => {
  await bus?.close();
  // The intake started here: the platform's stop() knows only the first one.
  await p?.intake.stop();
  await p?.stop();
  await nats?.stop();
});

const register = (key: string, title = '服务不可用时的登记') =>
  fetch(`${p.gateway.url}/api/v1/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${clerk}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(sampleCase({ title })),
  });

const casesWithKey = async (key: string) => (await p.ctx.sql<{ n: number }>(`SELECT count(*)::int AS n FROM intake.cases WHERE request_key = $1`, [key]))[0]!.n;

/** A 503 problem+json with its code, a Retry-After and a detail in both languages. */
async function expectUnavailable(res: Response, code: string): Promise<Problem> {
  const body = (await res.json()) as Problem;
  expect({ status: res.status, code: body['code'] }).toEqual({ status: 503, code });
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(res.headers.get('retry-after')).toBe(String(body['retryAfter']));
  expect(body.detail).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/);
  return body;
}

/** Holds intake's case-number counter: a registration waits inside intake, alive, until release. */
async function holdRegistrations(): Promise<() => Promise<void>> {
  const db = new PgClient({ connectionString: p.ctx.databaseUrl });
  await db.connect();
  await db.query('BEGIN');
  await db.query('LOCK TABLE intake.case_sequences IN EXCLUSIVE MODE');
  return async () => {
    await db.query('ROLLBACK');
    await db.end();
  };
}

/** The client of the API: the same key until the case is there, honouring Retry-After. */
async function registerUntilDone(key: string): Promise<CaseView> {
  return waitFor(
    async () => {
      const res = await register(key).catch(() => undefined);
      if (res?.status === 201) return (await res.json()) as CaseView;
      if (res && res.status !== 503) throw new Error(`unexpected ${res.status}: ${await res.text()}`);
      return undefined;
    },
    { what: `the case of ${key}`, timeoutMs: 60_000, intervalMs: 500 },
  );
}

it('keeps a request whose service is slow but alive (it beats) past the silence limit', async () => {
  const release = await holdRegistrations();
  const before = beats;
  const res = register(`slow-${p.ctx.prefix}`);
  // More beats than the gateway's silence limit (4 s at one beat a second) covers.
  await waitFor(() => beats - before >= 6, { what: 'six beats', timeoutMs: 30_000, intervalMs: 50 });
  await release();
  expect((await res).status).toBe(201);
}, 60_000);

it('answers 503 SERVICE_LOST when the service dies under the request, and the retry registers once', async () => {
  const key = `lost-${p.ctx.prefix}`;
  const release = await holdRegistrations();
  const before = beats;
  const res = register(key);
  await waitFor(() => beats > before, { what: 'the first beat', timeoutMs: 30_000, intervalMs: 20 });
  await p.intake.kill();
  // Not the 10 s timeout: the beats stopped.
  await expectUnavailable(await res, 'SERVICE_LOST');
  await release();
  p.intake = await startApp('intake', p.ctx.appEnv({ LOG_LEVEL: 'info', ...ENV }));
  const c = await registerUntilDone(key);
  expect(c.caseNo).toBeTruthy();
  expect(await casesWithKey(key)).toBe(1);
}, 90_000);

it('answers 503 SERVICE_UNREACHABLE at once when no instance serves the command (no responders)', async () => {
  const key = `none-${p.ctx.prefix}`;
  await p.intake.stop();
  await expectUnavailable(await register(key), 'SERVICE_UNREACHABLE');
  expect(await casesWithKey(key)).toBe(0);
  p.intake = await startApp('intake', p.ctx.appEnv({ LOG_LEVEL: 'info', ...ENV }));
  await registerUntilDone(key);
  expect(await casesWithKey(key)).toBe(1);
}, 90_000);

it('answers 503 BUS_UNAVAILABLE with Retry-After while nats-server is down, never 500, and registers once after', async () => {
  const key = `bus-${p.ctx.prefix}`;
  await nats.kill();
  // Whether or not the gateway has noticed yet, a command sent now fails with the connection.
  await expectUnavailable(await register(key), 'BUS_UNAVAILABLE');
  await expectUnavailable(await register(key), 'BUS_UNAVAILABLE');
  // Its health says why.
  const ready = await fetch(`${p.gateway.url}/health/ready`);
  expect(ready.status).toBe(503);
  await nats.restart();
  await registerUntilDone(key);
  expect(await casesWithKey(key)).toBe(1);
}, 90_000);
