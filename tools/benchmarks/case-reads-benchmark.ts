import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditOutbox, grantAuditAccess, verifyAuditChain, type ReadAuditSink } from '@fengqiao/audit';
import type { Caller } from '@fengqiao/contracts';
import { JsonLogger } from '@fengqiao/observability';
import { appRoleFromEnv, createServiceDataSource, grantServiceAccess, migrate, withDatabase } from '@fengqiao/persistence';
import { CasesService, type CasesServiceDeps } from '../../apps/intake/src/cases/cases.service';
import { intakeEntities } from '../../apps/intake/src/database/intake.entities';
import { intakeMigrations } from '../../apps/intake/src/database/intake.migrations';
import { seedReferenceData } from '../../apps/intake/src/database/seeds/demo-county.seed';
import { ReferenceService } from '../../apps/intake/src/reference/reference.service';
import { INTAKE_SCHEMA } from '../../apps/intake/src/config/intake.config';
import { inScope } from '../../apps/intake/src/database/jurisdiction-scope';

/**
 * `npx nx run intake:benchmark` (not a test): what recording every read of a case's personal data
 * costs the read. A throwaway database with BENCH_CASES cases (two parties and a timeline each);
 * intake's own CasesService reads them — one case (`get`) and a list page (`list`, 20 cases) — with
 * the audit outbox of production (each read hands its entry to the group-commit writer, which makes it
 * durable on connections of its own while the read loads, and the read awaits it before answering; a
 * drainer chains the entries in batches meanwhile) and with a sink that stores nothing, in alternating rounds of the same run, at concurrency 1 and BENCH_CONCURRENCY.
 * Prints reads/s, p50 and p99 of each, and audited/unaudited as ratios; then checks that the chain
 * verifies and holds exactly one entry per audited read.
 */
const CASES = Number(process.env['BENCH_CASES'] ?? 2000);
const READS = Number(process.env['BENCH_READS'] ?? 2000); // per mode, per scenario
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 4);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 16);
const ADMIN_URL = process.env['MIGRATION_DATABASE_URL'] ?? process.env['DATABASE_URL'] ?? 'postgres://fengqiao:fengqiao@127.0.0.1:5432/fengqiao';
const APP_URL = process.env['APP_DATABASE_URL'];
const UNIT = { code: '621102101', path: '/621100/621102/621102101/' };

const clerk: Caller = { userId: 'bench-clerk', username: 'clerk.bench', roles: ['clerk'], orgUnit: UNIT.code, department: null };
const nothing: ReadAuditSink = { record: async () => undefined };

async function load(owner: DataSource, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  // Row-level security holds the owner too: the rows go in with the service's own scope.
  await inScope(owner, { kind: 'system' }, (m) => insert(m, ids));
  await owner.query(`VACUUM ANALYZE intake.cases, intake.case_parties, intake.case_timeline`);
  return ids;
}

async function insert(ds: EntityManager, ids: string[]): Promise<void> {
  await ds.query(
    `INSERT INTO intake.cases (id, case_no, kind, category, severity, channel, title, description, status, warning, org_unit, org_path,
       deadlines_provisional, workflow_id, registered_by, created_at, updated_at)
     SELECT id, '621102101-2026-' || lpad(i::text, 6, '0'), 'dispute', 'neighbour', 'ordinary', 'walk-in', '邻里排水纠纷 ' || i,
       '东川村两户因院墙排水发生争执，请求调解。', 'first-contact', 'green', $2, $3, false, 'bench-' || i, 'u', now() - i * interval '1 minute', now()
     FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, i)`,
    [ids, UNIT.code, UNIT.path],
  );
  await ds.query(
    `INSERT INTO intake.case_parties (id, case_id, ordinal, role, name, id_number_masked, phone_masked)
     SELECT gen_random_uuid(), id, o, CASE o WHEN 0 THEN 'applicant' ELSE 'respondent' END, CASE o WHEN 0 THEN '王建国' ELSE '李春梅' END,
       '110105********002X', '138****5678'
     FROM unnest($1::uuid[]) AS t(id), generate_series(0, 1) AS o`,
    [ids],
  );
  await ds.query(
    `INSERT INTO intake.case_timeline (case_id, at, type, actor, detail)
     SELECT id, now() - s * interval '1 hour', 'step-' || s, '张调解', '{"note":"bench"}'::jsonb FROM unnest($1::uuid[]) AS t(id), generate_series(1, 6) AS s`,
    [ids],
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
}

/** `total` reads by `workers` loops at once; latencies of every read, throughput over the wall time. */
async function drive(total: number, workers: number, read: (i: number) => Promise<unknown>): Promise<{ ms: number[]; wall: number }> {
  const ms: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t = performance.now();
        const r = (await read(i)) as { ok?: boolean };
        if (r && r.ok === false) throw new Error(`read refused: ${JSON.stringify(r)}`);
        ms.push(performance.now() - t);
      }
    }),
  );
  return { ms, wall: performance.now() - t0 };
}

/** CPU seconds so far: this process, and each of the database's backends (pid → connection and seconds). */
interface Cpu {
  node: number;
  pg: Map<number, { app: string; s: number }>;
}

/** The backends' CPU from /proc (the benchmark runs on the database's machine; elsewhere `pg` stays empty). */
async function cpuNow(admin: Client, dbName: string): Promise<Cpu> {
  const { rows } = await admin.query<{ pid: number; app: string }>(
    `SELECT pid, application_name AS app FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'bench-%'`,
    [dbName],
  );
  const pg = new Map<number, { app: string; s: number }>();
  for (const r of rows) {
    try {
      const fields = readFileSync(`/proc/${r.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      pg.set(r.pid, { app: r.app, s: (Number(fields[11]) + Number(fields[12])) / 100 }); // utime + stime, clock ticks
    } catch {
      // not on this machine, or the backend just ended
    }
  }
  const u = process.cpuUsage();
  return { node: (u.user + u.system) / 1e6, pg };
}

/** Adds what each connection spent between `a` and `b` (a backend opened meanwhile: all of its time). */
function cpuAdd(into: { node: number; pg: Record<string, number> }, a: Cpu, b: Cpu): void {
  into.node += b.node - a.node;
  for (const [pid, { app, s }] of b.pg) into.pg[app] = (into.pg[app] ?? 0) + s - (a.pg.get(pid)?.s ?? 0);
}

function figures(runs: Array<{ ms: number[]; wall: number }>): Figures {
  const all = runs.flatMap((r) => r.ms).sort((a, b) => a - b);
  const wall = runs.reduce((s, r) => s + r.wall, 0);
  return { perSecond: (all.length / wall) * 1000, p50: percentile(all, 50), p99: percentile(all, 99) };
}

async function main() {
  const started = performance.now();
  const dbName = `fq_bench_reads_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const ownerUrl = withDatabase(ADMIN_URL, dbName);
  const owner = createServiceDataSource({ url: ownerUrl, schema: INTAKE_SCHEMA, entities: intakeEntities, migrations: intakeMigrations, poolSize: 2 });
  const open: DataSource[] = [owner];
  try {
    await migrate(owner, INTAKE_SCHEMA);
    await seedReferenceData(owner, true);
    const ids = await load(owner, CASES);
    // As the apps log in: the app role (row-level security applies, the audit log append-only), when it exists here.
    const role = appRoleFromEnv(process.env);
    const asApp = APP_URL && (await grantServiceAccess(owner, INTAKE_SCHEMA, role)) && (await grantAuditAccess(owner, role));
    const url = asApp ? withDatabase(APP_URL, dbName) : ownerUrl;
    const ds = await createServiceDataSource({
      url,
      schema: INTAKE_SCHEMA,
      entities: intakeEntities,
      migrations: [],
      poolSize: 10,
      applicationName: 'bench-reads',
    }).initialize();
    // As intake wires it (one connection for the group-commit writer, one for the drainer), on two
    // pools here so that the database's CPU can be told apart.
    const writeDs = await createServiceDataSource({
      url,
      schema: INTAKE_SCHEMA,
      entities: [],
      migrations: [],
      poolSize: 2,
      applicationName: 'bench-audit-write',
    }).initialize();
    const chainDs = await createServiceDataSource({
      url,
      schema: INTAKE_SCHEMA,
      entities: [],
      migrations: [],
      poolSize: 1,
      applicationName: 'bench-audit-chain',
    }).initialize();
    open.push(ds, writeDs, chainDs);
    const writer = new AuditOutbox({ write: (sql, p) => writeDs.query(sql, p), transaction: (fn) => chainDs.transaction(fn) });
    writer.start();
    const logger = new JsonLogger('bench', 'error');
    const service = (audit: ReadAuditSink) =>
      new CasesService({ ds, refs: new ReferenceService(ds), audit, logger, onOutboxWrite: () => undefined } as unknown as CasesServiceDeps);
    // How long the durable write of an entry takes (from the read's handing it over to its commit).
    let writeMs: number[] = [];
    const timed: ReadAuditSink = {
      record: (e) => {
        const t = performance.now();
        const done = writer.record(e);
        done.then(
          () => writeMs.push(performance.now() - t),
          () => undefined,
        );
        return done;
      },
    };
    const modes = { off: service(nothing), on: service(timed) };
    const scenarios: Array<[string, (s: CasesService, i: number) => Promise<unknown>]> = [
      ['case view', (s, i) => s.get(ids[(i * 7919) % ids.length]!, clerk, { purpose: 'benchmark', requestId: `r-${i}` })],
      ['list page (20)', (s, i) => s.list({ orgUnit: UNIT.code, page: String(1 + (i % 50)), pageSize: '20' }, clerk, { requestId: `r-${i}` })],
    ];

    process.stdout.write(
      `${CASES.toLocaleString('en')} cases as ${asApp ? role : 'the owner'}; ${READS} reads per mode and scenario in ${ROUNDS} alternating rounds, after a warm-up\n\n`,
    );
    process.stdout.write(
      `${'scenario'.padEnd(16)}${'conc.'.padStart(6)}${'mode'.padStart(10)}${'reads/s'.padStart(10)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}\n`,
    );
    let audited = 0;
    const ratios: string[] = [];
    const cpuRows: string[] = [];
    for (const [label, read] of scenarios) {
      for (const workers of [1, CONCURRENCY]) {
        for (const s of [modes.off, modes.on]) await drive(50, workers, (i) => read(s, i)); // warm-up: plans, caches, pools
        audited += 50;
        writeMs = [];
        const runs: Record<'off' | 'on', Array<{ ms: number[]; wall: number }>> = { off: [], on: [] };
        const cpu: Record<'off' | 'on', { node: number; pg: Record<string, number> }> = { off: { node: 0, pg: {} }, on: { node: 0, pg: {} } };
        const perRound = Math.ceil(READS / ROUNDS);
        for (let r = 0; r < ROUNDS; r++) {
          // Alternate which goes first so drift (the machine is shared) falls on both.
          for (const m of r % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
            const before = await cpuNow(admin, dbName);
            runs[m].push(await drive(perRound, workers, (i) => read(modes[m], i)));
            cpuAdd(cpu[m], before, await cpuNow(admin, dbName));
          }
          audited += perRound;
        }
        // Per read, in ms of CPU. The audit connections work for the audited reads only (their drainer's
        // last batch may fall into the next unaudited round): their CPU in both modes counts for those.
        const n = perRound * ROUNDS;
        const per = (s: number) => ((s * 1000) / n).toFixed(2).padStart(9);
        const auditPg = (k: string) => (cpu.on.pg[k] ?? 0) + (cpu.off.pg[k] ?? 0);
        const sortedWrites = writeMs.sort((a, b) => a - b);
        const durable = `${percentile(sortedWrites, 50).toFixed(2)} / ${percentile(sortedWrites, 99).toFixed(2)}`;
        for (const m of ['off', 'on'] as const) {
          cpuRows.push(
            `${label.padEnd(16)}${String(workers).padStart(6)}${(m === 'on' ? 'audited' : 'unaudited').padStart(10)}${per(cpu[m].node)}${per(cpu[m].pg['bench-reads'] ?? 0)}${per(m === 'on' ? auditPg('bench-audit-write') : 0)}${per(m === 'on' ? auditPg('bench-audit-chain') : 0)}${m === 'on' ? `${durable}`.padStart(16) : ''}`,
          );
        }
        const off = figures(runs.off);
        const on = figures(runs.on);
        for (const [m, f] of [
          ['unaudited', off],
          ['audited', on],
        ] as const) {
          process.stdout.write(
            `${label.padEnd(16)}${String(workers).padStart(6)}${m.padStart(10)}${f.perSecond.toFixed(0).padStart(10)}${f.p50.toFixed(2).padStart(9)}${f.p99.toFixed(2).padStart(9)}\n`,
          );
        }
        ratios.push(
          `${label.padEnd(16)}${String(workers).padStart(6)}${`${(on.perSecond / off.perSecond).toFixed(2)}×`.padStart(12)}${`${(on.p50 / off.p50).toFixed(2)}×`.padStart(10)}${`${(on.p99 / off.p99).toFixed(2)}×`.padStart(10)}`,
        );
      }
    }
    process.stdout.write(
      `\naudited / unaudited\n${'scenario'.padEnd(16)}${'conc.'.padStart(6)}${'reads/s'.padStart(12)}${'p50'.padStart(10)}${'p99'.padStart(10)}\n`,
    );
    process.stdout.write(`${ratios.join('\n')}\n`);
    process.stdout.write(
      `\nCPU per read, ms (this process — reads and drainer alike —; PostgreSQL: the reads' connections, the audit writer's, the drainer's)\n${'scenario'.padEnd(16)}${'conc.'.padStart(6)}${'mode'.padStart(10)}${'node'.padStart(9)}${'pg read'.padStart(9)}${'pg write'.padStart(9)}${'pg chain'.padStart(9)}${'write p50/p99 ms'.padStart(18)}\n${cpuRows.join('\n')}\n`,
    );

    await writer.stop();
    const check = await verifyAuditChain((q, p) => owner.query(q, p));
    if (!check.ok || check.count !== audited) throw new Error(`audit log after the run: ${JSON.stringify(check)}, expected ${audited} entries`);
    process.stdout.write(
      `\naudit log: ${check.count.toLocaleString('en')} entries, written durably in ${writer.written.batches.toLocaleString('en')} group commits, chained in ${writer.stats.batches.toLocaleString('en')} transactions, chain intact; total run ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
    );
  } finally {
    for (const d of open.reverse()) if (d.isInitialized) await d.destroy().catch(() => undefined);
    // The app role's backends go a moment after their clients (the owner may not end them): bounded wait.
    for (let i = 0; i < 50; i++) {
      const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, [dbName]);
      if ((rows[0] as { n: number }).n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`case-reads benchmark failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
