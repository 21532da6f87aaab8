import { mapCounts, totalOf, type MapRow } from './map-counts';
import { casesOf } from './map.service';

const row = (r: Partial<MapRow>): MapRow => ({ below: '', gridCode: null, warning: 'green', open: 0, complaints: 0, ...r });

describe('where a case counts on the map', () => {
  it('puts a case in the grid its location names, when that grid is drawn (once), wherever it was registered', () => {
    const grids = [
      { code: '621102101201-01', level: 'grid' as const },
      { code: '621102101201-02', level: 'grid' as const },
    ];
    const { byCode, elsewhere } = mapCounts(
      [row({ gridCode: '621102101201-01', warning: 'red', open: 2 }), row({ gridCode: '999999-01', open: 4 }), row({ gridCode: null, open: 3 })],
      [
        { gridCode: '621102101201-01', orgPath: '/621100/621102/621102101/621102101201/', warning: 'red', open: 2, complaints: 0 },
        { gridCode: '621102101201-02', orgPath: '/621100/621102/621102101/', warning: 'yellow', open: 1, complaints: 1 },
      ],
      grids,
    );
    expect(byCode.get('621102101201-01')!.open).toEqual({ green: 0, yellow: 0, red: 2 });
    expect(byCode.get('621102101201-02')).toEqual({ open: { green: 0, yellow: 1, red: 0 }, complaints: 1 });
    expect(elsewhere.open).toEqual({ green: 7, yellow: 0, red: 0 });
  });

  it("puts a unit's subtree in that unit, and the unit's own cases elsewhere; every child gets counts", () => {
    const units = [
      { code: '621102101', level: 'township' as const },
      { code: '621102102', level: 'township' as const },
      { code: '621102103', level: 'township' as const },
    ];
    const { byCode, elsewhere } = mapCounts(
      [row({ below: '621102101', warning: 'yellow', open: 2 }), row({ below: '621102101', gridCode: '621102101201-01', open: 1 }), row({ below: '', open: 5 })],
      [],
      units,
    );
    expect(byCode.get('621102101')!.open).toEqual({ green: 1, yellow: 2, red: 0 });
    expect(byCode.get('621102103')).toEqual({ open: { green: 0, yellow: 0, red: 0 }, complaints: 0 });
    expect(totalOf(elsewhere.open)).toBe(5);
  });
});

describe("a feature's case list query", () => {
  it("is the cases naming a grid, or a unit's subtree, open, with the map's filters", () => {
    expect(casesOf({ code: '621102101201-01', level: 'grid' }, { kind: 'dispute' })).toBe('/api/v1/cases?gridCode=621102101201-01&open=true&kind=dispute');
    expect(casesOf({ code: '621102101', level: 'township' }, {})).toBe('/api/v1/cases?orgUnit=621102101&open=true');
  });
});
