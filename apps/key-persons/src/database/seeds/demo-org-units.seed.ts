import type { DataSource } from 'typeorm';

/**
 * The demo county's tree (docs/demo-county.md), a copy of intake's list (services share no code):
 * the jurisdiction rule works before the org-tree feed has caught up.
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

function pathOf(code: string): string {
  const parents = new Map<string, string | null>(DEMO_ORG_UNITS.map((u) => [u.code, u.parent]));
  const codes: string[] = [];
  for (let c: string | null | undefined = code; c; c = parents.get(c)) codes.unshift(c);
  return `/${codes.join('/')}/`;
}

/** Inserts the units that are missing (parents first); returns how many were new. */
export async function seedDemoOrgUnits(ds: DataSource): Promise<number> {
  let added = 0;
  for (const u of DEMO_ORG_UNITS) {
    const rows = (await ds.query(
      `INSERT INTO key_persons.org_units (code, parent_code, path) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING code`,
      [u.code, u.parent, pathOf(u.code)],
    )) as unknown[];
    added += rows.length;
  }
  return added;
}
