import type { OrgUnitView } from '../api/api.types';
/** The codes of `root` and every unit below it (all units when root is null), parents first. */
export function subtreeCodes(orgUnits: OrgUnitView[], root: string | null): string[] {
  if (!root) return orgUnits.map((u) => u.code);
  const inside = new Set([root]);
  // Parents come before their children, so one pass finds the whole subtree.
  for (const u of orgUnits) if (u.parent && inside.has(u.parent)) inside.add(u.code);
  return orgUnits.filter((u) => inside.has(u.code)).map((u) => u.code);
}

/**
 * The mediators who may take a case at `caseUnit`: those of its centre — the unit itself if it
 * has active mediators, else the nearest unit above it that has (as the mediation service picks).
 */
export function centreRoster<M extends { orgUnit: string; active: boolean }>(mediators: M[], orgUnits: OrgUnitView[], caseUnit: string): M[] {
  const parent = new Map(orgUnits.map((u) => [u.code, u.parent]));
  const seen = new Set<string>();
  for (let unit: string | null | undefined = caseUnit; unit && !seen.has(unit); unit = parent.get(unit)) {
    seen.add(unit);
    const here = mediators.filter((m) => m.active && m.orgUnit === unit);
    if (here.length) return here;
  }
  return [];
}
