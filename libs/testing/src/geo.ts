import type { BoundaryGeometry } from '@fengqiao/contracts';

/** A square boundary with its south-west corner at (lng, lat) and sides of `d` degrees: grids in tests. */
export const squareBoundary = (lng: number, lat: number, d = 0.01): BoundaryGeometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [lng, lat],
      [lng + d, lat],
      [lng + d, lat + d],
      [lng, lat + d],
      [lng, lat],
    ],
  ],
});
