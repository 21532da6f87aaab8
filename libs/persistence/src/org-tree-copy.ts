import type { DataSource } from 'typeorm';
import { ExpiringLoad } from './expiring-load';

/** What a query runs on: a DataSource, or the EntityManager of a transaction (e.g. one opened in a row-security scope). */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** One unit as intake announces it (`org-unit.upserted`): its code, its parent's, and its path of codes from the root. */
export interface AnnouncedUnit {
  code: string;
  parent: string | null;
  path: string;
}

// Schema and table names are spliced into SQL: only plain lower-case identifiers from the services' own code.
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a plain SQL identifier: ${JSON.stringify(name)}`);
  return name;
}

/**
 * A service's copy of the org tree (`<schema>.org_units`, kept by the org tree feed): read often,
 * changed rarely, so cached briefly in memory; `forget` after a change makes the next read load it again.
 */
export class OrgTreeCopy {
  private readonly units: ExpiringLoad<Map<string, string>>;

  constructor(ds: DataSource, schema: string, ttlMs = 30_000) {
    const sql = `SELECT code, path FROM ${identifier(schema)}.org_units`;
    this.units = new ExpiringLoad(async () => new Map(((await ds.query(sql)) as { code: string; path: string }[]).map((u) => [u.code, u.path])), ttlMs);
  }

  forget(): void {
    this.units.clear();
  }

  /** The unit's path of codes from the root, or undefined while the copy does not hold it. */
  async path(code: string): Promise<string | undefined> {
    return (await this.units.get()).get(code);
  }
}

/**
 * Writes one announced unit into `<schema>.org_units` (a repeat changes nothing), then gives the rows of
 * `filedAt` tables registered at that unit its current path, so rows filed before their unit arrived (or
 * whose unit moved) are seen from the unit's subtree.
 */
export async function copyOrgUnit(q: Queryable, schema: string, u: AnnouncedUnit, filedAt: readonly string[] = []): Promise<void> {
  const s = identifier(schema);
  await q.query(
    `INSERT INTO ${s}.org_units (code, parent_code, path) VALUES ($1, $2, $3)
     ON CONFLICT (code) DO UPDATE SET parent_code = EXCLUDED.parent_code, path = EXCLUDED.path
     WHERE (${s}.org_units.parent_code, ${s}.org_units.path) IS DISTINCT FROM (EXCLUDED.parent_code, EXCLUDED.path)`,
    [u.code, u.parent, u.path],
  );
  for (const t of filedAt)
    await q.query(`UPDATE ${s}.${identifier(t)} SET org_path = $2 WHERE org_unit = $1 AND org_path IS DISTINCT FROM $2`, [u.code, u.path]);
}
