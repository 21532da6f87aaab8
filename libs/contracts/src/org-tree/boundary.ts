import { z } from 'zod';

/**
 * An org unit's boundary (a grid's area on the map): a GeoJSON (RFC 7946) Polygon or MultiPolygon
 * in WGS84 longitude/latitude. The one validator of boundaries: the gateway, intake and the demo
 * seed all parse with it. Rings must be closed (first position repeated last) and have at least
 * four positions; longitudes lie in [-180, 180], latitudes in [-90, 90]; a boundary holds at most
 * `BOUNDARY_MAX_POSITIONS` positions, `BOUNDARY_MAX_POLYGONS` polygons and `BOUNDARY_MAX_RINGS`
 * rings per polygon (a grid is a few streets, not a coastline). Whether a point lies inside is
 * `pointInBoundary` in libs/rules.
 */
export const BOUNDARY_MAX_POSITIONS = 5000;
export const BOUNDARY_MAX_POLYGONS = 50;
export const BOUNDARY_MAX_RINGS = 20;

/** `[longitude, latitude]`, optionally with an altitude, as GeoJSON orders them. */
export type Position = [number, number] | [number, number, number];
export type LinearRing = Position[];
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: LinearRing[];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: LinearRing[][];
}
export type BoundaryGeometry = PolygonGeometry | MultiPolygonGeometry;

const coordinate = z.number({ invalid_type_error: '坐标应为数字 / a coordinate must be a number' }).finite('坐标应为有限数 / a coordinate must be finite');

const position = z
  .array(coordinate, { invalid_type_error: '坐标点应为 [经度, 纬度] / a position must be [longitude, latitude]' })
  .min(2, '坐标点应为 [经度, 纬度] / a position must be [longitude, latitude]')
  .max(3, '坐标点最多三个数（经度、纬度、高程）/ a position has at most three numbers (longitude, latitude, altitude)')
  .superRefine((p, ctx) => {
    if (p.length < 2) return;
    if (p[0] < -180 || p[0] > 180)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [0], message: '经度须在 -180 到 180 之间（WGS84）/ longitude must lie between -180 and 180 (WGS84)' });
    if (p[1] < -90 || p[1] > 90)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [1], message: '纬度须在 -90 到 90 之间（WGS84）/ latitude must lie between -90 and 90 (WGS84)' });
  }) as unknown as z.ZodType<Position>;

const ring = z
  .array(position, { invalid_type_error: '边界环应为坐标点数组 / a ring must be an array of positions' })
  .min(4, '边界环至少需要 4 个坐标点（首尾相同）/ a ring needs at least 4 positions (the first repeated last)')
  .superRefine((r, ctx) => {
    if (r.length < 4) return;
    const first = r[0];
    const last = r[r.length - 1];
    if (first.length !== last.length || first.some((v, i) => v !== last[i])) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: '边界环未闭合：最后一个坐标点须与第一个相同 / the ring is not closed: its last position must equal its first',
      });
    }
  });

const rings = z
  .array(ring, { invalid_type_error: '多边形应为边界环数组 / a polygon must be an array of rings' })
  .min(1, '多边形至少需要一个外环 / a polygon needs an outer ring')
  .max(BOUNDARY_MAX_RINGS, `一个多边形最多 ${BOUNDARY_MAX_RINGS} 个环 / a polygon has at most ${BOUNDARY_MAX_RINGS} rings`);

const polygon = z.object({ type: z.literal('Polygon'), coordinates: rings }).strict();
const multiPolygon = z
  .object({
    type: z.literal('MultiPolygon'),
    coordinates: z
      .array(rings, { invalid_type_error: '多多边形应为多边形数组 / a MultiPolygon must be an array of polygons' })
      .min(1, '至少一个多边形 / at least one polygon')
      .max(BOUNDARY_MAX_POLYGONS, `最多 ${BOUNDARY_MAX_POLYGONS} 个多边形 / at most ${BOUNDARY_MAX_POLYGONS} polygons`),
  })
  .strict();

const positionsIn = (b: BoundaryGeometry): number => boundaryPolygons(b).reduce((n, rs) => n + rs.reduce((m, r) => m + r.length, 0), 0);

export const boundarySchema: z.ZodType<BoundaryGeometry> = z
  .discriminatedUnion('type', [polygon, multiPolygon], {
    errorMap: (issue, ctx) =>
      issue.code === z.ZodIssueCode.invalid_union_discriminator
        ? { message: '边界须为 GeoJSON 的 Polygon 或 MultiPolygon / a boundary must be a GeoJSON Polygon or MultiPolygon' }
        : issue.code === z.ZodIssueCode.invalid_type && issue.received !== 'undefined'
          ? { message: '边界须为 GeoJSON 几何对象 / a boundary must be a GeoJSON geometry object' }
          : { message: ctx.defaultError },
  })
  .describe(
    `GeoJSON Polygon or MultiPolygon in WGS84: positions [longitude -180..180, latitude -90..90], each ring closed (first position repeated last, at least 4), at most ${BOUNDARY_MAX_POSITIONS} positions`,
  )
  .superRefine((b, ctx) => {
    if (positionsIn(b as BoundaryGeometry) > BOUNDARY_MAX_POSITIONS) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['coordinates'],
        message: `边界最多 ${BOUNDARY_MAX_POSITIONS} 个坐标点 / a boundary has at most ${BOUNDARY_MAX_POSITIONS} positions`,
      });
    }
  }) as unknown as z.ZodType<BoundaryGeometry>;

/** The polygons of a boundary, each as its rings (outer ring first, then holes). */
export function boundaryPolygons(b: BoundaryGeometry): LinearRing[][] {
  return b.type === 'Polygon' ? [b.coordinates] : b.coordinates;
}
