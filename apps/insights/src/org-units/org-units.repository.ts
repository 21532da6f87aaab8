import type { DataSource } from 'typeorm';

/** The org units insights has seen on events, with their materialised paths. */
export class OrgUnitsRepository {
  constructor(private readonly ds: DataSource) {}

  async path(code: string): Promise<string | undefined> {
    const rows = (await this.ds.query(`SELECT path FROM insights.org_units WHERE code = $1`, [code])) as { path: string }[];
    return rows[0]?.path;
  }
}

/** Is the unit at `path` the unit `code` or below it? By path segment, never by code prefix. */
export function pathWithin(path: string, code: string): boolean {
  return path.split('/').includes(code);
}

/** A LIKE pattern for "starts with `path`" (escaped), so a path-prefix index can serve it. */
export const likePrefix = (path: string) => `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
