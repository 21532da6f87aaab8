import type { FieldReportView, KeyPersonTaskView } from '@fengqiao/contracts';
import { fieldReportInputSchema, fieldReportRejectSchema, fieldReportSendSchema, fieldReportSettleSchema } from '@fengqiao/contracts';
import type { CaseView } from '../api/api.types';
import { en, zh } from '../i18n/dictionary';
import {
  beijingClock,
  fieldPosition,
  fieldReportBody,
  followUpActions,
  followUpBody,
  geoProblem,
  keyPersonTasksDue,
  reportsToFollowUp,
  returnVisitsDue,
} from './grid.helpers';

describe("the grid worker's check-in of the day", () => {
  it('says the time in Beijing time, whatever offset the answer has', () => {
    expect(beijingClock('2026-12-07T08:05:00+08:00')).toBe('08:05');
    expect(beijingClock('2026-12-06T23:59:30Z')).toBe('07:59');
    expect(beijingClock('not a time')).toBe('not a time');
  });
});

describe("the phone's position", () => {
  it('names why there is none, each reason with words in both languages', () => {
    const reasons = [geoProblem(1), geoProblem(2), geoProblem(3), geoProblem(0)];
    expect(reasons).toEqual(['geoDenied', 'geoUnavailable', 'geoTimeout', 'geoUnsupported']);
    for (const r of reasons) {
      expect(zh[r]).toBeTruthy();
      expect(en[r]).toBeTruthy();
    }
  });

  it('is the API position: degrees as read, accuracy in whole metres within the contract', () => {
    expect(fieldPosition({ longitude: 104.4745, latitude: 35.7535, accuracy: 12.6 })).toEqual({ lng: 104.4745, lat: 35.7535, accuracy: 13 });
    expect(fieldPosition({ longitude: 1, latitude: 2, accuracy: 5e6 }).accuracy).toBe(100_000);
    expect(fieldPosition({ longitude: 1, latitude: 2, accuracy: null })).toEqual({ lng: 1, lat: 2 });
    expect(fieldPosition({ longitude: 1, latitude: 2, accuracy: Number.NaN })).toEqual({ lng: 1, lat: 2 });
  });
});

describe('the field report body', () => {
  const values = {
    kind: 'hazard' as const,
    category: 'other',
    text: '  巷口电线垂落，离地不足两米  ',
    position: { lng: 104.4745, lat: 35.7535, accuracy: 15 },
    address: '  ',
    settle: false,
    settledOnSpot: { result: '已通知电力所' },
  };

  it('is what the contract accepts: trimmed text, empty optional fields left out, no result unless settled', () => {
    const body = fieldReportBody(values);
    expect(body).toEqual({ kind: 'hazard', category: 'other', text: '巷口电线垂落，离地不足两米', position: { lng: 104.4745, lat: 35.7535, accuracy: 15 } });
    expect(fieldReportInputSchema.safeParse(body).success).toBe(true);
  });

  it('carries the on-the-spot result and the address when given', () => {
    const body = fieldReportBody({ ...values, settle: true, address: ' 东川村三社 ', position: { lng: 104.47, lat: 35.75, accuracy: null } });
    expect(body.settledOnSpot).toEqual({ result: '已通知电力所' });
    expect(body.address).toBe('东川村三社');
    expect(body.position).toEqual({ lng: 104.47, lat: 35.75 });
    expect(fieldReportInputSchema.safeParse(body).success).toBe(true);
  });

  it('settling with an empty result sends no result, and the contract then takes it as an open report', () => {
    expect(fieldReportBody({ ...values, settle: true, settledOnSpot: { result: '  ' } }).settledOnSpot).toBeUndefined();
  });

  it('a missing position is refused by the contract, not sent as zeros', () => {
    const body = fieldReportBody({ ...values, position: {} });
    expect(fieldReportInputSchema.safeParse(body).success).toBe(false);
  });
});

describe("today's tasks", () => {
  const report = (id: string, status: FieldReportView['status'], createdAt: string): FieldReportView => ({
    id,
    kind: 'hazard',
    category: 'other',
    text: '…',
    status,
    gridCode: '621102101201-01',
    position: { lng: 104.47, lat: 35.75 },
    reporter: { username: 'resident.1', role: 'resident' },
    attachmentIds: [],
    createdAt,
  });

  it('field reports to follow up: the open ones, the longest waiting first', () => {
    const out = reportsToFollowUp([
      report('b', 'open', '2026-12-07T09:00:00+08:00'),
      report('s', 'settled', '2026-12-07T07:00:00+08:00'),
      report('a', 'open', '2026-12-07T08:00:00+08:00'),
      report('x', 'sent', '2026-12-06T08:00:00+08:00'),
    ]);
    expect(out.map((r) => r.id)).toEqual(['a', 'b']);
  });

  const task = (personId: string, obligation: KeyPersonTaskView['obligation'], bucket: KeyPersonTaskView['bucket'], dueAt: string) =>
    ({ personId, obligation, bucket, dueAt, nameMasked: '亓***', riskLevel: 'medium', colour: 'green', orgUnit: '621102101201' }) as KeyPersonTaskView;

  it('key-person tasks due by tonight: overdue, then today, then the special-period reports; later ones wait', () => {
    const out = keyPersonTasksDue([
      task('later', 'contact', 'later', '2026-12-20T00:00:00Z'),
      task('today', 'contact', 'today', '2026-12-07T10:00:00Z'),
      task('week', 'contact', 'week', '2026-12-09T00:00:00Z'),
      task('report', 'daily-report', 'today', '2026-12-07T12:00:00Z'),
      task('late', 'contact', 'overdue', '2026-12-01T00:00:00Z'),
    ]);
    expect(out.map((x) => x.personId)).toEqual(['late', 'today', 'report']);
  });

  const kase = (caseNo: string, clocks: Array<{ kind: string; due: string }>) => ({ id: caseNo, caseNo, clocks }) as unknown as CaseView;

  it('return visits: the cases with a return-visit clock running, the soonest due first', () => {
    const out = returnVisitsDue([
      kase('c-1', [{ kind: 'first-reply', due: '2026-12-08T00:00:00Z' }]),
      kase('c-2', [{ kind: 'return-visit', due: '2026-12-12T00:00:00Z' }]),
      kase('c-3', [
        { kind: 'first-reply', due: '2026-12-01T00:00:00Z' },
        { kind: 'return-visit', due: '2026-12-10T00:00:00Z' },
      ]),
      { id: 'c-4', caseNo: 'c-4' } as unknown as CaseView,
    ]);
    expect(out.map((x) => [x.case.caseNo, x.due])).toEqual([
      ['c-3', '2026-12-10T00:00:00Z'],
      ['c-2', '2026-12-12T00:00:00Z'],
    ]);
  });
});

describe('following a field report up', () => {
  const r = (status: 'open' | 'settled' | 'sent' | 'rejected', role: 'grid-worker' | 'resident') => ({ status, reporter: { username: 'u', role } });

  it('offers settle and send on an open report, reject only on a resident’s, nothing once handled', () => {
    expect(followUpActions(r('open', 'grid-worker'))).toEqual(['settle', 'send']);
    expect(followUpActions(r('open', 'resident'))).toEqual(['settle', 'send', 'reject']);
    for (const s of ['settled', 'sent', 'rejected'] as const) expect(followUpActions(r(s, 'resident'))).toEqual([]);
  });

  it('sends the bodies the contract takes', () => {
    expect(fieldReportSettleSchema.safeParse(followUpBody('settle', ' 已清理 ')).success).toBe(true);
    expect(followUpBody('settle', ' 已清理 ')).toEqual({ result: '已清理' });
    expect(followUpBody('send', '  ')).toEqual({});
    expect(fieldReportSendSchema.safeParse(followUpBody('send', '  ')).success).toBe(true);
    expect(followUpBody('send', '需住建部门处置')).toEqual({ note: '需住建部门处置' });
    expect(fieldReportRejectSchema.safeParse(followUpBody('reject', '现场核实无此情况')).success).toBe(true);
    // An empty reason is refused by the contract, as the dialog refuses it first.
    expect(fieldReportRejectSchema.safeParse(followUpBody('reject', ' ')).success).toBe(false);
  });
});
