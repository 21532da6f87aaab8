import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { CHINA_OFFSET_MS, DAY_MS } from '@fengqiao/calendar';
import { parseStatsInstant } from '@fengqiao/contracts';
import { createServiceDataSource, migrate, withDatabase } from '@fengqiao/persistence';
import { insightsMigrations } from '../../apps/insights/src/database/insights.migrations';
import { INSIGHTS_SCHEMA } from '../../apps/insights/src/config/insights.config';
import { StatsRepository, type StatsScope } from '../../apps/insights/src/stats/stats.repository';
import { statsFromTotals } from '../../apps/insights/src/stats/stats-metrics';
import { FACT_COLUMNS, factsFromRow, ROLLUP_COUNT_COLUMNS } from '../../apps/insights/src/projection/case-projector';
import { subtreeRollupsFromScratchSql } from '../../apps/insights/src/projection/subtree-rollups';
import { contribution, CONTRIBUTION_FIELDS, type Contribution, type RollupKey } from '../../apps/insights/src/projection/case-facts';
import { benchKeyPersons, loadKeyPersons } from './key-person-benchmark';

/**
 * `npx nx run insights:benchmark` (not a test): 1,000,000 cases in a throwaway database's read
 * model, then the p50/p95 latency of a year's statistics for a township, a county and a city
 * through insights' own query code (rollups built by the projector's contribution code), against a
 * plain SQL aggregate over the raw case facts holding the same data; both must give the same figures.
 * Then the key-person figures over BENCH_KEY_PERSONS people on the register (key-person-benchmark.ts).
 * Environment (docs/benchmarks.md): BENCH_CASES, BENCH_COUNTIES and BENCH_TOWNS (per county) set the
 * size; BENCH_RUNS and BENCH_RAW_RUNS the repetitions; BENCH_KEEP=1 keeps the database (its name is
 * printed) and BENCH_DB=<name> measures such a kept database again after migrating it, without loading.
 */
const CASES = Number(process.env['BENCH_CASES'] ?? 1_000_000);
const KEY_PERSONS = Number(process.env['BENCH_KEY_PERSONS'] ?? 30_000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 30);
// The raw aggregate reads every case of the subtree: at tens of millions, a few runs say enough.
const RAW_RUNS = Number(process.env['BENCH_RAW_RUNS'] ?? RUNS);
const KEEP = process.env['BENCH_KEEP'] === '1';
const REUSE = process.env['BENCH_DB'];
const ADMIN_URL = process.env['MIGRATION_DATABASE_URL'] ?? process.env['DATABASE_URL'] ?? 'postgres://fengqiao:fengqiao@127.0.0.1:5432/fengqiao';

const CITY = '621100';
const COUNTIES = Array.from({ length: Number(process.env['BENCH_COUNTIES'] ?? 7) }, (_, i) => `6211${String(i + 2).padStart(2, '0')}`);
const TOWNS_PER_COUNTY = Number(process.env['BENCH_TOWNS'] ?? 15);
const FROM = '2025-01-01';
const TO = '2026-01-01';

/** The raw aggregate: every figure of docs/metrics.md straight from the case rows of the subtree. */
const RAW_SQL = `
  SELECT count(*)::text AS received,
    count(*) FILTER (WHERE status = 'closed')::text AS closed,
    count(*) FILTER (WHERE status = 'closed' AND resolved_at_first_contact)::text AS "resolvedAtFirstContact",
    count(*) FILTER (WHERE mediated)::text AS mediated,
    count(*) FILTER (WHERE mediated AND outcome = 'agreement')::text AS "mediationSucceeded",
    count(*) FILTER (WHERE (status = 'closed' AND resolved_at_first_contact) OR outcome = 'agreement')::text AS resolved,
    count(*) FILTER (WHERE status = 'closed' AND NOT ever_overdue)::text AS "closedOnTime",
    count(first_reply_at)::text AS "firstReplyCount",
    coalesce(sum(greatest(0, floor(extract(epoch FROM first_reply_at - registered_at) * 1000))), 0)::bigint::text AS "firstReplyMsSum",
    coalesce(sum(ratings), 0)::text AS ratings, coalesce(sum(ratings_satisfied), 0)::text AS "ratingsSatisfied",
    count(*) FILTER (WHERE status <> 'closed' AND warning = 'green')::text AS "openGreen",
    count(*) FILTER (WHERE status <> 'closed' AND warning = 'yellow')::text AS "openYellow",
    count(*) FILTER (WHERE status <> 'closed' AND warning = 'red')::text AS "openRed"
  FROM insights.case_facts WHERE org_path LIKE $1 AND registered_at >= $2 AND registered_at < $3`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < Math.min(3, runs); i++) await fn(); // warm-up: plans and caches
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

async function load(db: Client): Promise<void> {
  const units: Array<[string, string]> = [[CITY, `/${CITY}/`]];
  const towns: Array<[string, string]> = [];
  for (const c of COUNTIES) {
    units.push([c, `/${CITY}/${c}/`]);
    for (let t = 0; t < TOWNS_PER_COUNTY; t++) towns.push([`${c}${String(100 + t)}`, `/${CITY}/${c}/${c}${String(100 + t)}/`]);
  }
  units.push(...towns);
  await db.query(`INSERT INTO insights.org_units (code, path) SELECT * FROM unnest($1::text[], $2::text[])`, [units.map((u) => u[0]), units.map((u) => u[1])]);
  await db.query(
    `CREATE TEMP TABLE towns AS SELECT (ord - 1)::int AS i, code, path FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(code, path, ord)`,
    [towns.map((t) => t[0]), towns.map((t) => t[1])],
  );
  // Outcome mix in the seeds' proportions: about half mediated, 82 % of those to agreement,
  // 98 % closed, a third of cases answered and settled on the spot, some overdue, some rated.
  // Case ids count up with g, so the primary key grows at its right edge (random ids would make 24 M
  // random index inserts); slices of FACTS_SLICE keep each statement's transaction bounded.
  let t = performance.now();
  for (let start = 0; start < CASES; start += FACTS_SLICE) {
    await db.query(
      `
      INSERT INTO insights.case_facts (case_id, org_unit, org_path, kind, category, registered_at, last_seq, status, outcome, warning,
        resolved_at_first_contact, mediated, ever_overdue, first_reply_at, rating, ratings, ratings_satisfied, closed_at)
      SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, t.code, t.path,
        CASE WHEN (g / 7) % 10 = 0 THEN 'consultation' ELSE 'dispute' END,
        (ARRAY['neighbour', 'land', 'family', 'labour', 'other'])[1 + (g / ${towns.length}) % 5],
        ts, 8,
        CASE WHEN g % 50 = 0 THEN 'mediation' ELSE 'closed' END,
        CASE WHEN r < 42 THEN 'agreement' WHEN r < 51 THEN 'failed' WHEN r < 85 THEN 'resolved-at-first-contact' ELSE NULL END,
        CASE WHEN g % 7 = 0 THEN 'red' WHEN g % 7 = 1 THEN 'yellow' ELSE 'green' END,
        r >= 51 AND r < 85, r < 51, g % 23 = 0,
        CASE WHEN r >= 51 THEN ts + make_interval(mins => g % 480) END,
        CASE WHEN g % 3 = 0 THEN 1 + g % 5 END,
        CASE WHEN g % 3 = 0 THEN 1 ELSE 0 END,
        CASE WHEN g % 3 = 0 AND 1 + g % 5 >= 4 THEN 1 ELSE 0 END,
        CASE WHEN g % 50 <> 0 THEN ts + interval '3 days' END
      FROM generate_series($2::int, least($2::int + $3::int, $1::int) - 1) AS g
      CROSS JOIN LATERAL (SELECT ((g::bigint * 7919) % 100)::int AS r, timestamptz '2025-01-01 00:00+08' + (g::float8 / $1 * 365) * interval '1 day' AS ts) AS x
      JOIN towns t ON t.i = g % ${towns.length}`,
      [CASES, start, FACTS_SLICE],
    );
  }
  t = phase('case facts (generate_series)', t);
  await buildRollups(db);
  t = phase("rollups (the projector's contribution, day by day)", t);
  // Each unit's rollups summed up its path, by day and by month, as the projection keeps them.
  const cols = ROLLUP_COUNT_COLUMNS.map(([, c]) => c);
  await db.query(`INSERT INTO insights.subtree_rollups (path, grain, period, kind, category, ${cols.join(', ')}) ${subtreeRollupsFromScratchSql()}`);
  t = phase("subtree rollups (from the rollups and the units' paths)", t);
  // The raw aggregate gets the index it would want (subtree by path, then the window).
  await db.query(`CREATE INDEX bench_facts_path_idx ON insights.case_facts (org_path text_pattern_ops, registered_at)`);
  await db.query(`VACUUM ANALYZE insights.case_facts`);
  await db.query(`VACUUM ANALYZE insights.rollups`);
  await db.query(`VACUUM ANALYZE insights.subtree_rollups`);
  await db.query(`VACUUM ANALYZE insights.org_units`);
  t = phase('raw index, vacuum and analyze', t);
  await loadKeyPersons(db, KEY_PERSONS);
  phase('key persons', t);
}

const FACTS_SLICE = 2_000_000;

function phase(label: string, since: number): number {
  const now = performance.now();
  process.stdout.write(`  ${label}: ${((now - since) / 1000).toFixed(1)} s\n`);
  return now;
}

/**
 * The rollups as the projection builds them: each case's contribution comes from the projector's
 * own code (`contribution`), summed per key in memory and written with one insert per China day —
 * the same rows millions of live upserts would leave, without the hours. A key's day is its case's
 * registration day, so reading the facts day by day finishes each key before it is written, and
 * memory holds one day. The raw SQL below is written from docs/metrics.md independently, so the
 * two agreeing checks the projector, not SQL against itself.
 */
async function buildRollups(db: Client): Promise<void> {
  const columns = FACT_COLUMNS.split(',')
    .map((c) => c.trim())
    .join(', ');
  const cols = ROLLUP_COUNT_COLUMNS.map(([, c]) => c);
  const { rows: range } = await db.query(`SELECT min(registered_at) AS first, max(registered_at) AS last FROM insights.case_facts`);
  if (!range[0].first) return;
  const firstDay = Math.floor((range[0].first.getTime() + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
  for (let day = firstDay; day <= range[0].last.getTime(); day += DAY_MS) {
    const sums = new Map<string, { key: RollupKey; counts: Contribution }>();
    const { rows } = await db.query(`SELECT ${columns} FROM insights.case_facts WHERE registered_at >= $1 AND registered_at < $2`, [
      new Date(day),
      new Date(day + DAY_MS),
    ]);
    for (const row of rows) {
      const c = contribution(factsFromRow(row));
      if (!c) continue;
      const id = `${c.key.orgUnit}|${c.key.kind}|${c.key.category}|${c.key.day}`;
      const sum = sums.get(id);
      if (sum) for (const f of CONTRIBUTION_FIELDS) sum.counts[f] += c.counts[f];
      else sums.set(id, { key: c.key, counts: { ...c.counts } });
    }
    if (sums.size === 0) continue;
    const all = [...sums.values()];
    await db.query(
      `INSERT INTO insights.rollups (org_unit, kind, category, day, ${cols.join(', ')})
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], ${cols.map((_, i) => `$${i + 5}::bigint[]`).join(', ')})`,
      [
        all.map((a) => a.key.orgUnit),
        all.map((a) => a.key.kind),
        all.map((a) => a.key.category),
        all.map((a) => a.key.day),
        ...ROLLUP_COUNT_COLUMNS.map(([f]) => all.map((a) => a.counts[f])),
      ],
    );
  }
}

async function main() {
  const started = performance.now();
  const dbName = REUSE ?? `fq_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  if (!REUSE) await admin.query(`CREATE DATABASE "${dbName}"`);
  const url = withDatabase(ADMIN_URL, dbName);
  const ds = createServiceDataSource({ url, schema: INSIGHTS_SCHEMA, entities: [], migrations: insightsMigrations, poolSize: 2 });
  const db = new Client({ connectionString: url });
  try {
    let t = performance.now();
    // A kept database gets the migrations written since it was loaded, as a deployment would.
    const ran = await migrate(ds, INSIGHTS_SCHEMA);
    await db.connect();
    if (REUSE)
      process.stdout.write(`database ${dbName} reused; migrations run now: ${ran.join(', ') || 'none'} (${((performance.now() - t) / 1000).toFixed(1)} s)\n`);
    else {
      process.stdout.write(`loading ${CASES.toLocaleString('en')} cases over ${COUNTIES.length} counties × ${TOWNS_PER_COUNTY} towns into ${dbName}\n`);
      t = performance.now();
      await load(db);
      process.stdout.write(`loaded in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    }
    const [{ rows }] = [
      await db.query(
        `SELECT (SELECT count(*) FROM insights.case_facts)::int AS facts, (SELECT count(*) FROM insights.rollups)::int AS rollups,
           (SELECT count(*) FROM insights.subtree_rollups)::int AS subtree,
           (SELECT count(*) FROM insights.org_units)::int AS units, pg_size_pretty(pg_database_size(current_database())) AS size`,
      ),
    ];
    process.stdout.write(
      `${rows[0].facts.toLocaleString('en')} cases, ${rows[0].units.toLocaleString('en')} units, ${rows[0].rollups.toLocaleString('en')} rollup rows, ${rows[0].subtree.toLocaleString('en')} subtree rollup rows; database ${rows[0].size}\n`,
    );

    const repo = new StatsRepository(ds);
    const window = { from: parseStatsInstant(FROM)!, to: parseStatsInstant(TO)! };
    const scopes: Array<[string, string]> = [
      ['township', `/${CITY}/${COUNTIES[0]}/${COUNTIES[0]}100/`],
      ['county', `/${CITY}/${COUNTIES[0]}/`],
      ['city', `/${CITY}/`],
    ];
    process.stdout.write(`\nstats over a year (${FROM} … ${TO}), ${RUNS} runs each (raw: ${RAW_RUNS}) after up to 3 warm-up runs, milliseconds\n`);
    process.stdout.write(
      `${'scope'.padEnd(10)}${'cases'.padStart(10)}${'rollups p50'.padStart(13)}${'p95'.padStart(9)}${'raw p50'.padStart(10)}${'p95'.padStart(9)}${'raw/rollups (p50)'.padStart(19)}\n`,
    );
    for (const [label, path] of scopes) {
      const scope: StatsScope = { pathPrefix: path, ...window };
      const viaRollups = statsFromTotals(await repo.totals(scope));
      const raw = (await db.query(RAW_SQL, [`${path}%`, new Date(window.from), new Date(window.to)])).rows[0] as Record<string, string>;
      const viaRaw = statsFromTotals(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, BigInt(v)])) as never);
      if (JSON.stringify(viaRaw) !== JSON.stringify(viaRollups))
        throw new Error(`${label}: rollups and raw disagree\n${JSON.stringify(viaRollups)}\n${JSON.stringify(viaRaw)}`);
      t = performance.now();
      const r = await time(RUNS, () => repo.totals(scope));
      const w = await time(RAW_RUNS, () => db.query(RAW_SQL, [`${path}%`, new Date(window.from), new Date(window.to)]));
      process.stdout.write(
        `${label.padEnd(10)}${viaRollups.received.toLocaleString('en').padStart(10)}${r.p50.toFixed(2).padStart(13)}${r.p95.toFixed(2).padStart(9)}` +
          `${w.p50.toFixed(2).padStart(10)}${w.p95.toFixed(2).padStart(9)}${`${(w.p50 / r.p50).toFixed(1)}×`.padStart(19)}\n`,
      );
    }
    await benchKeyPersons(ds, db, scopes, window, (fn) => time(RUNS, fn));
    process.stdout.write(`\n(both answer identical figures for every scope; total run ${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  } finally {
    await db.end().catch(() => undefined);
    if (ds.isInitialized) await ds.destroy();
    if (KEEP || REUSE) process.stdout.write(`kept database ${dbName} (BENCH_DB=${dbName} measures it again; drop it when done)\n`);
    else await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`stats benchmark failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
