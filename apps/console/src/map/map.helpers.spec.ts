import type { BoundaryGeometry, MapFeature, MapView } from '@fengqiao/contracts';
import { AREA_COLOURS, chartOption, clickTarget, geoJsonOf, mapName, pushTrail, tooltipLines, unlocated } from './map.helpers';

const square: BoundaryGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [104, 35],
      [104.1, 35],
      [104.1, 35.1],
      [104, 35.1],
      [104, 35],
    ],
  ],
};

const feature = (code: string, o: Partial<MapFeature['properties']> = {}, geometry: MapFeature['geometry'] = square): MapFeature => ({
  type: 'Feature',
  id: code,
  geometry,
  properties: {
    code,
    name: code,
    nameEn: code,
    level: 'grid',
    open: { green: 0, yellow: 0, red: 0 },
    total: 0,
    complaints: 0,
    card: 'green',
    reasons: [],
    hasChildren: false,
    cases: `/api/v1/cases?gridCode=${code}&open=true`,
    ...o,
  },
});

const view = (features: MapFeature[]): MapView => ({
  type: 'FeatureCollection',
  unit: { code: '621102101201', name: '东川村', nameEn: 'Dongchuan', level: 'village', parent: '621102101', boundary: square },
  filters: { kind: null, category: null },
  generatedAt: '2026-12-07T00:00:00.000Z',
  rules: { redOverdueMin: 1, complaintClusterMin: 3, complaintWindowDays: 7, yellowLateMin: 1 },
  features,
  elsewhere: { open: { green: 0, yellow: 0, red: 0 }, total: 0 },
});

const words = { open: '在办', complaints: '投诉', colours: { green: '绿', yellow: '黄', red: '红' } };

describe('the map helpers', () => {
  it('registers one map per unit and draws only the features with a boundary, named by code', () => {
    const v = view([feature('A-01'), feature('A-02', {}, null)]);
    expect(mapName(v)).toBe('fq-621102101201');
    expect(geoJsonOf(v).features.map((f) => [f.id, f.properties.name])).toEqual([['A-01', 'A-01']]);
    expect(unlocated(v).map((f) => f.id)).toEqual(['A-02']);
  });

  it('drills into a unit with units below, and opens the cases of a grid or a leaf', () => {
    expect(clickTarget(feature('621102101', { level: 'township', hasChildren: true }))).toEqual({ drill: '621102101' });
    expect(clickTarget(feature('A-01'))).toEqual({ cases: '/api/v1/cases?gridCode=A-01&open=true', code: 'A-01' });
    expect(clickTarget(feature('621102102203', { level: 'village', hasChildren: false, cases: '/api/v1/cases?orgUnit=621102102203&open=true' }))).toEqual({
      cases: '/api/v1/cases?orgUnit=621102102203&open=true',
      code: '621102102203',
    });
  });

  it('keeps the trail: down adds, back to a unit on it cuts there', () => {
    expect(pushTrail(['621102'], '621102101')).toEqual(['621102', '621102101']);
    expect(pushTrail(['621102', '621102101', '621102101201'], '621102101')).toEqual(['621102', '621102101']);
  });

  it('paints each region by its card and puts the counts in the tooltip, escaped', () => {
    const v = view([feature('A-01', { card: 'red', open: { green: 1, yellow: 0, red: 2 }, total: 3, complaints: 1 }), feature('A-02')]);
    const o = chartOption(v, (c) => (c === 'A-01' ? '<一网格>' : c), words);
    expect(o.series[0]!.map).toBe('fq-621102101201');
    expect(o.series[0]!.data).toEqual([
      expect.objectContaining({ name: 'A-01', value: 3, itemStyle: { areaColor: AREA_COLOURS.red, borderColor: expect.any(String) } }),
      expect.objectContaining({ name: 'A-02', value: 0, itemStyle: { areaColor: AREA_COLOURS.green, borderColor: expect.any(String) } }),
    ]);
    expect(o.tooltip.formatter({ name: 'A-01' })).toBe('&#60;一网格&#62;<br/>在办: 3<br/>红: 2<br/>黄: 0<br/>绿: 1<br/>投诉: 1');
    expect(o.series[0]!.label.formatter({ name: 'A-01' })).toBe('<一网格>\n3');
    expect(tooltipLines(v.features[1]!.properties, '二', words)[1]).toBe('在办: 0');
  });
});
