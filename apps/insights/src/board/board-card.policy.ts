import type { BoardLegalAidTile, BoardReason, BoardView, WarningColour } from '@fengqiao/contracts';
import { ratio } from '../stats/stats-metrics';
import { pathCodes, pathHasUnit } from '@fengqiao/rules';

export type BoardRules = BoardView['rules'];

/** What one unit's card is decided from: its subtree's open cases by colour and recent complaints. */
export interface UnitCounts {
  open: Record<WarningColour, number>;
  complaints: number;
}

export const NO_COUNTS: UnitCounts = { open: { green: 0, yellow: 0, red: 0 }, complaints: 0 };

/**
 * A unit's own card (三色预警): red for overdue cases or a complaint cluster, yellow for late
 * reporting (open cases whose clock passed its yellow point), green otherwise.
 */
export function cardOf(c: UnitCounts, rules: BoardRules): { card: WarningColour; reasons: BoardReason[] } {
  const red: BoardReason[] = [];
  if (c.open.red >= rules.redOverdueMin) red.push('overdue');
  if (c.complaints >= rules.complaintClusterMin) red.push('complaint-cluster');
  if (red.length) return { card: 'red', reasons: red };
  if (c.open.yellow >= rules.yellowLateMin) return { card: 'yellow', reasons: ['late-reporting'] };
  return { card: 'green', reasons: [] };
}

/** Codes on a materialised path, root first (`/621100/621102/` → ['621100', '621102']): the jurisdiction rule's own. */
export { pathCodes };

/**
 * Subtree totals: each unit's own counts added to itself and to every unit above it on its path,
 * down to the unit asked about (`root`). Units outside `root`'s subtree are ignored.
 */
export function subtreeTotals(root: string, paths: Map<string, string>, own: Map<string, UnitCounts>): Map<string, UnitCounts> {
  const totals = new Map<string, UnitCounts>();
  for (const [code, path] of paths) if (pathHasUnit(path, root)) totals.set(code, { open: { ...NO_COUNTS.open }, complaints: 0 });
  for (const [code, counts] of own) {
    const codes = pathCodes(paths.get(code) ?? `/${code}/`);
    const from = codes.indexOf(root);
    if (from < 0) continue;
    for (const above of codes.slice(from)) {
      const t = totals.get(above);
      if (!t) continue;
      t.open.green += counts.open.green;
      t.open.yellow += counts.open.yellow;
      t.open.red += counts.open.red;
      t.complaints += counts.complaints;
    }
  }
  return totals;
}

/** What the legal-aid tile is made of (the subtree of the unit asked about). */
export interface LegalAidCounts {
  underReview: number;
  awaitingMaterials: number;
  red: number;
  /** Decisions on the legal-aid cases registered this month. */
  granted: number;
  refused: number;
}

export const NO_LEGAL_AID_COUNTS: LegalAidCounts = { underReview: 0, awaitingMaterials: 0, red: 0, granted: 0, refused: 0 };

/** The board's legal-aid tile: the counts, this month's grant rate as `/stats` computes it, and each count's case list. */
export function legalAidTile(orgUnit: string, month: string, c: LegalAidCounts): BoardLegalAidTile {
  const list = (q: Record<string, string>) => `/api/v1/cases?${new URLSearchParams({ orgUnit, kind: 'legal-aid', ...q })}`;
  return {
    underReview: c.underReview,
    awaitingMaterials: c.awaitingMaterials,
    red: c.red,
    month,
    decided: c.granted + c.refused,
    grantRate: ratio(BigInt(c.granted), BigInt(c.granted + c.refused)),
    cases: {
      underReview: list({ status: 'legal-aid-review' }),
      awaitingMaterials: list({ status: 'awaiting-materials' }),
      red: list({ open: 'true', warning: 'red' }),
    },
  };
}
