/**
 * The demo county's seven units of docs/demo-county.md with their parents, for the services' seeds
 * of their copies of the org tree (the jurisdiction rule works before the org-tree feed has caught
 * up; intake announces only the grids it adds beyond these). The webhooks service reads it here;
 * the older services still keep their own copies of the same list.
 */
export const DEMO_ORG_UNITS = [
  { code: '621100', parent: null },
  { code: '621102', parent: '621100' },
  { code: '621102101', parent: '621102' },
  { code: '621102102', parent: '621102' },
  { code: '621102101201', parent: '621102101' },
  { code: '621102101202', parent: '621102101' },
  { code: '621102102201', parent: '621102102' },
] as const;

/** A demo unit's materialised path (`/621100/621102/621102101/`). */
export function demoOrgPath(code: string): string {
  const parents = new Map<string, string | null>(DEMO_ORG_UNITS.map((u) => [u.code, u.parent]));
  const codes: string[] = [];
  for (let c: string | null | undefined = code; c; c = parents.get(c)) codes.unshift(c);
  return `/${codes.join('/')}/`;
}
