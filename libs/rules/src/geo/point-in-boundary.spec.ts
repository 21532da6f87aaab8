import type { BoundaryGeometry } from '@fengqiao/contracts';
import { pointInBoundary } from './point-in-boundary';

// A square of 0.01° around Chankou with a square hole, and an L-shaped (concave) polygon.
const square: BoundaryGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [104.6, 35.6],
      [104.61, 35.6],
      [104.61, 35.61],
      [104.6, 35.61],
      [104.6, 35.6],
    ],
    [
      [104.604, 35.604],
      [104.606, 35.604],
      [104.606, 35.606],
      [104.604, 35.606],
      [104.604, 35.604],
    ],
  ],
};
const ell: BoundaryGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [2, 0],
      [2, 1],
      [1, 1],
      [1, 2],
      [0, 2],
      [0, 0],
    ],
  ],
};

describe('pointInBoundary', () => {
  it('is inside within the outer ring and outside beyond it', () => {
    expect(pointInBoundary({ lng: 104.601, lat: 35.601 }, square)).toBe(true);
    expect(pointInBoundary({ lng: 104.611, lat: 35.605 }, square)).toBe(false);
    expect(pointInBoundary({ lng: 104.605, lat: 35.599 }, square)).toBe(false);
  });

  it('is outside in a hole, and inside on the hole edge', () => {
    expect(pointInBoundary({ lng: 104.605, lat: 35.605 }, square)).toBe(false);
    expect(pointInBoundary({ lng: 104.604, lat: 35.605 }, square)).toBe(true);
  });

  it('counts points on an edge or a vertex as inside', () => {
    expect(pointInBoundary({ lng: 104.6, lat: 35.605 }, square)).toBe(true);
    expect(pointInBoundary({ lng: 104.61, lat: 35.61 }, square)).toBe(true);
  });

  it('handles a concave polygon: the notch of the L is outside', () => {
    expect(pointInBoundary({ lng: 0.5, lat: 1.5 }, ell)).toBe(true);
    expect(pointInBoundary({ lng: 1.5, lat: 0.5 }, ell)).toBe(true);
    expect(pointInBoundary({ lng: 1.5, lat: 1.5 }, ell)).toBe(false);
    // A ray through a vertex (y = 1 passes the vertex at (1, 1) and (2, 1)) is counted once.
    expect(pointInBoundary({ lng: 0.5, lat: 1 }, ell)).toBe(true);
    expect(pointInBoundary({ lng: -0.5, lat: 1 }, ell)).toBe(false);
  });

  it('is inside a MultiPolygon when inside any of its polygons', () => {
    const multi: BoundaryGeometry = { type: 'MultiPolygon', coordinates: [square.coordinates, ell.coordinates] };
    expect(pointInBoundary({ lng: 0.5, lat: 0.5 }, multi)).toBe(true);
    expect(pointInBoundary({ lng: 104.601, lat: 35.601 }, multi)).toBe(true);
    expect(pointInBoundary({ lng: 50, lat: 30 }, multi)).toBe(false);
  });
});
