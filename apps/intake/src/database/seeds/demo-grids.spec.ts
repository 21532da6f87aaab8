import { boundaryPolygons, orgTreeInputSchema, type BoundaryGeometry, type Position } from '@fengqiao/contracts';
import { pointInBoundary } from '@fengqiao/rules';
import { DEMO_GRID_LAYOUT, demoGrids } from './demo-grids';
import { demoCountyUnits } from './demo-county.seed';

/** Signed area (shoelace), positive for a counter-clockwise ring. */
const signedArea = (ring: Position[]) => ring.slice(1).reduce((a, p, i) => a + (ring[i][0] * p[1] - p[0] * ring[i][1]) / 2, 0);
const area = (b: BoundaryGeometry) => boundaryPolygons(b).reduce((a, [outer]) => a + signedArea(outer), 0);
const outer = (b: BoundaryGeometry) => boundaryPolygons(b)[0][0];

/** Do two segments cross at a point inside both (touching at shared ends is not crossing)? */
function properlyCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const o = (p: Position, q: Position, r: Position) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  return o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0;
}
const simple = (ring: Position[]) =>
  ring
    .slice(0, -1)
    .every((a, i) =>
      ring
        .slice(0, -1)
        .every(
          (c, j) =>
            Math.abs(i - j) <= 1 || (i === 0 && j === ring.length - 2) || (j === 0 && i === ring.length - 2) || !properlyCross(a, ring[i + 1], c, ring[j + 1]),
        ),
    );

describe('the demo grids', () => {
  const { areas, grids } = demoGrids();

  it('are the same on every run (deterministic)', () => {
    expect(JSON.stringify(demoGrids())).toEqual(JSON.stringify({ areas, grids }));
    expect(JSON.stringify([...demoGrids().areas])).toEqual(JSON.stringify([...areas]));
  });

  it('pass the API validator, with codes <village>-NN under their village and one worker each', () => {
    const units = demoCountyUnits();
    expect(orgTreeInputSchema.safeParse({ units }).success).toBe(true);
    expect(grids.map((g) => g.code)).toEqual([
      ...['01', '02', '03', '04'].map((n) => `621102101201-${n}`),
      ...['01', '02', '03', '04', '05', '06'].map((n) => `621102101202-${n}`),
      ...['01', '02', '03', '04'].map((n) => `621102102201-${n}`),
    ]);
    for (const g of grids) {
      expect(g.code.startsWith(`${g.parent}-`)).toBe(true);
      expect(g.workers).toHaveLength(1);
    }
    expect(units.find((u) => u.code === '621102101201')?.workers?.[0]?.username).toBe('grid.621102101201');
  });

  it('have simple counter-clockwise rings', () => {
    for (const b of [...areas.values(), ...grids.map((g) => g.boundary!)]) {
      expect(signedArea(outer(b))).toBeGreaterThan(0);
      expect(simple(outer(b))).toBe(true);
    }
  });

  it("tile each village's area: the grids' areas add up to it and every sample point lies in exactly one grid", () => {
    for (const t of DEMO_GRID_LAYOUT) {
      const villages = t.villages.map((v) => v.code);
      const townArea = area(areas.get(t.code)!);
      expect(villages.reduce((a, v) => a + area(areas.get(v)!), 0)).toBeCloseTo(townArea, 12);
      for (const v of villages) {
        const own = grids.filter((g) => g.parent === v);
        expect(own.reduce((a, g) => a + area(g.boundary!), 0)).toBeCloseTo(area(areas.get(v)!), 12);
        // A lattice of sample points over the village's bounding box, off any vertex.
        const ring = outer(areas.get(v)!);
        const [xs, ys] = [ring.map((p) => p[0]), ring.map((p) => p[1])];
        for (let a = 0.013; a < 1; a += 0.0371) {
          for (let b = 0.017; b < 1; b += 0.0413) {
            const pt = { lng: Math.min(...xs) + a * (Math.max(...xs) - Math.min(...xs)), lat: Math.min(...ys) + b * (Math.max(...ys) - Math.min(...ys)) };
            const hits = grids.filter((g) => pointInBoundary(pt, g.boundary!)).map((g) => g.code);
            const inVillage = pointInBoundary(pt, areas.get(v)!);
            // Inside the village: exactly one of its grids (an edge point may touch two: none lands on one here).
            expect(hits.filter((c) => c.startsWith(`${v}-`)).length).toBe(inVillage ? 1 : 0);
          }
        }
      }
    }
  });

  it('lie where Anding district is (about 104.4–104.8° E, 35.4–35.8° N)', () => {
    for (const g of grids)
      for (const [lng, lat] of outer(g.boundary!)) {
        expect(lng).toBeGreaterThan(104.4);
        expect(lng).toBeLessThan(104.8);
        expect(lat).toBeGreaterThan(35.4);
        expect(lat).toBeLessThan(35.8);
      }
  });
});
