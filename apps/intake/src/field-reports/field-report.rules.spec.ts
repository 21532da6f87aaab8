import type { BoundaryGeometry } from '@fengqiao/contracts';
import { caseRegistrationOf, caseUnitOf, deepestGridHolding, handleable, inWorkerGrids } from './field-report.rules';

const square = (lng: number, lat: number, d: number): BoundaryGeometry => ({
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

const T = '/621100/621102/621102101/';
const V = `${T}621102101201/`;
const G1 = `${V}621102101201-01/`;

describe('the grid a report lies in', () => {
  const units = [
    { code: '621102101', name: '巉口镇', level: 'township', path: T, boundary: square(104, 35, 1) },
    { code: '621102101201', name: '东川村', level: 'village', path: V, boundary: square(104, 35, 0.1) },
    { code: '621102101201-01', name: '一网格', level: 'grid', path: G1, boundary: square(104, 35, 0.05) },
  ];

  it('is the deepest grid whose boundary holds the position, whatever the order of the candidates', () => {
    expect(deepestGridHolding({ lng: 104.01, lat: 35.01 }, units)?.code).toBe('621102101201-01');
    expect(deepestGridHolding({ lng: 104.01, lat: 35.01 }, [...units].reverse())?.code).toBe('621102101201-01');
    expect(deepestGridHolding({ lng: 104.08, lat: 35.08 }, units)?.code).toBe('621102101201');
    expect(deepestGridHolding({ lng: 104.5, lat: 35.5 }, units)?.code).toBe('621102101');
  });

  it('is none outside every boundary', () => {
    expect(deepestGridHolding({ lng: 0, lat: 0 }, units)).toBeUndefined();
    expect(deepestGridHolding({ lng: 104.01, lat: 35.01 }, [])).toBeUndefined();
  });
});

describe("a grid worker's grids", () => {
  it('hold their own grid and the grids below it, never a neighbour (by whole path segments)', () => {
    expect(inWorkerGrids(G1, [V])).toBe(true);
    expect(inWorkerGrids(V, [V])).toBe(true);
    expect(inWorkerGrids(T, [V])).toBe(false);
    expect(inWorkerGrids(`${T}621102101202/`, [V])).toBe(false);
    expect(inWorkerGrids(`${T}6211021012010/`, [V])).toBe(false);
    expect(inWorkerGrids(G1, [])).toBe(false);
  });
});

describe('handling a report', () => {
  it('is open to an open report only, not while it is being sent', () => {
    expect(handleable({ status: 'open', sendingBy: null })).toBe('ok');
    expect(handleable({ status: 'open', sendingBy: 'grid.x' })).toBe('being-sent');
    for (const status of ['settled', 'sent', 'rejected'] as const) expect(handleable({ status, sendingBy: null })).toBe('not-open');
  });
});

describe('the case a sent report becomes', () => {
  const levels: Record<string, string> = {
    '621100': 'city',
    '621102': 'county',
    '621102101': 'township',
    '621102101201': 'village',
    '621102101201-01': 'grid',
  };

  it("is registered at the grid's village (the nearest unit that is no third-level grid)", () => {
    expect(caseUnitOf(G1, (c) => levels[c])).toBe('621102101201');
    expect(caseUnitOf(V, (c) => levels[c])).toBe('621102101201');
    expect(caseUnitOf(T, (c) => levels[c])).toBe('621102101');
    expect(caseUnitOf('/x-1/', () => 'grid')).toBeUndefined();
  });

  it('has channel grid, the mapped kind, the category, the grid and position, and the reporter as applicant', () => {
    const body = caseRegistrationOf(
      {
        kind: 'event',
        category: 'other',
        text: '广场  有人\n聚集',
        gridCode: '621102101201-01',
        lng: 104.5,
        lat: 35.7,
        address: '东川村广场',
        attachmentIds: ['9b2f7c1e-4a4e-4d0a-9a59-8d1f0c1e2a3b'],
        reporterName: '张三',
        reporterRole: 'resident',
        createdAt: new Date('2026-12-07T01:00:00Z'),
      },
      '621102101201',
      'grid.621102101201',
      '请镇上协调',
    );
    expect(body).toMatchObject({
      kind: 'complaint',
      category: 'other',
      channel: 'grid',
      orgUnit: '621102101201',
      title: '网格上报：广场 有人 聚集',
      occurredAt: '2026-12-07T01:00:00.000Z',
      location: { gridCode: '621102101201-01', lat: 35.7, lng: 104.5, address: '东川村广场' },
      parties: [{ role: 'applicant', name: '张三' }],
    });
    expect(body.description).toContain('群众 张三 上报，网格员 grid.621102101201 报送中心');
    expect(body.description).toContain('报送说明：请镇上协调');
    expect(body.description).toContain('9b2f7c1e-4a4e-4d0a-9a59-8d1f0c1e2a3b');
  });
});
