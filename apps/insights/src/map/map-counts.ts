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

/**
 * Where each group counts on the map: a grid drawn on the map takes the cases whose location names it,
 * a unit drawn takes the cases of its subtree, and what falls in none is `elsewhere` (a case of the unit
 * itself, or one naming no grid drawn). Every child gets counts, zero when nothing falls in it.
 */
export function mapCounts(
  rows: readonly MapRow[],
  children: readonly Pick<OrgUnitShape, 'code' | 'level'>[],
): { byCode: Map<string, UnitCounts>; elsewhere: UnitCounts } {
  const byCode = new Map(children.map((c) => [c.code, blank()]));
  const grids = new Set(children.filter((c) => c.level === 'grid').map((c) => c.code));
  const elsewhere = blank();
  for (const r of rows) {
    const code = r.gridCode !== null && grids.has(r.gridCode) ? r.gridCode : byCode.has(r.below) ? r.below : undefined;
    const at = code === undefined ? elsewhere : byCode.get(code)!;
    at.open[r.warning] += r.open;
    at.complaints += r.complaints;
  }
  return { byCode, elsewhere };
}

export const totalOf = (open: Record<WarningColour, number>) => open.green + open.yellow + open.red;
