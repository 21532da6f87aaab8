import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Commands, withPrefix, type CaseRegisteredData, type CloudEvent, type StatsView } from '@fengqiao/contracts';
import { ensureEventsStream } from '@fengqiao/messaging';
import {
  createTestContext,
  keycloakAdmin,
  natsCommand,
  passwordGrant,
  runAppScript,
  startApp,
  waitFor,
  type RunningApp,
  type TestContext,
} from '@fengqiao/testing';

/**
 * INSIGHTS_READ_DATABASE_URL (docker-compose.cluster.yml's postgres-replica): the running service answers its
 * figures through that connection while its projection keeps writing to DATABASE_URL. The "replica" here is
 * the test's database behind a read-only session (default_transaction_read_only, as a hot standby refuses
 * writes): a projection sent there would fail, and the figures would never change.
 */
let ctx: TestContext;
let insights: RunningApp;
let leader: { token: string; remove: () => Promise<void> };

const JINGCHUAN = '620821';
const TOWN = '620821100';

beforeAll(async () => {
  ctx = await createTestContext('insights-read-replica');
  await runAppScript('insights', 'migrate.js', [], ctx.migrationEnv());
  const readOnly = new URL(ctx.appDatabaseUrl);
  // The pool's own session options (timezone) are replaced by the URL's, so they are repeated here.
  readOnly.searchParams.set('options', '-c timezone=UTC -c default_transaction_read_only=on');
  insights = await startApp('insights', ctx.appEnv({ INSIGHTS_READ_DATABASE_URL: readOnly.toString() }));
  const password = `it-${randomBytes(12).toString('hex')}`;
  const user = await keycloakAdmin().createUser({
    username: `it.leader.${randomBytes(3).toString('hex')}`,
    password,
    realmRoles: ['leader'],
    attributes: { org_unit: [JINGCHUAN] },
  });
  const r = await passwordGrant('fq-console', user.username, password);
  if (r.status !== 200) throw new Error(`token: ${r.status}`);
  leader = { token: String(r.body['access_token']), remove: user.remove };
}, 180_000);

afterAll(async () => {
  await leader?.remove().catch(() => undefined);
  await insights?.stop();
  await ctx?.dispose();
});

it('answers the figures through the read-only connection while the projection writes to the primary', async () => {
  const caseId = randomUUID();
  const registeredAt = '2025-03-03T01:00:00.000Z';
  const e: CloudEvent<CaseRegisteredData> = {
    specversion: '1.0',
    id: randomUUID(),
    source: '/test',
    type: 'cn.fengqiao.case.registered.v1',
    time: registeredAt,
    datacontenttype: 'application/json',
    data: {
      caseId,
      caseNo: caseId.slice(0, 8),
      kind: 'dispute',
      category: 'neighbour',
      severity: 'ordinary',
      orgUnit: TOWN,
      orgPath: `/620800/${JINGCHUAN}/${TOWN}/`,
      registeredAt,
      firstReplyDue: registeredAt,
      registeredBy: 'test',
    },
  };
  await ensureEventsStream(await ctx.nats.jetstreamManager(), ctx.prefix);
  await ctx.nats.jetstream().publish(withPrefix(ctx.prefix, `fq.evt.${TOWN}.case.registered`), JSON.stringify(e), { msgID: e.id });

  const received = await waitFor(
    async () => {
      const r = await natsCommand<StatsView>(ctx, Commands.insights.stats, { orgUnit: JINGCHUAN, from: '2025-03-01', to: '2025-04-01' }, leader.token);
      return r.ok && r.value.received === 1 ? r.value.received : undefined;
    },
    { what: 'the registered case in the figures', timeoutMs: 30_000, intervalMs: 250 },
  );
  expect(received).toBe(1);

  // The figures' queries ran on the read connection (application_name fq-insights-read), in read-only sessions.
  // As the app role: a role sees the query text of its own sessions only.
  const admin = new Client({ connectionString: ctx.appDatabaseUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ query: string }>(
      `SELECT query FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'fq-insights-read'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.query.includes('sum(r.received)'))).toBe(true); // the stats query
  } finally {
    await admin.end();
  }
});
