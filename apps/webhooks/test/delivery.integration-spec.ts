import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { EventTypes, type Caller, type CloudEvent } from '@fengqiao/contracts';
import { createServiceDataSource, migrate } from '@fengqiao/persistence';
import { piiCipherFromEnv } from '@fengqiao/pii';
import { createTestContext, waitFor, type TestContext } from '@fengqiao/testing';
import { WEBHOOKS_SCHEMA } from '../src/config/webhooks.config';
import { webhooksMigrations } from '../src/database/webhooks.migrations';
import { deliver, RetryLater, type DelivererOptions } from '../src/delivery/deliverer';
import { fanOut } from '../src/delivery/fan-out';

/**
 * The deliverer and the fan-out on a real PostgreSQL: no lock or transaction spans the POST, a
 * duplicate job during or after an acknowledged attempt sends nothing, and each subscription's owner
 * is checked as it is now (the directory stubbed: Keycloak's side is the e2e test's).
 */
let ctx: TestContext;
let ds: DataSource;
let server: Server;
let url: string;
const cipher = piiCipherFromEnv(undefined);
const requests: IncomingMessage[] = [];
/** The next answers of the receiver; `hold` keeps a request open until released. */
let answer: 'ok' | 'hold' = 'ok';
const held: ServerResponse[] = [];

const PATHS: Record<string, string> = { '621102': '/621100/621102/', '621102101': '/621100/621102/621102101/', '621101': '/621100/621101/' };
const owners = new Map<string, Caller | null>();
const integrator = (userId: string, orgUnit: string, roles = ['integrator']): Caller => ({ userId, username: userId, roles, orgUnit, department: null });

const options = (o: Partial<DelivererOptions> = {}): DelivererOptions => ({
  ds,
  cipher,
  timeoutMs: 5_000,
  pauseAfter: 10,
  maxAttempts: 5,
  allowLoopbackHttp: true,
  ownerOf: async (id) => owners.get(id) ?? null,
  pathOf: async (code) => PATHS[code],
  log: () => undefined,
  ...o,
});

async function subscription(owner: Caller, orgUnit = '621102'): Promise<string> {
  const id = randomUUID();
  owners.set(owner.userId, owner);
  await ctx.sql(
    `INSERT INTO webhooks.subscriptions (id, owner_id, owner_name, org_unit, url, event_types, secret_enc, status, created_at)
     VALUES ($1, $2, $2, $3, $4, $5, $6, 'active', now() - interval '1 hour')`,
    [id, owner.userId, orgUnit, `${url}/hook`, [EventTypes.caseRegistered], cipher.encrypt('whsec_test')],
  );
  return id;
}

const event = (unit = '621102101'): CloudEvent =>
  ({
    specversion: '1.0',
    id: randomUUID(),
    source: 'fengqiao/intake',
    type: EventTypes.caseRegistered,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: { caseId: randomUUID(), orgUnit: unit, orgPath: PATHS[unit], title: '王建国的纠纷', registeredBy: 'clerk.621102101' },
  }) as unknown as CloudEvent;
const fan = (e: CloudEvent) =>
  fanOut(ds, e, `fq.evt.${(e.data as { orgUnit: string }).orgUnit}.case.registered`, { pathOf: async (c) => PATHS[c], ownerOf: options().ownerOf });
const stateOf = async (deliveryId: string) => (await ctx.sql<{ state: string }>(`SELECT state FROM webhooks.deliveries WHERE id = $1`, [deliveryId]))[0]!.state;
const subOf = async (id: string) =>
  (await ctx.sql<{ status: string; paused_reason: string | null }>(`SELECT status, paused_reason FROM webhooks.subscriptions WHERE id = $1`, [id]))[0]!;

beforeAll(async () => {
  ctx = await createTestContext('webhooks_delivery');
  ds = createServiceDataSource({ url: ctx.databaseUrl, schema: WEBHOOKS_SCHEMA, entities: [], migrations: webhooksMigrations });
  await migrate(ds, WEBHOOKS_SCHEMA);
  server = createServer((req, res) => {
    requests.push(req);
    req.resume();
    req.on('end', () => (answer === 'hold' ? held.push(res) : res.writeHead(204).end()));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  for (const r of held) r.destroy();
  server?.closeAllConnections();
  await new Promise((ok) => server?.close(ok));
  await ds?.destroy();
  await ctx?.dispose();
});

beforeEach(() => {
  requests.length = 0;
  answer = 'ok';
});

// Each test sees only its own subscriptions.
afterEach(() => ctx.sql(`UPDATE webhooks.subscriptions SET status = 'deleted'`));

describe('a delivery attempt', () => {
  it('holds no lock and no transaction while the receiver takes its time, and a duplicate job sends nothing', async () => {
    const sub = await subscription(integrator('owner-a', '621102'));
    const [job] = await fan(event());
    expect(job).toBeDefined();
    answer = 'hold';
    const first = deliver(options(), job!.id, 1);
    await waitFor(() => requests.length === 1, { what: 'the POST to arrive' });

    // The POST is in flight: the row can be locked at once, and the service's connections hold no transaction open.
    await ctx.sql('BEGIN');
    await ctx.sql(`SELECT id FROM webhooks.deliveries WHERE id = $1 FOR UPDATE NOWAIT`, [job!.id]);
    await ctx.sql('ROLLBACK');
    const open = await ctx.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'`,
    );
    expect(open[0]!.n).toBe(0);

    // JetStream delivers the same job again meanwhile: the claim is taken, nothing is sent, the job comes back later.
    await expect(deliver(options(), job!.id, 2)).rejects.toBeInstanceOf(RetryLater);
    expect(requests).toHaveLength(1);

    held.shift()!.writeHead(200).end();
    await first;
    expect(await stateOf(job!.id)).toBe('delivered');
    // And again after the acknowledgement: dropped, never sent twice.
    answer = 'ok';
    await deliver(options(), job!.id, 3);
    expect(requests).toHaveLength(1);
    const attempts = await ctx.sql<{ n: number; ok: boolean }>(`SELECT n, ok FROM webhooks.attempts WHERE delivery_id = $1`, [job!.id]);
    expect(attempts).toEqual([{ n: 1, ok: true }]);
    expect((await subOf(sub)).status).toBe('active');
  });

  it('claims again after a lease that a crashed attempt left behind', async () => {
    await subscription(integrator('owner-b', '621102'));
    const [job] = await fan(event());
    await ctx.sql(`UPDATE webhooks.deliveries SET claim = 1, claimed_until = now() - interval '1 second' WHERE id = $1`, [job!.id]);
    await deliver(options(), job!.id, 2);
    expect(requests).toHaveLength(1);
    expect(await stateOf(job!.id)).toBe('delivered');
  });
});

describe('the owner, as it is now', () => {
  it('is checked at fan-out: gone, no longer an integrator, or moved away pauses with the reason and sends nothing', async () => {
    const cases: Array<[Caller | null, string]> = [
      [null, 'owner-gone'],
      [integrator('owner-c', '621102', ['leader']), 'owner-not-integrator'],
      [integrator('owner-d', '621101'), 'owner-outside-jurisdiction'],
    ];
    for (const [now, reason] of cases) {
      const ownerId = now?.userId ?? 'owner-e';
      const sub = await subscription(integrator(ownerId, '621102'));
      owners.set(ownerId, now);
      expect(await fan(event())).toEqual([]);
      expect(await subOf(sub)).toEqual({ status: 'paused', paused_reason: reason });
      expect(await ctx.sql(`SELECT id FROM webhooks.deliveries WHERE subscription_id = $1`, [sub])).toEqual([]);
    }
  });

  it('is checked at delivery: a job queued before the owner lost the role is held, not sent', async () => {
    const sub = await subscription(integrator('owner-f', '621102101'), '621102101');
    const [job] = await fan(event());
    owners.set('owner-f', integrator('owner-f', '621102101', ['default-roles-fengqiao']));
    await deliver(options(), job!.id, 1);
    expect(requests).toHaveLength(0);
    expect(await stateOf(job!.id)).toBe('held');
    expect(await subOf(sub)).toEqual({ status: 'paused', paused_reason: 'owner-not-integrator' });
  });

  it('redacts for the current role: an integrator with more roles still gets no personal data', async () => {
    const sub = await subscription(integrator('owner-g', '621102', ['integrator', 'leader']));
    const e = event();
    await fan(e);
    const [row] = await ctx.sql<{ payload: { data: Record<string, unknown>; fqredacted: string[] } }>(
      `SELECT payload FROM webhooks.deliveries WHERE subscription_id = $1`,
      [sub],
    );
    expect(row!.payload.data).not.toHaveProperty('title');
    expect(row!.payload.data).not.toHaveProperty('registeredBy');
    expect(row!.payload.fqredacted).toEqual(expect.arrayContaining(['title', 'registeredBy']));
  });
});
