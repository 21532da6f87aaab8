import type { CloudEvent } from '@fengqiao/contracts';
import { classifyFieldReportEvent, fieldReportStatsOf } from './field-reports';

const event = (data: unknown) => ({ type: 'x', data }) as unknown as CloudEvent;
const PATH = '/621100/621102/621102101/621102101201/621102101201-01/';
const base = { reportId: 'r1', kind: 'hazard', category: 'other', gridCode: '621102101201-01', path: PATH, at: '2026-12-07T09:00:00+08:00' };

describe('field-report events as the read model reads them', () => {
  it('reads recorded, handled and verified events', () => {
    expect(
      classifyFieldReportEvent(
        event({ ...base, status: 'open', reporterUsername: 'resident.demo', reporterRole: 'resident' }),
        'fq.evt.g.field-report.recorded',
      ),
    ).toMatchObject({ event: 'recorded', status: 'open', reporterRole: 'resident' });
    expect(
      classifyFieldReportEvent(
        event({ ...base, status: 'sent', reporterUsername: 'r', reporterRole: 'resident', handledBy: 'grid.x', recordedAt: base.at }),
        't1.fq.evt.g.field-report.handled',
      ),
    ).toMatchObject({ event: 'handled', status: 'sent', handledBy: 'grid.x' });
    expect(
      classifyFieldReportEvent(event({ ...base, outcome: 'settled', residentUsername: 'resident.demo', residentSub: 's' }), 'fq.evt.g.field-report.verified'),
    ).toMatchObject({ event: 'verified', status: 'settled', reporterUsername: 'resident.demo', reporterRole: 'resident' });
  });

  it('skips anything malformed or not its own (retrying cannot help)', () => {
    const ok = { ...base, status: 'open', reporterUsername: 'r', reporterRole: 'resident' };
    expect(classifyFieldReportEvent(event({ ...ok, path: 'nowhere' }), 'fq.evt.g.field-report.recorded')).toBeUndefined();
    expect(classifyFieldReportEvent(event({ ...ok, kind: 'fire' }), 'fq.evt.g.field-report.recorded')).toBeUndefined();
    expect(classifyFieldReportEvent(event({ ...ok, reporterRole: 'clerk' }), 'fq.evt.g.field-report.recorded')).toBeUndefined();
    expect(classifyFieldReportEvent(event({ ...ok, handledBy: 'g', recordedAt: base.at }), 'fq.evt.g.field-report.handled')).toBeUndefined();
    expect(classifyFieldReportEvent(event(ok), 'fq.evt.g.field-report.other')).toBeUndefined();
    expect(classifyFieldReportEvent(event(null), 'fq.evt.g.field-report.recorded')).toBeUndefined();
  });
});

describe('field-report counts by grid', () => {
  it('folds rows by grid, kind and status into totals with every status and kind present', () => {
    const v = fieldReportStatsOf('621102', [
      { grid_code: 'b', kind: 'hazard', status: 'open', reports: 2, from_residents: 1, verified: 0 },
      { grid_code: 'a', kind: 'dispute', status: 'settled', reports: 3, from_residents: 2, verified: 2 },
      { grid_code: 'a', kind: 'hazard', status: 'sent', reports: 1, from_residents: 1, verified: 1 },
      { grid_code: 'a', kind: 'unknown', status: 'sent', reports: 9, from_residents: 9, verified: 9 },
    ]);
    expect(v).toEqual({
      orgUnit: '621102',
      total: 6,
      byStatus: { open: 2, settled: 3, sent: 1, rejected: 0 },
      byKind: { hazard: 3, dispute: 3, event: 0 },
      fromResidents: 4,
      verified: 3,
      grids: [
        { gridCode: 'a', total: 4, byStatus: { open: 0, settled: 3, sent: 1, rejected: 0 }, byKind: { hazard: 1, dispute: 3, event: 0 } },
        { gridCode: 'b', total: 2, byStatus: { open: 2, settled: 0, sent: 0, rejected: 0 }, byKind: { hazard: 2, dispute: 0, event: 0 } },
      ],
    });
    expect(fieldReportStatsOf('x', []).grids).toEqual([]);
  });
});
