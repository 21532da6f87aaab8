import type { DataSource } from 'typeorm';
import type { WarningColour } from '@fengqiao/contracts';
import { likePrefix } from '../org-units/org-units.repository';
import type { GridRow, MapRow } from './map-counts';

/** What the map reads from the read model: the subtree's open cases and recent complaints, grouped. */
export class MapRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Open cases (registered, not closed) and complaints registered since `complaintsFrom` of the subtree at
   * `path`, grouped by the code right below `path`, the grid they name and their colour; `kind` and
   * `category` narrow both.
   */
  async rows(path: string, complaintsFrom: Date, filters: { kind?: string; category?: string }): Promise<MapRow[]> {
    const params: unknown[] = [path, likePrefix(path), complaintsFrom];
    const and: string[] = [];
    if (filters.kind) and.push(`f.kind = $${params.push(filters.kind)}`);
    if (filters.category) and.push(`f.category = $${params.push(filters.category)}`);
    const rows = (await this.ds.query(
      `SELECT split_part(substr(f.org_path, length($1) + 1), '/', 1) AS below, f.grid_code, f.warning,
         count(*) FILTER (WHERE f.status <> 'closed')::int AS open,
         count(*) FILTER (WHERE f.kind = 'complaint' AND f.registered_at >= $3)::int AS complaints
       FROM insights.case_facts f
       WHERE f.org_path LIKE $2 AND f.registered_at IS NOT NULL
         AND (f.status <> 'closed' OR (f.kind = 'complaint' AND f.registered_at >= $3)) ${and.map((c) => `AND ${c}`).join(' ')}
       GROUP BY 1, 2, 3`,
      params,
    )) as { below: string; grid_code: string | null; warning: WarningColour; open: number; complaints: number }[];
    return rows.map((r) => ({ below: r.below, gridCode: r.grid_code, warning: r.warning, open: Number(r.open), complaints: Number(r.complaints) }));
  }

  /** The same counts of the cases naming one of `grids`, wherever they were registered, grouped by grid, path and colour. */
  async gridRows(grids: readonly string[], complaintsFrom: Date, filters: { kind?: string; category?: string }): Promise<GridRow[]> {
    if (!grids.length) return [];
    const params: unknown[] = [grids, complaintsFrom];
    const and: string[] = [];
    if (filters.kind) and.push(`f.kind = $${params.push(filters.kind)}`);
    if (filters.category) and.push(`f.category = $${params.push(filters.category)}`);
    const rows = (await this.ds.query(
      `SELECT f.grid_code, f.org_path, f.warning,
         count(*) FILTER (WHERE f.status <> 'closed')::int AS open,
         count(*) FILTER (WHERE f.kind = 'complaint' AND f.registered_at >= $2)::int AS complaints
       FROM insights.case_facts f
       WHERE f.grid_code = ANY($1) AND f.registered_at IS NOT NULL
         AND (f.status <> 'closed' OR (f.kind = 'complaint' AND f.registered_at >= $2)) ${and.map((c) => `AND ${c}`).join(' ')}
       GROUP BY 1, 2, 3`,
      params,
    )) as { grid_code: string; org_path: string; warning: WarningColour; open: number; complaints: number }[];
    return rows.map((r) => ({ gridCode: r.grid_code, orgPath: r.org_path, warning: r.warning, open: Number(r.open), complaints: Number(r.complaints) }));
  }
}
