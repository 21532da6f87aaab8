import type { DataSource } from 'typeorm';
import { createServiceDataSource, databaseName, migrate, withDatabase } from '@fengqiao/persistence';
import { createTestContext, type TestContext } from '@fengqiao/testing';
import {
  AuditOutbox,
  AuditReadOutbox1763900011000,
  AuditUnavailableError,
  caseReadEntry,
  CreateAudit1763900003000,
  enqueueAudit,
  grantAuditAccess,
  verifyAuditChain,
} from '../src';

/**
 * The read outbox on real PostgreSQL, as the apps' role: reads enqueue in their own transactions,
 * two drainers (two replicas) chain concurrently, every entry lands exactly once and the chain verifies.
 */
let ctx: TestContext;
let owner: DataSource;
let app: DataSource;
let role: string;
const HOST_SCHEMA = 'audit_outbox_host';
const APP_URL = process.env['APP_DATABASE_URL'] ?? 'postgres://fengqiao_app:fengqiao_app@127.0.0.1:5432/fengqiao';

const reader = (i: number) => ({ userId: `u-${i % 3}`, username: `clerk.${i % 3}`, roles: ['clerk'], orgUnit: '621102101' });
const read = (i: number) =>
  caseReadEntry(
    reader(i),
    { purpose: i % 2 ? `核实 ${i}` : null, requestId: `r-${i}` },
    { action: 'read.case', route: 'case-view', caseIds: [`case-${i % 5}`], fields: ['parties.name'] },
  );

beforeAll(async () => {
  ctx = await createTestContext('audit_outbox');
  owner = createServiceDataSource({
    url: ctx.databaseUrl,
    schema: HOST_SCHEMA,
    entities: [],
    migrations: [CreateAudit1763900003000, AuditReadOutbox1763900011000],
    poolSize: 2,
  });
  await migrate(owner, HOST_SCHEMA);
  role = decodeURIComponent(new URL(APP_URL).username);
  if (!(await grantAuditAccess(owner, role))) throw new Error(`role ${role} does not exist: run tools/infra/infra.sh up`);
  app = await createServiceDataSource({
    url: withDatabase(APP_URL, databaseName(ctx.databaseUrl)),
    schema: HOST_SCHEMA,
    entities: [],
    migrations: [],
    poolSize: 12,
  }).initialize();
}, 60_000);

afterAll(async () => {
  await app?.destroy();
  await owner?.destroy();
  await ctx?.dispose();
});

describe('the read outbox', () => {
  it('takes 200 reads from concurrent transactions while two drainers chain them: each once, the chain intact', async () => {
    const a = new AuditOutbox({ transaction: (fn) => app.transaction(fn), maxBatch: 25, intervalMs: 0 });
    const b = new AuditOutbox({ transaction: (fn) => app.transaction(fn), maxBatch: 25, intervalMs: 0 });
    await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        await app.transaction((m) => enqueueAudit(m, read(i)));
        (i % 2 ? a : b).kick();
      }),
    );
    await Promise.all([a.flush(), b.flush()]);
    await Promise.all([a.stop(), b.stop()]);
    expect(await ctx.sql(`SELECT count(*)::int AS n FROM audit.read_outbox`)).toEqual([{ n: 0 }]);
    expect(a.stats.entries + b.stats.entries).toBe(200);
    const rows = await ctx.sql<{ n: number; requests: number }>(`SELECT count(*)::int AS n, count(DISTINCT request_id)::int AS requests FROM audit.entries`);
    expect(rows).toEqual([{ n: 200, requests: 200 }]);
    expect(await verifyAuditChain((q, p) => ctx.sql(q, p))).toMatchObject({ ok: true, count: 200, lastSeq: 200 });
    // Who, which case, why: as the read stated it, else the route.
    expect(
      await ctx.sql(`SELECT actor_name, reason, detail->'caseIds' AS ids FROM audit.entries WHERE request_id IN ('r-1', 'r-2') ORDER BY request_id`),
    ).toEqual([
      { actor_name: 'clerk.1', reason: '核实 1', ids: ['case-1'] },
      { actor_name: 'clerk.2', reason: 'case-view', ids: ['case-2'] },
    ]);
  });

  it("rolls the entry back with its read's transaction, and fails the read when the outbox refuses it", async () => {
    await expect(
      app.transaction(async (m) => {
        await enqueueAudit(m, read(900));
        throw new Error('the read failed after enqueueing');
      }),
    ).rejects.toThrow('the read failed');
    expect(await ctx.sql(`SELECT count(*)::int AS n FROM audit.read_outbox`)).toEqual([{ n: 0 }]);
    await ctx.sql(`REVOKE INSERT ON audit.read_outbox FROM "${role}"`);
    try {
      await expect(app.transaction((m) => enqueueAudit(m, read(901)))).rejects.toBeInstanceOf(AuditUnavailableError);
    } finally {
      await ctx.sql(`GRANT INSERT ON audit.read_outbox TO "${role}"`);
    }
  });

  it('finds the reads of a case by its id through the index on detail.caseIds', async () => {
    const plan = await ctx.sql<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT seq FROM audit.entries WHERE detail ? 'caseIds' AND detail -> 'caseIds' ? 'case-3'`);
    await ctx.sql(`ANALYZE audit.entries`);
    expect(await ctx.sql(`SELECT count(*)::int AS n FROM audit.entries WHERE detail ? 'caseIds' AND detail -> 'caseIds' ? 'case-3'`)).toEqual([{ n: 40 }]);
    expect(plan.length).toBeGreaterThan(0);
  });
});
