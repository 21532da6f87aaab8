import { zodFieldErrors } from '../problems/zod-errors';
import { BOUNDARY_MAX_POSITIONS, boundarySchema } from './boundary';
import { orgTreeInputSchema } from './org-tree';

const ring = [
  [104.6, 35.6],
  [104.61, 35.6],
  [104.61, 35.61],
  [104.6, 35.6],
];
const errors = (v: unknown) => {
  const r = boundarySchema.safeParse(v);
  return r.success ? [] : zodFieldErrors(r.error);
};

describe('boundarySchema', () => {
  it('accepts a closed Polygon and a MultiPolygon', () => {
    expect(errors({ type: 'Polygon', coordinates: [ring] })).toEqual([]);
    expect(errors({ type: 'MultiPolygon', coordinates: [[ring], [ring]] })).toEqual([]);
  });

  it('refuses an open ring, naming it', () => {
    const open = [...ring.slice(0, 3), [104.6, 35.605]];
    expect(errors({ type: 'Polygon', coordinates: [open] })).toEqual([{ path: 'coordinates[0]', message: expect.stringContaining('the ring is not closed') }]);
  });

  it('refuses a ring of fewer than four positions', () => {
    expect(errors({ type: 'Polygon', coordinates: [[ring[0], ring[1], ring[0]]] })[0]).toMatchObject({
      path: 'coordinates[0]',
      message: expect.stringContaining('至少'),
    });
  });

  it('refuses coordinates outside WGS84, naming the coordinate, in Chinese and English', () => {
    const far = [
      [190, 35.6],
      [104.61, 95],
      [104.61, 35.61],
      [190, 35.6],
    ];
    expect(errors({ type: 'Polygon', coordinates: [far] }).map((e) => e.path)).toEqual([
      'coordinates[0][0][0]',
      'coordinates[0][1][1]',
      'coordinates[0][3][0]',
    ]);
    expect(errors({ type: 'Polygon', coordinates: [far] })[0].message).toMatch(/经度.*longitude/);
  });

  it('refuses other geometry types, non-numbers and extra fields', () => {
    expect(errors({ type: 'Point', coordinates: [104.6, 35.6] })[0].message).toMatch(/Polygon.*MultiPolygon/);
    expect(errors('POLYGON((1 2))')[0].message).toMatch(/GeoJSON/);
    expect(errors({ type: 'Polygon', coordinates: [[['a', 1], ...ring]] }).length).toBeGreaterThan(0);
    expect(errors({ type: 'Polygon', coordinates: [ring], crs: 'x' })).toEqual([{ path: 'crs', message: expect.any(String) }]);
  });

  it(`refuses more than ${BOUNDARY_MAX_POSITIONS} positions`, () => {
    const many = Array.from({ length: BOUNDARY_MAX_POSITIONS }, (_, i) => [104.6 + i * 1e-6, 35.6 + (i % 2) * 1e-6]);
    const big = { type: 'Polygon', coordinates: [[...many, many[0]]] };
    expect(errors(big)).toEqual([{ path: 'coordinates', message: expect.stringContaining(`${BOUNDARY_MAX_POSITIONS}`) }]);
  });
});

describe('org units with boundaries and grid workers', () => {
  const grid = { code: '621102101201-01', name: '东川村第一网格', nameEn: 'Dongchuan grid 1', level: 'grid', parent: '621102101201' };

  it('accepts a grid with its boundary and workers, and reports errors at the unit path', () => {
    expect(
      orgTreeInputSchema.safeParse({
        units: [{ ...grid, boundary: { type: 'Polygon', coordinates: [ring] }, workers: [{ name: '王芳', phone: '13912345678' }] }],
      }).success,
    ).toBe(true);
    const bad = orgTreeInputSchema.safeParse({ units: [{ ...grid, boundary: { type: 'Polygon', coordinates: [ring.slice(0, 3)] } }] });
    expect(bad.success ? [] : zodFieldErrors(bad.error).map((e) => e.path)).toEqual(['units[0].boundary.coordinates[0]']);
  });

  it("refuses a grid code that is not its parent's code, a dash and a number", () => {
    for (const code of ['621102101202-01', '621102101201-1', '621102101201-ab', '621102101201-0001']) {
      const r = orgTreeInputSchema.safeParse({ units: [{ ...grid, code }] });
      expect(r.success ? [] : zodFieldErrors(r.error).map((e) => e.path)).toEqual(['units[0].code']);
    }
    expect(orgTreeInputSchema.safeParse({ units: [{ ...grid, code: '621102101201-123' }] }).success).toBe(true);
  });

  it('refuses grid workers on a unit that is not a grid level', () => {
    const county = {
      code: '621102',
      name: '安定区',
      nameEn: 'Anding district',
      level: 'county',
      parent: '621100',
      workers: [{ name: '王芳', phone: '13912345678' }],
    };
    const r = orgTreeInputSchema.safeParse({ units: [county] });
    expect(r.success ? [] : zodFieldErrors(r.error).map((e) => e.path)).toEqual(['units[0].workers']);
  });
});
