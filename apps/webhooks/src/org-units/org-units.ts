import type { DataSource } from 'typeorm';
import type { OrgUnitUpsertedData } from '@fengqiao/contracts';
import { ExpiringLoad } from '@fengqiao/persistence';

/** Writes one announced unit into the webhooks service's copy of the org tree; a repeat changes nothing. */
export async function applyOrgUnit(ds: DataSource, u: Pick<OrgUnitUpsertedData, 'code' | 'parent' | 'path'>): Promise<void> {
  await ds.query(
    `INSERT INTO webhooks.org_units (code, parent_code, path) VALUES ($1, $2, $3)
     ON CONFLICT (code) DO UPDATE SET parent_code = EXCLUDED.parent_code, path = EXCLUDED.path`,
    [u.code, u.parent, u.path],
  );
}

/** The copy, read often and changed rarely, so cached briefly in memory. */
export class OrgUnits {
  private readonly units: ExpiringLoad<Map<string, string>>;

  constructor(ds: DataSource, ttlMs = 30_000) {
    this.units = new ExpiringLoad(async () => {
      const rows = (await ds.query(`SELECT code, path FROM webhooks.org_units`)) as Array<{ code: string; path: string }>;
      return new Map(rows.map((r) => [r.code, r.path]));
    }, ttlMs);
  }

  forget(): void {
    this.units.clear();
  }

  async path(code: string): Promise<string | undefined> {
    return (await this.units.get()).get(code);
  }
}
