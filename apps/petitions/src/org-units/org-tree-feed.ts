import type { DataSource, EntityManager } from 'typeorm';
import type { OrgUnitUpsertedData } from '@fengqiao/contracts';
import { inScope } from '../database/scope';

/** Writes one announced unit into the petitions copy of the tree; a repeat changes nothing. */
export async function applyOrgUnit(ds: DataSource, u: OrgUnitUpsertedData): Promise<void> {
  await inScope(ds, { kind: 'system' }, async (m) => {
    await applyUnit(m, u);
    // Petitions filed before their unit arrived (or whose unit moved) are seen from the unit's subtree now.
    await m.query(`UPDATE petitions.petitions SET org_path = $2 WHERE org_unit = $1 AND org_path IS DISTINCT FROM $2`, [u.code, u.path]);
  });
}

async function applyUnit(ds: EntityManager, u: OrgUnitUpsertedData): Promise<void> {
  await ds.query(
    `INSERT INTO petitions.org_units (code, parent_code, path) VALUES ($1, $2, $3)
     ON CONFLICT (code) DO UPDATE SET parent_code = EXCLUDED.parent_code, path = EXCLUDED.path
     WHERE (petitions.org_units.parent_code, petitions.org_units.path) IS DISTINCT FROM (EXCLUDED.parent_code, EXCLUDED.path)`,
    [u.code, u.parent, u.path],
  );
}
