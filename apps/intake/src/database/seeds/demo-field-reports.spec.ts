import { pointInBoundary } from '@fengqiao/rules';
import { DEFAULT_CATEGORIES } from './demo-county.seed';
import { demoGrids } from './demo-grids';
import { DEMO_FIELD_REPORTS } from './demo-field-reports';

describe('the demo field reports', () => {
  const grids = new Map(demoGrids().grids.map((g) => [g.code, g]));

  it('lie in generated grids of the demo village, with categories the seed loads', () => {
    const categories = new Set<string>(DEFAULT_CATEGORIES.map((c) => c.code));
    for (const r of DEMO_FIELD_REPORTS) {
      expect(grids.get(r.grid)?.parent).toBe('621102101201');
      expect(categories.has(r.category)).toBe(true);
      expect(r.daysAgo).toBeGreaterThan(0);
    }
  });

  it('have grids whose boundary holds their centre (where the seed places each report)', () => {
    for (const r of DEMO_FIELD_REPORTS) {
      const b = grids.get(r.grid)!.boundary!;
      const ring = (b.type === 'Polygon' ? b.coordinates[0] : b.coordinates[0]![0])!.slice(0, -1);
      const c = { lng: ring.reduce((s, q) => s + q[0], 0) / ring.length, lat: ring.reduce((s, q) => s + q[1], 0) / ring.length };
      expect(pointInBoundary(c, b)).toBe(true);
    }
  });
});
