import type { OrgUnitShape, WarningColour } from '@fengqiao/contracts';
import { NO_COUNTS, type UnitCounts } from '../board/board-card.policy';

/**
 * One group of the read model's cases under the unit asked about: the code right below it on the case's
 * path (`''` for a case of the unit itself), the grid its location names, and how many are open in each
 * colour or recent complaints.
 */
export interface MapRow {
  below: string;
  gridCode: string | null;
  warning: WarningColour;
  open: number;
  complaints: number;
}

const blank = (): UnitCounts => ({ open: { ...NO_COUNTS.open }, complaints: 0 });

/** One group of the cases naming a grid drawn on the map: the grid, the case's path (for the caller's jurisdiction), colour, counts. */
export interface GridRow {
  gridCode: string;
  orgPath: string;
  warning: WarningColour;
  open: number;
  complaints: number;
}

/**
 * Where each group counts on the map: a grid drawn on the map takes the cases whose location names it
 * (`gridRows`, already narrowed to the caller's jurisdiction, wherever in it they were registered), a unit
 * drawn takes the cases of its subtree, and what falls in none is `elsewhere` (a case of the unit itself,
 * or one naming no grid drawn). Every child gets counts, zero when nothing falls in it.
 */
export function mapCounts(
  rows: readonly MapRow[],
  gridRows: readonly GridRow[],
  children: readonly Pick<OrgUnitShape, 'code' | 'level'>[],
): { byCode: Map<string, UnitCounts>; elsewhere: UnitCounts } {
  const byCode = new Map(children.map((c) => [c.code, blank()]));
  const grids = new Set(children.filter((c) => c.level === 'grid').map((c) => c.code));
  const elsewhere = blank();
  const add = (at: UnitCounts, r: { warning: WarningColour; open: number; complaints: number }) => {
    at.open[r.warning] += r.open;
    at.complaints += r.complaints;
  };
  for (const r of gridRows) if (grids.has(r.gridCode)) add(byCode.get(r.gridCode)!, r);
  for (const r of rows) {
    if (r.gridCode !== null && grids.has(r.gridCode)) continue; // counted in its grid above
    add(byCode.get(r.below) ?? elsewhere, r);
  }
  return { byCode, elsewhere };
}

export const totalOf = (open: Record<WarningColour, number>) => open.green + open.yellow + open.red;
