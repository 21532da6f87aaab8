import type { DataSource } from 'typeorm';
import { createServiceDataSource, databaseName, migrate, withDatabase } from '@fengqiao/persistence';
import { createTestContext, type TestContext } from '@fengqiao/testing';
import {
  AuditAppendEntries1765900070000,
  AuditOutbox,
  AuditReadOutbox1763900011000,
  AuditUnavailableError,
  caseReadEntry,
  CreateAudit1763900003000,
  APPEND_ENTRIES_SQL,
  appendAuditBatch,
  hashAuditBatch,
  grantAuditAccess,
  verifyAuditChain,
} from '../src';

/**
 * Audited reads on real PostgreSQL, as the apps' role: reads record through two outboxes (two
 * replicas) whose writers chain durably in group commits, concurrently with the drainer of what an
 * older version left on the read outbox; every entry lands exactly once and the chain verifies.
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
    migrations: [CreateAudit1763900003000, AuditReadOutbox1763900011000, AuditAppendEntries1765900070000],
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

describe('audited reads', () => {
  it('takes 200 concurrent reads through two replicas: durable before each resolves, chained once each, the chain intact', async () => {
    const outbox = () => new AuditOutbox({ write: (sql, p) => app.query(sql, p), transaction: (fn) => app.transaction(fn), maxBatch: 25, intervalMs: 0 });
    const [a, b] = [outbox(), outbox()];
    // What an older version left on the read outbox, chained by the drainers meanwhile.
    for (let i = 200; i < 210; i++) await ctx.sql(`INSERT INTO audit.read_outbox (entry) VALUES ($1::jsonb)`, [JSON.stringify(read(i))]);
    a.start();
    b.start();
    await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        await (i % 2 ? a : b).record(read(i));
        // Resolved: the entry is in the chain, committed.
        expect(await ctx.sql(`SELECT count(*)::int AS n FROM audit.entries WHERE request_id = $1`, [`r-${i}`])).toEqual([{ n: 1 }]);
      }),
    );
    expect(a.written.entries + b.written.entries).toBe(200);
    expect(a.written.batches + b.written.batches).toBeLessThan(200); // entries of the same moment shared a commit
    await Promise.all([a.flush(), b.flush()]);
    await Promise.all([a.stop(), b.stop()]);
    expect(await ctx.sql(`SELECT count(*)::int AS n FROM audit.read_outbox`)).toEqual([{ n: 0 }]);
    expect(a.stats.entries + b.stats.entries).toBe(10);
    const rows = await ctx.sql<{ n: number; requests: number }>(`SELECT count(*)::int AS n, count(DISTINCT request_id)::int AS requests FROM audit.entries`);
    expect(rows).toEqual([{ n: 210, requests: 210 }]);
    expect(await verifyAuditChain((q, p) => ctx.sql(q, p))).toMatchObject({ ok: true, count: 210, lastSeq: 210 });
    // Who, which case, why: as the read stated it, else the route.
    expect(
      await ctx.sql(`SELECT actor_name, reason, detail->'caseIds' AS ids FROM audit.entries WHERE request_id IN ('r-1', 'r-2') ORDER BY request_id`),
    ).toEqual([
      { actor_name: 'clerk.1', reason: '核实 1', ids: ['case-1'] },
      { actor_name: 'clerk.2', reason: 'case-view', ids: ['case-2'] },
    ]);
  });

  it('commits with synchronous commit even where the server or session says off, and fails the read when the log refuses it', async () => {
    // The writer's statement on a session set to not wait for the disk: its transaction waits all the same.
    const settingAfter = (level: string, i: number) =>
      app.transaction(async (m) => {
        await m.query(`SET LOCAL synchronous_commit = ${level}`);
        const [head] = (await m.query(`SELECT seq::int AS seq, hash FROM audit.chain_head`)) as Array<{ seq: number; hash: string }>;
        await m.query(APPEND_ENTRIES_SQL, [JSON.stringify(hashAuditBatch(head!, [read(i)])), head!.seq, head!.hash]);
        return (await m.query(`SELECT current_setting('synchronous_commit') AS s`)) as Array<{ s: string }>;
      });
    expect(await settingAfter('off', 900)).toEqual([{ s: 'on' }]);
    expect(await settingAfter('remote_apply', 901)).toEqual([{ s: 'remote_apply' }]); // a stronger setting stays
    expect(await app.transaction((m) => appendAuditBatch(m, [read(902)]))).toHaveLength(1); // the drainer's way, under the head's lock
    const outbox = new AuditOutbox({ write: (sql, p) => app.query(sql, p), transaction: (fn) => app.transaction(fn), intervalMs: 0 });
    await ctx.sql(`REVOKE INSERT ON audit.entries FROM "${role}"`);
    try {
      await expect(outbox.record(read(903))).rejects.toBeInstanceOf(AuditUnavailableError);
    } finally {
      await ctx.sql(`GRANT INSERT ON audit.entries TO "${role}"`);
      await outbox.stop();
    }
    expect(await ctx.sql(`SELECT count(*)::int AS n FROM audit.entries WHERE request_id = 'r-903'`)).toEqual([{ n: 0 }]);
    expect(await verifyAuditChain((q, p) => ctx.sql(q, p))).toMatchObject({ ok: true, count: 213 });
  });

  it('appends a batch only as the chain allows: the app role cannot put a forged row through audit.append_entries', async () => {
    const [head] = await ctx.sql<{ seq: number; hash: string }>(`SELECT seq::int AS seq, hash FROM audit.chain_head`);
    const forged = [
      {
        seq: 999,
        at: '2026-01-01T00:00:00.000000Z',
        actor_id: 'x',
        actor_roles: [],
        action: 'read.case',
        result: 'allowed',
        detail: null,
        prev_hash: '0'.repeat(64),
        hash: 'f'.repeat(64),
      },
    ];
    await expect(app.query(APPEND_ENTRIES_SQL, [JSON.stringify(forged), head!.seq, head!.hash])).rejects.toThrow(/appended at the chain head only/);
    // A record whose hash does not follow from its content is refused by no trigger but found by the verifier:
    // the app role cannot edit what is already chained (no UPDATE, no DELETE).
    await expect(app.query(`UPDATE audit.entries SET reason = 'x' WHERE seq = 1`)).rejects.toThrow(/permission denied|append-only/);
  });

  it('finds the reads of a case by its id through the index on detail.caseIds', async () => {
    const plan = await ctx.sql<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT seq FROM audit.entries WHERE detail ? 'caseIds' AND detail -> 'caseIds' ? 'case-3'`);
    await ctx.sql(`ANALYZE audit.entries`);
    expect(await ctx.sql(`SELECT count(*)::int AS n FROM audit.entries WHERE detail ? 'caseIds' AND detail -> 'caseIds' ? 'case-3'`)).toEqual([{ n: 42 }]); // 40 of the 200 reads, 2 of the 10 left on the outbox
    expect(plan.length).toBeGreaterThan(0);
  });
});
