import type { DataSource } from 'typeorm';
import { CHINA_OFFSET_MS, DAY_MS } from '@fengqiao/calendar';
import { ROLLUP_COUNT_COLUMNS, selectFacts } from '../projection/case-projector';
import { chinaDay, contribution } from '../projection/case-facts';
import { addToTotals, ZERO_TOTALS, type Totals } from './stats-metrics';
import { likePrefix } from '../org-units/org-units.repository';
import { subtreeRowsSql } from '../projection/subtree-rollups';

export interface StatsScope {
  /** Materialised path of the unit whose subtree counts (`/621100/621102/`); `/` for everything. */
  pathPrefix: string;
  kind?: string;
  /** Registration window `[from, to)`, epoch ms; open-ended when absent. */
  from?: number;
  to?: number;
}

/** A China-time midnight at or after / at or before an instant. */
const midnightAtOrAfter = (ms: number) => Math.ceil((ms + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
const midnightAtOrBefore = (ms: number) => Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;

/**
 * How a window splits: whole China days answered by the rollups, and at most two partial days
 * at its edges (a date-time bound inside a day) answered from that day's case facts.
 */
export function splitWindow(from: number | undefined, to: number | undefined): { days?: { from?: string; to?: string }; edges: Array<[number, number]> } {
  const a = from === undefined ? undefined : midnightAtOrAfter(from);
  const b = to === undefined ? undefined : midnightAtOrBefore(to);
  if (a !== undefined && b !== undefined && a >= b) return { edges: [[from!, to!]] };
  const edges: Array<[number, number]> = [];
  if (from !== undefined && a! > from) edges.push([from, a!]);
  if (to !== undefined && b! < to) edges.push([b!, to]);
  return { days: { from: a === undefined ? undefined : chinaDay(a), to: b === undefined ? undefined : chinaDay(b) }, edges };
}

/** Sums for a subtree, kind and window: the subtree's own rollup rows, and the facts of partial days. */
export class StatsRepository {
  constructor(private readonly ds: DataSource) {}

  async totals(s: StatsScope): Promise<Totals> {
    const { days, edges } = splitWindow(s.from, s.to);
    let totals = ZERO_TOTALS;
    if (days) totals = await this.rollupTotals(s, days);
    for (const [from, to] of edges) {
      const params: unknown[] = [likePrefix(s.pathPrefix), new Date(from), new Date(to)];
      if (s.kind) params.push(s.kind);
      const facts = await selectFacts(
        this.ds.manager,
        `JOIN insights.org_units u ON u.code = f.org_unit
         WHERE u.path LIKE $1 AND f.registered_at >= $2 AND f.registered_at < $3${s.kind ? ' AND f.kind = $4' : ''}`,
        params,
      );
      for (const f of facts) {
        const c = contribution(f);
        if (c) totals = addToTotals(totals, c.counts);
      }
    }
    return totals;
  }

  /**
   * Whole days from the subtree rows of the unit asked about (`subtree_rollups`, keyed by its path):
   * its months inside the window and its days at the edges, so the rows read do not grow with the
   * units below it.
   */
  private async rollupTotals(s: StatsScope, days: { from?: string; to?: string }): Promise<Totals> {
    const params: unknown[] = [];
    const cols = ROLLUP_COUNT_COLUMNS.map(([, c]) => c);
    const kind = s.kind ? ` AND s.kind = $${params.push(s.kind)}` : '';
    const rows = subtreeRowsSql(s.pathPrefix, days, params, cols.map((c) => `s.${c}`).join(', '), kind);
    const [row] = (await this.ds.query(
      `SELECT ${ROLLUP_COUNT_COLUMNS.map(([f, c]) => `coalesce(sum(r.${c}), 0)::text AS "${f}"`).join(', ')} FROM (${rows}) r`,
      params,
    )) as Record<string, string>[];
    return Object.fromEntries(ROLLUP_COUNT_COLUMNS.map(([f]) => [f, BigInt(row![f] ?? '0')])) as unknown as Totals;
  }
}
