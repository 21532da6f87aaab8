import type { DataSource } from 'typeorm';
import type { OrgUnitUpsertedData } from '@fengqiao/contracts';

/** Writes one announced unit into mediation's copy of the tree; a repeat changes nothing. */
export async function applyOrgUnit(ds: DataSource, u: OrgUnitUpsertedData): Promise<void> {
  await ds.query(
    `INSERT INTO mediation.org_units (code, parent_code, path) VALUES ($1, $2, $3)
     ON CONFLICT (code) DO UPDATE SET parent_code = EXCLUDED.parent_code, path = EXCLUDED.path
     WHERE (mediation.org_units.parent_code, mediation.org_units.path) IS DISTINCT FROM (EXCLUDED.parent_code, EXCLUDED.path)`,
    [u.code, u.parent, u.path],
  );
}
