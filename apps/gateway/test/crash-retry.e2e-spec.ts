import { startApp, startPrivateNats, waitFor, type PrivateNats, type RunningApp } from '@fengqiao/testing';
import type { CaseView } from '@fengqiao/contracts';
import { sampleCase, startPlatform, type Platform } from './platform.harness';

/**
 * One Idempotency-Key is one case whatever crashes: clients register with keys and retry as real
 * clients do (same key, on a dropped connection or a 503) while the gateway is killed (-9) and
 * restarted, then nats-server. Runs on a nats-server of its own, so the shared one stays up.
 */
const KEYS = 48;
const CLIENTS = 6;
let nats: PrivateNats;
let p: Platform;
let gateway: RunningApp;

beforeAll(async () => {
  nats = await startPrivateNats();
  p = await startPlatform('crash-retry', { env: { NATS_URL: nats.url } });
  gateway = p.gateway;
  await p.ctx.tokenFor('clerk.621102101');
}, 180_000);

afterAll(async () => {
  await gateway?.stop();
  await p?.stop();
  await nats?.stop();
});

interface Outcome {
  key: string;
  caseId: string;
  attempts: number;
  statuses: number[];
}

/** A client as the API asks: the same key on every retry, until the case is there. */
async function registerWithRetries(key: string, baseUrl: () => string): Promise<Outcome> {
  const token = await p.ctx.tokenFor('clerk.621102101');
  const statuses: number[] = [];
  const deadline = Date.now() + 90_000;
  for (let attempt = 1; Date.now() < deadline; attempt++) {
    const res = await fetch(`${baseUrl()}/api/v1/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(sampleCase({ title: `崩溃重试 ${key}` })),
    }).catch(() => undefined); // the gateway died under the request: retry
    if (res) statuses.push(res.status);
    if (res?.status === 201) return { key, caseId: ((await res.json()) as CaseView).id, attempts: attempt, statuses };
    if (res) await res.arrayBuffer();
    await new Promise((r) => setTimeout(r, Math.min(100 * attempt, 1000)));
  }
  throw new Error(`${key} was never registered (answers: ${statuses.join(', ')})`);
}

it('gives exactly one case per key when the gateway, then nats-server, is killed while clients retry', async () => {
  const keys = Array.from({ length: KEYS }, (_, i) => `crash-${p.ctx.prefix}-${i}`);
  const done: Outcome[] = [];
  const queue = [...keys];
  const clients = Array.from({ length: CLIENTS }, async () => {
    for (let key = queue.shift(); key; key = queue.shift()) done.push(await registerWithRetries(key, () => gateway.url));
  });

  // The crashes, while the clients are busy.
  const chaos = (async () => {
    await waitFor(() => done.length >= 8, { what: 'first registrations', timeoutMs: 60_000, intervalMs: 20 });
    await gateway.kill();
    gateway = await startApp('gateway', p.ctx.appEnv({ LOG_LEVEL: 'info', NATS_URL: nats.url }), { port: gateway.port });
    await waitFor(() => done.length >= 24, { what: 'registrations after the gateway came back', timeoutMs: 60_000, intervalMs: 20 });
    await nats.kill();
    await new Promise((r) => setTimeout(r, 500)); // a bus that is down for a moment, not a blip
    await nats.restart();
  })();

  await Promise.all([...clients, chaos]);
  expect(done).toHaveLength(KEYS);
  // The crashes hit requests in flight: some clients had to retry.
  expect(done.some((o) => o.attempts > 1)).toBe(true);
  // Never a 500: a crash is a 503 (retry) or a dropped connection, never an error of the product.
  expect(done.flatMap((o) => o.statuses).filter((s) => s >= 500 && s !== 503)).toEqual([]);

  const rows = await p.ctx.sql<{ request_key: string; n: number; ids: string[] }>(
    `SELECT request_key, count(*)::int AS n, array_agg(id::text) AS ids FROM intake.cases WHERE request_key = ANY($1) GROUP BY request_key`,
    [keys],
  );
  expect(rows.filter((r) => r.n !== 1)).toEqual([]);
  expect(rows).toHaveLength(KEYS);
  // Each client got the one case of its key.
  const byKey = new Map(rows.map((r) => [r.request_key, r.ids[0]]));
  expect(done.filter((o) => byKey.get(o.key) !== o.caseId)).toEqual([]);
  // …and each case has its process.
  const cases = await p.ctx.sql<{ workflow_id: string }>(`SELECT workflow_id FROM intake.cases WHERE request_key = ANY($1)`, [keys]);
  for (const c of cases) {
    const d = await waitFor(
      () =>
        p.ctx.temporal.workflow
          .getHandle(c.workflow_id)
          .describe()
          .catch(() => undefined),
      { what: c.workflow_id, timeoutMs: 30_000 },
    );
    expect(d.status.name).toBe('RUNNING');
  }
}, 300_000);
