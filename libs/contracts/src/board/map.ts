import { z } from 'zod';
import { listCasesQuerySchema, type WarningColour } from '../cases/case.schema';
import type { OrgUnitLevel } from '../org-tree/org-tree';
import type { BoundaryGeometry } from '../org-tree/boundary';
import { BOARD_ROLES, boardQuerySchema, type BoardReason, type BoardView } from './board';

/** Who may read the map: the board's readers (leader, admin, clerk); insights checks again behind the gateway. */
export const MAP_ROLES = BOARD_ROLES;

/**
 * The query string of `GET /api/v1/map`: the unit whose children are drawn (default the caller's own),
 * and the case list's own `kind` and `category` filters (the same validators, so a drill-down accepts them).
 */
export const mapQuerySchema = z
  .object({
    orgUnit: boardQuerySchema.shape.orgUnit,
    kind: listCasesQuerySchema.shape.kind,
    category: listCasesQuerySchema.shape.category,
  })
  .strict();

export type MapQuery = z.infer<typeof mapQuerySchema>;

/** One unit with its area, as intake answers `fq.intake.org-unit.layer` (no grid workers: no personal data). */
export interface OrgUnitShape {
  code: string;
  name: string;
  nameEn: string;
  level: OrgUnitLevel;
  parent: string | null;
  /** Materialised path (`/621100/621102/`). */
  path: string;
  boundary: BoundaryGeometry | null;
  /** Whether units lie below it (the map can drill down into it). */
  hasChildren: boolean;
}

/** The unit asked about and its children, each with its boundary. */
export interface OrgUnitLayerView {
  unit: OrgUnitShape;
  children: OrgUnitShape[];
}

/** What the map says of one child unit or grid. */
export interface MapFeatureProperties {
  code: string;
  name: string;
  nameEn: string;
  level: OrgUnitLevel;
  /** Open cases (not closed) of the unit's subtree — for a grid: of the cases whose location names it — by current warning colour. */
  open: Record<WarningColour, number>;
  /** green + yellow + red. */
  total: number;
  /** Complaints registered there within the board's cluster window (the filters apply). */
  complaints: number;
  /** The board's card for these counts (the same rule, insights' `cardOf`): the colour the map paints. */
  card: WarningColour;
  reasons: BoardReason[];
  /** Whether the map can drill down into it (a unit with units below); a grid's drill-down is its cases. */
  hasChildren: boolean;
  /** The public case list query of its open cases (`GET /api/v1/cases?…`, the filters included). */
  cases: string;
}

export interface MapFeature {
  type: 'Feature';
  id: string;
  /** Null when the register holds no boundary for it (RFC 7946 allows an unlocated feature). */
  geometry: BoundaryGeometry | null;
  properties: MapFeatureProperties;
}

/**
 * `GET /api/v1/map`: a GeoJSON FeatureCollection of the unit's children (a village's: its grids), with the
 * unit and the filters beside it. New layers (field reports by grid) are further properties of each feature.
 */
export interface MapView {
  type: 'FeatureCollection';
  unit: { code: string; name: string; nameEn: string; level: OrgUnitLevel; parent: string | null; boundary: BoundaryGeometry | null };
  filters: { kind: string | null; category: string | null };
  generatedAt: string;
  /** The board's thresholds the cards were decided by. */
  rules: BoardView['rules'];
  features: MapFeature[];
  /** Open cases of the unit's subtree that fall in no feature (registered at the unit itself, or naming no grid of it). */
  elsewhere: { open: Record<WarningColour, number>; total: number };
}
