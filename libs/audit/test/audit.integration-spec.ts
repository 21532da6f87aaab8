import { resolve } from 'node:path';
import { Client as PgClient } from 'pg';
import type { DataSource } from 'typeorm';
import { createServiceDataSource, databaseName, migrate, withDatabase } from '@fengqiao/persistence';
import { createTestContext, type TestContext } from '@fengqiao/testing';
import {
  appendAudit,
  CreateAudit1763900003000,
  GENESIS_HASH,
  grantAuditAccess,
  runVerifyCli,
  verifyAuditChain,
  VERIFY_EXIT,
  type AuditEntryInput,
} from '../src';

/**
 * The audit log on real PostgreSQL, seen by three roles:
 *  - the owner (`fengqiao`, what migrations run as; ctx.sql): bound by the triggers;
 *  - the apps' role (`fengqiao_app`, neither owner nor superuser): may only append and read;
 *  - a superuser (`postgres`, over the local cluster's unix socket, trust auth; see
 *    tools/infra/infra.sh pg_psql_admin): can switch triggers off, which the verifier catches.
 */
let ctx: TestContext;
let ds: DataSource; // owner
let appDs: DataSource; // app role
let su: PgClient; // superuser
let appUrl: string;
const HOST_SCHEMA = 'audit_host'; // stands in for a service's schema (its migrations table)

const APP_URL = process.env['APP_DATABASE_URL'] ?? 'postgres://fengqiao_app:fengqiao_app@127.0.0.1:5432/fengqiao';

/**
 * A superuser connection to this test's database: FQ_PG_SUPERUSER_URL if set, else the local
 * cluster's socket directory (<state>/postgres/run), where `postgres` logs in by trust.
 */
async function superuser(db: string): Promise<PgClient> {
  const url = process.env['FQ_PG_SUPERUSER_URL'];
  const state = process.env['FQ_STATE_DIR'] ?? resolve(__dirname, '../../../.local/infra');
  const c = url
    ? new PgClient({ connectionString: withDatabase(url, db) })
    : new PgClient({ host: resolve(state, 'postgres/run'), port: Number(process.env['FQ_PG_PORT'] ?? 5432), user: 'postgres', database: db });
  await c.connect();
  const [{ rolsuper }] = (await c.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`)).rows as Array<{ rolsuper: boolean }>;
  if (!rolsuper) throw new Error('FQ_PG_SUPERUSER_URL is not a superuser');
  return c;
}

const entry = (i: number): AuditEntryInput => ({
  actorId: `user-${i % 5}`,
  actorName: `调解员${i % 5}`,
  actorRoles: ['mediator', 'staff'],
  actorOrgUnit: '621102101',
  action: i % 3 ? 'unmask.id-number' : 'read.key-person',
  subjectType: i % 3 ? 'case-party' : 'key-person',
  subjectId: `subject-${i}`,
  reason: `核实身份 #${i}`,
  sourceIp: '10.0.0.1',
  requestId: `req-${i}`,
  result: i % 7 ? 'allowed' : 'denied',
  detail: { caseNo: `621102101-2026-${String(i).padStart(6, '0')}`, field: 'idNumber' },
});

const ownerVerify = () => verifyAuditChain((q, p) => ctx.sql(q, p));
const cli = async (...argv: string[]) => {
  let out = '';
  let err = '';
  const code = await runVerifyCli(['--database-url', appUrl, ...argv], {}, { write: (s: string) => (out += s) }, { write: (s: string) => (err += s) });
  return { code, out, err };
};

beforeAll(async () => {
  ctx = await createTestContext('audit');
  const db = databaseName(ctx.databaseUrl);
  ds = createServiceDataSource({ url: ctx.databaseUrl, schema: HOST_SCHEMA, entities: [], migrations: [CreateAudit1763900003000], poolSize: 4 });
  await migrate(ds, HOST_SCHEMA);
  const appRole = decodeURIComponent(new URL(APP_URL).username);
  if (!(await grantAuditAccess(ds, appRole))) throw new Error(`role ${appRole} does not exist: run tools/infra/infra.sh up (it creates fengqiao_app)`);
  appUrl = withDatabase(APP_URL, db);
  appDs = await createServiceDataSource({ url: appUrl, schema: HOST_SCHEMA, entities: [], migrations: [], poolSize: 10 }).initialize();
  su = await superuser(db);
}, 60_000);

afterAll(async () => {
  await su?.end();
  await appDs?.destroy();
  await ds?.destroy();
  await ctx?.dispose();
});

describe('the audit migration', () => {
  it('creates the schema with a genesis head, and runs down and up again while empty', async () => {
    expect(await ctx.sql(`SELECT seq::int AS seq, hash FROM audit.chain_head`)).toEqual([{ seq: 0, hash: GENESIS_HASH }]);
    await ds.undoLastMigration();
    expect(await ctx.sql(`SELECT to_regclass('audit.entries') AS t, to_regnamespace('audit') AS s`)).toEqual([{ t: null, s: null }]);
    await ds.runMigrations();
    // up is idempotent: a second service may list the same migration
    const qr = ds.createQueryRunner();
    await new CreateAudit1763900003000().up(qr);
    await qr.release();
    expect(await ctx.sql(`SELECT count(*)::int AS n FROM audit.chain_head`)).toEqual([{ n: 1 }]);
    expect(await grantAuditAccess(ds, decodeURIComponent(new URL(APP_URL).username))).toBe(true);
    expect(await ownerVerify()).toEqual({ ok: true, count: 0, lastSeq: 0, lastHash: GENESIS_HASH });
  });
});

describe('appending as the apps role', () => {
  it('is neither owner nor superuser', async () => {
    const [me] = await appDs.query(
      `SELECT r.rolsuper, pg_has_role(current_user, c.relowner, 'MEMBER') AS owns
         FROM pg_roles r, pg_class c WHERE r.rolname = current_user AND c.oid = 'audit.entries'::regclass`,
    );
    expect(me).toEqual({ rolsuper: false, owns: false });
  });

  it('keeps the chain valid under 50 concurrent appends: seqs 1..50, no gaps, time never goes back', async () => {
    const done = await Promise.all(Array.from({ length: 50 }, (_, i) => appDs.transaction((m) => appendAudit(m, entry(i + 1)))));
    expect(done.map((d) => d.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const rows = await ctx.sql<{ seq: number; at: Date }>(`SELECT seq::int AS seq, at FROM audit.entries ORDER BY seq`);
    for (let i = 1; i < rows.length; i++) expect(rows[i].at.getTime()).toBeGreaterThanOrEqual(rows[i - 1].at.getTime());
    expect(await ownerVerify()).toMatchObject({ ok: true, count: 50, lastSeq: 50 });
    // pages of 7 rows over the real query: the walk goes on across page borders in seq order
    expect(await verifyAuditChain((q, p) => ctx.sql(q, p), { batchSize: 7 })).toMatchObject({ ok: true, count: 50, lastSeq: 50 });
  });

  it('leaves no gap behind a rolled-back append, and appends outside a transaction too', async () => {
    await expect(
      appDs.transaction(async (m) => {
        await appendAudit(m, entry(999));
        throw new Error('unmasking failed after the audit row');
      }),
    ).rejects.toThrow('unmasking failed');
    expect(await appendAudit(appDs.manager, entry(51))).toMatchObject({ seq: 51 });
    expect(await ownerVerify()).toMatchObject({ ok: true, count: 51 });
  });

  it('stores what was hashed: the verifier run by the app role agrees (the CLI, exit 0)', async () => {
    const r = await cli();
    expect(r).toMatchObject({ code: VERIFY_EXIT.ok, err: '' });
    expect(r.out).toMatch(/^审计日志校验通过：共 51 条记录/);
    expect(r.out).toContain('Audit log intact: 51 entries');
  });

  it('may not UPDATE, DELETE or TRUNCATE entries, nor switch the triggers off', async () => {
    await expect(appDs.query(`UPDATE audit.entries SET reason = 'x' WHERE seq = 1`)).rejects.toThrow(/permission denied/);
    await expect(appDs.query(`DELETE FROM audit.entries WHERE seq = 1`)).rejects.toThrow(/permission denied/);
    await expect(appDs.query(`TRUNCATE audit.entries`)).rejects.toThrow(/permission denied/);
    await expect(appDs.query(`ALTER TABLE audit.entries DISABLE TRIGGER entries_append_only`)).rejects.toThrow(/must be owner/);
    await expect(appDs.query(`SET session_replication_role = replica`)).rejects.toThrow(/permission denied/);
  });

  it('may not insert an entry off the head, nor move the head anywhere but forward to that entry', async () => {
    const [last] = await ctx.sql<{ hash: string }>(`SELECT hash FROM audit.entries WHERE seq = 51`);
    const insert = (seq: number, prev: string) =>
      appDs.query(`INSERT INTO audit.entries (seq, actor_id, action, result, prev_hash, hash) VALUES ($1, 'x', 'forge', 'allowed', $2, $3)`, [
        seq,
        prev,
        'f'.repeat(64),
      ]);
    await expect(insert(60, last.hash)).rejects.toThrow(/appended at the chain head only/);
    await expect(insert(52, GENESIS_HASH)).rejects.toThrow(/appended at the chain head only/);
    await expect(appDs.query(`UPDATE audit.chain_head SET seq = 40, hash = $1 WHERE id = 1`, [GENESIS_HASH])).rejects.toThrow(/only advances/);
    await expect(appDs.query(`DELETE FROM audit.chain_head`)).rejects.toThrow(/permission denied/);
  });
});

describe('the owner role (migrations)', () => {
  it('cannot UPDATE, DELETE or TRUNCATE entries: the trigger refuses', async () => {
    await expect(ctx.sql(`UPDATE audit.entries SET reason = 'x' WHERE seq = 1`)).rejects.toThrow('audit entries are append-only');
    await expect(ctx.sql(`DELETE FROM audit.entries WHERE seq = 1`)).rejects.toThrow('audit entries are append-only');
    await expect(ctx.sql(`TRUNCATE audit.entries`)).rejects.toThrow('audit entries are append-only');
    await expect(ctx.sql(`DELETE FROM audit.chain_head`)).rejects.toThrow('audit entries are append-only');
    await expect(ctx.sql(`UPDATE audit.chain_head SET seq = seq - 1`)).rejects.toThrow(/only advances/);
    await expect(ds.undoLastMigration()).rejects.toThrow(/non-empty audit log/);
    expect(await ownerVerify()).toMatchObject({ ok: true, count: 51 });
  });

  it('CAN switch its own trigger off (DDL), which is why the apps must not log in as the owner; the verifier still sees the change', async () => {
    const [{ reason }] = await ctx.sql<{ reason: string }>(`SELECT reason FROM audit.entries WHERE seq = 7`);
    await ctx.sql(`ALTER TABLE audit.entries DISABLE TRIGGER entries_append_only`);
    try {
      await ctx.sql(`UPDATE audit.entries SET reason = 'changed by the owner' WHERE seq = 7`);
      expect(await ownerVerify()).toMatchObject({ ok: false, firstBrokenSeq: 7, problems: [{ seq: 7, reason: 'hash mismatch' }] });
      await ctx.sql(`UPDATE audit.entries SET reason = $1 WHERE seq = 7`, [reason]);
    } finally {
      await ctx.sql(`ALTER TABLE audit.entries ENABLE TRIGGER entries_append_only`);
    }
    expect(await ownerVerify()).toMatchObject({ ok: true, count: 51 });
  });
});

describe('a superuser tampering with the log', () => {
  beforeAll(async () => {
    // Superuser only: every trigger of this session is off (ordinary triggers fire in "origin" mode).
    await su.query(`SET session_replication_role = replica`);
  });

  it('changes one reason: the verifier reports a hash mismatch at that seq (CLI exit 2)', async () => {
    await su.query(`UPDATE audit.entries SET reason = '已核实（篡改）' WHERE seq = 17`);
    expect(await ownerVerify()).toMatchObject({ ok: false, count: 51, firstBrokenSeq: 17, problems: [{ seq: 17, reason: 'hash mismatch' }] });
    const r = await cli();
    expect(r.code).toBe(VERIFY_EXIT.broken);
    expect(r.out).toMatch(/^审计日志校验失败：共读取 51 条记录，首个异常位于 seq 17/);
    expect(r.out).toContain('seq 17：内容与哈希不符（记录被修改）');
    expect(r.out).toContain('Audit log BROKEN: 51 entries read, first broken at seq 17.');
  });

  it('deletes a row: the verifier reports the gap', async () => {
    await su.query(`DELETE FROM audit.entries WHERE seq = 30`);
    const r = await ownerVerify();
    expect(r.ok || r.problems.map((p) => [p.seq, p.reason])).toEqual([
      [17, 'hash mismatch'],
      [30, 'gap'],
    ]);
    expect((await cli('--json')).out).toContain('"reason":"gap"');
  });

  it('deletes the newest rows: the head gives the removed tail away', async () => {
    await su.query(`DELETE FROM audit.entries WHERE seq >= 50`);
    const r = await ownerVerify();
    expect(r.ok || r.problems.map((p) => [p.seq, p.reason, p.missing])).toEqual([
      [17, 'hash mismatch', undefined],
      [30, 'gap', { from: 30, to: 30 }],
      [50, 'head mismatch', { from: 50, to: 51 }],
    ]);
  });

  it('rewrites the head to hide the tail: an anchor kept outside the database still catches it', async () => {
    const [h] = (await su.query(`SELECT hash FROM audit.entries WHERE seq = 49`)).rows as Array<{ hash: string }>;
    await su.query(`UPDATE audit.chain_head SET seq = 49, hash = $1`, [h.hash]);
    const withoutAnchor = await ownerVerify();
    expect(withoutAnchor.ok || withoutAnchor.problems.map((p) => p.reason)).toEqual(['hash mismatch', 'gap']);
    const r = await cli('--anchor', `51:${'0'.repeat(64)}`);
    expect(r.code).toBe(VERIFY_EXIT.broken);
    expect(r.out).toContain('seq 51: gap: anchor seq 51 is not in the chain');
  });
});
