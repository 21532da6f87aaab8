import { hasAnyRole } from '@fengqiao/auth';
import {
  MAP_ROLES,
  mapQuerySchema,
  ok,
  withoutEmptyParams,
  zodFieldErrors,
  type Caller,
  type MapFeature,
  type MapView,
  type OrgUnitLayerView,
  type Reply,
} from '@fengqiao/contracts';
import { JurisdictionFailures, mayActOnUnit } from '@fengqiao/rules';
import { cardOf, type BoardRules } from '../board/board-card.policy';
import { InsightsFailures } from '../insights.failures';
import { mapCounts, totalOf } from './map-counts';
import type { MapRepository } from './map.repository';

const DAY_MS = 86_400_000;

/** Intake's answer for the unit's shapes, asked as the caller (their token forwarded). */
export type UnitLayerSource = (code: string, authorization: string | undefined) => Promise<Reply<OrgUnitLayerView>>;

/**
 * The public case list query of a map feature's open cases, with the map's filters: a unit's subtree, or
 * the cases naming a grid (the case list applies the caller's jurisdiction, as the map's counts do).
 */
export function casesOf(feature: { code: string; level: string }, filters: { kind?: string; category?: string }): string {
  const where: Record<string, string> = feature.level === 'grid' ? { gridCode: feature.code } : { orgUnit: feature.code };
  return `/api/v1/cases?${new URLSearchParams({ ...where, open: 'true', ...filters })}`;
}

/**
 * `GET /api/v1/map`: the children of a unit (a village's: its grids) as GeoJSON features with their open
 * cases by colour and the board's card for those counts. Shapes come from intake's grid register, counts
 * from the read model; jurisdiction is the caller's subtree (checked by intake and again here).
 */
export class MapService {
  constructor(
    private readonly repo: MapRepository,
    private readonly shapes: UnitLayerSource,
    private readonly rules: BoardRules,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async map(caller: Caller, input: unknown, authorization: string | undefined): Promise<Reply<MapView>> {
    if (!hasAnyRole(caller, MAP_ROLES)) return InsightsFailures.fail('MAP_FORBIDDEN');
    const parsed = mapQuerySchema.safeParse(withoutEmptyParams(input));
    if (!parsed.success) return InsightsFailures.fail('MAP_QUERY_INVALID', zodFieldErrors(parsed.error));
    const { kind, category } = parsed.data;
    const orgUnit = parsed.data.orgUnit ?? caller.orgUnit ?? undefined;
    if (!orgUnit) return InsightsFailures.fail('ORG_UNIT_REQUIRED');
    const layer = await this.shapes(orgUnit, authorization);
    if (!layer.ok) return layer;
    const { unit, children } = layer.value;
    if (!mayActOnUnit(caller, { code: unit.code, path: unit.path })) return JurisdictionFailures.fail('OUTSIDE_JURISDICTION');
    const now = this.now();
    const complaintsFrom = new Date(now.getTime() - this.rules.complaintWindowDays * DAY_MS);
    const filters = { ...(kind ? { kind } : {}), ...(category ? { category } : {}) };
    const grids = children.filter((c) => c.level === 'grid').map((c) => c.code);
    const [rows, gridRows] = await Promise.all([this.repo.rows(unit.path, complaintsFrom, filters), this.repo.gridRows(grids, complaintsFrom, filters)]);
    // A grid's cases wherever they were registered, as far as the caller may see them (the jurisdiction rule on each case's path).
    const visible = gridRows.filter((r) => mayActOnUnit(caller, { path: r.orgPath }));
    const { byCode, elsewhere } = mapCounts(rows, visible, children);
    const features = children.map((c): MapFeature => {
      const counts = byCode.get(c.code)!;
      return {
        type: 'Feature',
        id: c.code,
        geometry: c.boundary,
        properties: {
          code: c.code,
          name: c.name,
          nameEn: c.nameEn,
          level: c.level,
          open: { ...counts.open },
          total: totalOf(counts.open),
          complaints: counts.complaints,
          ...cardOf(counts, this.rules),
          hasChildren: c.hasChildren,
          cases: casesOf(c, filters),
        },
      };
    });
    return ok({
      type: 'FeatureCollection',
      unit: { code: unit.code, name: unit.name, nameEn: unit.nameEn, level: unit.level, parent: unit.parent, boundary: unit.boundary },
      filters: { kind: kind ?? null, category: category ?? null },
      generatedAt: now.toISOString(),
      rules: { ...this.rules },
      features,
      elsewhere: { open: { ...elsewhere.open }, total: totalOf(elsewhere.open) },
    });
  }
}
