import type { EntityManager } from 'typeorm';
import { CONTRIBUTION_FIELDS, type Contribution, type RollupKey } from './case-facts';
import { ROLLUP_COUNT_COLUMNS } from './rollup-columns';

/**
 * `insights.subtree_rollups`: the rollups summed for every unit over its whole subtree (keyed by the
 * unit's materialised path, `/` for everything), by kind, category and period — a China day, and
 * the month it lies in. A statistics query reads one unit's rows: its months in the window, and days
 * only at the window's edges, however many units lie below it (docs/metrics.md, "How the read model
 * works"). Invariant: a row holds the sum of `insights.rollups` over the units whose current path in
 * `insights.org_units` passes through its path, for the days of its period.
 */
export type Grain = 'day' | 'month';

/** A unit's subtree rows are kept at these paths: everything (`/`), then each unit on its path, itself last. */
export function pathPrefixes(path: string): string[] {
  const codes = path.split('/').filter(Boolean);
  return ['/', ...codes.map((_, i) => `/${codes.slice(0, i + 1).join('/')}/`)];
}

/** The first day of a China date's month (`2026-03-17` → `2026-03-01`). */
export const monthOf = (day: string) => `${day.slice(0, 8)}01`;

/** The first day of the month after a China date's month. */
export function nextMonth(day: string): string {
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

export interface PeriodRange {
  grain: Grain;
  /** China dates, `[from, to)`; absent: open. */
  from?: string;
  to?: string;
}

/**
 * Whole China days `[from, to)` as the fewest rows to read: whole months as month rows, and the
 * days before the first whole month and after the last as day rows. An open bound reads every month
 * on that side.
 */
export function periodRanges(days: { from?: string; to?: string }): PeriodRange[] {
  const firstMonth = days.from === undefined ? undefined : days.from.endsWith('-01') ? days.from : nextMonth(days.from);
  const endMonth = days.to === undefined ? undefined : monthOf(days.to);
  if (firstMonth !== undefined && endMonth !== undefined && firstMonth >= endMonth) return [{ grain: 'day', from: days.from, to: days.to }];
  const out: PeriodRange[] = [];
  if (days.from !== undefined && days.from < firstMonth!) out.push({ grain: 'day', from: days.from, to: firstMonth });
  out.push({ grain: 'month', from: firstMonth, to: endMonth });
  if (days.to !== undefined && endMonth! < days.to) out.push({ grain: 'day', from: endMonth, to: days.to });
  return out;
}

/**
 * A SELECT of a subtree's rows over whole days (`path` and the period bounds as parameters pushed
 * onto `params`): one index range per period range, so its cost is the number of months and edge
 * days, not of the units below.
 */
export function subtreeRowsSql(path: string, days: { from?: string; to?: string }, params: unknown[], columns: string, extra = ''): string {
  const p = `$${params.push(path)}`;
  return periodRanges(days)
    .map((r) => {
      const where = [`s.path = ${p}`, `s.grain = $${params.push(r.grain)}`];
      if (r.from !== undefined) where.push(`s.period >= $${params.push(r.from)}`);
      if (r.to !== undefined) where.push(`s.period < $${params.push(r.to)}`);
      return `SELECT ${columns} FROM insights.subtree_rollups s WHERE ${where.join(' AND ')}${extra}`;
    })
    .join(' UNION ALL ');
}

interface Cell {
  path: string;
  grain: Grain;
  period: string;
  kind: string;
  category: string;
  counts: Contribution;
}

const cellOrder = (a: Cell, b: Cell) => {
  for (const k of ['path', 'grain', 'period', 'kind', 'category'] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  return 0;
};

async function upsert(m: EntityManager, cells: Cell[]): Promise<void> {
  if (cells.length === 0) return;
  const cols = ROLLUP_COUNT_COLUMNS.map(([, c]) => c);
  // In one sorted statement: every event locks the rows it shares with others (the root's, the
  // city's) in the same order, so two events never wait on each other crosswise.
  await m.query(
    `INSERT INTO insights.subtree_rollups (path, grain, period, kind, category, ${cols.join(', ')})
     SELECT path, grain, period, kind, category, ${cols.join(', ')}
     FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[], ${cols.map((_, i) => `$${i + 6}::bigint[]`).join(', ')})
       WITH ORDINALITY AS c(path, grain, period, kind, category, ${cols.join(', ')}, ord)
     ORDER BY ord
     ON CONFLICT (path, grain, period, kind, category) DO UPDATE SET ${cols.map((c) => `${c} = insights.subtree_rollups.${c} + EXCLUDED.${c}`).join(', ')}`,
    [
      cells.map((c) => c.path),
      cells.map((c) => c.grain),
      cells.map((c) => c.period),
      cells.map((c) => c.kind),
      cells.map((c) => c.category),
      ...ROLLUP_COUNT_COLUMNS.map(([f]) => cells.map((c) => c.counts[f])),
    ],
  );
}

/**
 * The subtree rows a set of rollup changes touches: each change at every prefix of its unit's path
 * (`paths`), for its day and its month; changes landing on one row are summed, rows that net to
 * nothing dropped, the rest in a fixed order.
 */
export function subtreeCells(deltas: Array<{ key: RollupKey; counts: Contribution }>, paths: Map<string, string>): Cell[] {
  const cells = new Map<string, Cell>();
  for (const d of deltas) {
    const path = paths.get(d.key.orgUnit);
    if (path === undefined) continue;
    for (const prefix of pathPrefixes(path))
      for (const [grain, period] of [
        ['day', d.key.day],
        ['month', monthOf(d.key.day)],
      ] as const) {
        const id = `${prefix}|${grain}|${period}|${d.key.kind}|${d.key.category}`;
        const cell = cells.get(id);
        if (cell) for (const f of CONTRIBUTION_FIELDS) cell.counts[f] += d.counts[f];
        else cells.set(id, { path: prefix, grain, period, kind: d.key.kind, category: d.key.category, counts: { ...d.counts } });
      }
  }
  return [...cells.values()].filter((c) => CONTRIBUTION_FIELDS.some((f) => c.counts[f] !== 0)).sort(cellOrder);
}

/**
 * Adds rollup changes to the subtrees their units belong to now. The units' rows are read FOR
 * SHARE: a path change (`rememberPath`) updates that row, so it waits for this transaction, or this one
 * for it and then reads the new path — a change is never counted under a path the unit has left.
 * A unit the read model has not placed (not in `org_units`) is in no subtree, as before.
 */
export async function addToSubtrees(m: EntityManager, deltas: Array<{ key: RollupKey; counts: Contribution }>): Promise<void> {
  if (deltas.length === 0) return;
  const codes = [...new Set(deltas.map((d) => d.key.orgUnit))].sort();
  const rows = (await m.query(`SELECT code, path FROM insights.org_units WHERE code = ANY($1::text[]) ORDER BY code FOR SHARE`, [codes])) as Array<{
    code: string;
    path: string;
  }>;
  await upsert(m, subtreeCells(deltas, new Map(rows.map((r) => [r.code, r.path]))));
}

/**
 * A unit's counts moved from the subtrees of `from` to those of `to` (a unit newly placed: `from`
 * null): its own rollups, by day and by month, taken off every prefix it left and added to every
 * prefix it joined. The caller holds the unit's row locked (it has just inserted or updated it).
 */
export async function moveUnitCounts(m: EntityManager, code: string, from: string | null, to: string): Promise<void> {
  const left = from === null ? [] : pathPrefixes(from);
  const joined = pathPrefixes(to);
  const moves = [
    ...left.filter((p) => !joined.includes(p)).map((p) => [p, -1] as const),
    ...joined.filter((p) => !left.includes(p)).map((p) => [p, 1] as const),
  ];
  if (moves.length === 0) return;
  const cols = ROLLUP_COUNT_COLUMNS.map(([, c]) => c);
  await m.query(
    `INSERT INTO insights.subtree_rollups (path, grain, period, kind, category, ${cols.join(', ')})
     SELECT p.path, g.grain, g.period, r.kind, r.category, ${cols.map((c) => `p.sign * sum(r.${c})`).join(', ')}
     FROM insights.rollups r
       CROSS JOIN LATERAL (VALUES ('day', r.day), ('month', date_trunc('month', r.day::timestamp)::date)) AS g(grain, period)
       CROSS JOIN unnest($2::text[], $3::int[]) AS p(path, sign)
     WHERE r.org_unit = $1
     GROUP BY p.path, p.sign, g.grain, g.period, r.kind, r.category
     ORDER BY p.path COLLATE "C", g.grain COLLATE "C", g.period, r.kind COLLATE "C", r.category COLLATE "C"
     ON CONFLICT (path, grain, period, kind, category) DO UPDATE SET ${cols.map((c) => `${c} = insights.subtree_rollups.${c} + EXCLUDED.${c}`).join(', ')}`,
    [code, moves.map(([p]) => p), moves.map(([, s]) => s)],
  );
}

/**
 * The subtree rows computed from scratch out of `rollups` and `org_units` (what the invariant says
 * they hold): the benchmark loads them so, and tests compare the live rows with them.
 */
export function subtreeRollupsFromScratchSql(): string {
  const cols = ROLLUP_COUNT_COLUMNS.map(([, c]) => c);
  return `
    SELECT a.path, g.grain, g.period, r.kind, r.category, ${cols.map((c) => `sum(r.${c}) AS ${c}`).join(', ')}
    FROM insights.rollups r
      JOIN insights.org_units u ON u.code = r.org_unit
      CROSS JOIN LATERAL (
        SELECT '/'::text AS path
        UNION ALL
        SELECT '/' || array_to_string(s.seg[1:n], '/') || '/'
        FROM (SELECT string_to_array(trim(BOTH '/' FROM u.path), '/') AS seg) s, generate_series(1, cardinality(s.seg)) AS n
      ) a
      CROSS JOIN LATERAL (VALUES ('day', r.day), ('month', date_trunc('month', r.day::timestamp)::date)) AS g(grain, period)
    GROUP BY a.path, g.grain, g.period, r.kind, r.category`;
}

/**
 * The rows on which the live subtree rows and the from-scratch ones disagree (rows of zeros aside,
 * which the live table keeps once a count nets to nothing), each marked `live` or `expected`: none
 * while the invariant holds.
 */
export function subtreeRollupsDriftSql(): string {
  const cols = ROLLUP_COUNT_COLUMNS.map(([, c]) => c);
  const nonZero = cols.map((c) => `${c} <> 0`).join(' OR ');
  const select = `SELECT path, grain, period::text AS period, kind, category, ${cols.map((c) => `${c}::numeric AS ${c}`).join(', ')}`;
  const live = `${select} FROM insights.subtree_rollups WHERE ${nonZero}`;
  const expected = `${select} FROM (${subtreeRollupsFromScratchSql()}) s WHERE ${nonZero}`;
  return `SELECT 'live' AS side, * FROM (${live} EXCEPT ALL ${expected}) a
    UNION ALL SELECT 'expected' AS side, * FROM (${expected} EXCEPT ALL ${live}) b`;
}

/** Recomputes every subtree row from the rollups and the units' paths (after a bulk replay). */
export async function refillSubtreeRollups(m: EntityManager): Promise<void> {
  const cols = ROLLUP_COUNT_COLUMNS.map(([, c]) => c);
  await m.query(`DELETE FROM insights.subtree_rollups`);
  await m.query(`INSERT INTO insights.subtree_rollups (path, grain, period, kind, category, ${cols.join(', ')}) ${subtreeRollupsFromScratchSql()}`);
}
