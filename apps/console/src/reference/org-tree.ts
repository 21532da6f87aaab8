import type { OrgUnitView } from '../api/api.types';
/** The codes of `root` and every unit below it (all units when root is null), parents first. */
export function subtreeCodes(orgUnits: OrgUnitView[], root: string | null): string[] {
  if (!root) return orgUnits.map((u) => u.code);
  const inside = new Set([root]);
  // Parents come before their children, so one pass finds the whole subtree.
  for (const u of orgUnits) if (u.parent && inside.has(u.parent)) inside.add(u.code);
  return orgUnits.filter((u) => inside.has(u.code)).map((u) => u.code);
}
