import { CHECK_IN_ROLL_CALL_WORKFLOW, chinaMonth, MONTHLY_REPORT_WORKFLOW, monthBefore, monthWindow, previousChinaMonth } from '@fengqiao/contracts';
import { reportsWorkflowsPath } from './index';
import * as bundleEntry from './workflows';

describe('reports bundle entry', () => {
  it('exports the workflow the Schedule and the admin start by name', () => {
    expect(typeof (bundleEntry as Record<string, unknown>)[MONTHLY_REPORT_WORKFLOW]).toBe('function');
    expect(typeof (bundleEntry as Record<string, unknown>)[CHECK_IN_ROLL_CALL_WORKFLOW]).toBe('function');
    expect(reportsWorkflowsPath).toMatch(/[\\/]workflows\.(ts|js)$/);
  });
});

describe('the month a run reports on (China time, UTC+8)', () => {
  it('is the month before the run', () => {
    expect(previousChinaMonth(Date.parse('2026-12-05T08:00:00+08:00'))).toBe('2026-11');
    expect(previousChinaMonth(Date.parse('2027-01-05T08:00:00+08:00'))).toBe('2026-12');
    expect(previousChinaMonth(Date.parse('2026-03-05T08:00:00+08:00'))).toBe('2026-02');
  });

  it('counts the month in China time, not UTC', () => {
    // 2026-12-01 00:30 in Beijing is still 30 November in UTC.
    expect(chinaMonth(Date.parse('2026-12-01T00:30:00+08:00'))).toBe('2026-12');
    expect(previousChinaMonth(Date.parse('2026-12-01T00:30:00+08:00'))).toBe('2026-11');
    expect(previousChinaMonth(Date.parse('2026-11-30T23:59:59+08:00'))).toBe('2026-10');
  });

  it('gives the month as [first day, first day of the next) in China time', () => {
    expect(monthWindow('2026-12')).toEqual({
      from: '2026-12-01',
      to: '2027-01-01',
      fromMs: Date.parse('2026-12-01T00:00:00+08:00'),
      toMs: Date.parse('2027-01-01T00:00:00+08:00'),
    });
    expect(monthWindow('2028-02').to).toBe('2028-03-01');
    expect(monthBefore('2027-01')).toBe('2026-12');
    expect(() => monthWindow('2026-13')).toThrow(RangeError);
  });
});
