import { boundaryPolygons, type BoundaryGeometry, type LinearRing } from '@fengqiao/contracts';

/**
 * Does a point lie in a boundary (a grid's area, validated by `boundarySchema` in libs/contracts)?
 * Planar even-odd test on longitude/latitude, which is exact enough at the size of a grid. A point
 * inside a polygon's outer ring and in none of its holes is inside; a point on an edge or a vertex
 * counts as inside (a report on the line between two grids belongs to both), also on a hole's edge.
 * Pure and workflow-safe.
 */
export function pointInBoundary(point: { lng: number; lat: number }, boundary: BoundaryGeometry): boolean {
  return boundaryPolygons(boundary).some(([outer, ...holes]) => {
    const inOuter = ringSide(point, outer);
    if (inOuter === 'outside') return false;
    if (inOuter === 'edge') return true;
    return holes.every((h) => ringSide(point, h) !== 'inside');
  });
}

type Side = 'inside' | 'outside' | 'edge';

/** Where the point lies against one closed ring. */
export function ringSide({ lng: x, lat: y }: { lng: number; lat: number }, ring: LinearRing): Side {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (onSegment(x, y, xi, yi, xj, yj)) return 'edge';
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? 'inside' : 'outside';
}

/** Is (x, y) on the segment from (x1, y1) to (x2, y2), within a tolerance far below a metre? */
function onSegment(x: number, y: number, x1: number, y1: number, x2: number, y2: number): boolean {
  const EPS = 1e-12;
  const cross = (x - x1) * (y2 - y1) - (y - y1) * (x2 - x1);
  if (Math.abs(cross) > EPS * Math.max(1, Math.hypot(x2 - x1, y2 - y1))) return false;
  return x >= Math.min(x1, x2) - EPS && x <= Math.max(x1, x2) + EPS && y >= Math.min(y1, y2) - EPS && y <= Math.max(y1, y2) + EPS;
}
