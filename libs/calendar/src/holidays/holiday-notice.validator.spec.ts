import { parseHolidayNotice, type NoticeIssue } from './holiday-notice.validator';

const valid = {
  year: 2027,
  notice: '国办发明电〔2026〕1号',
  publishedOn: '2026-11-10',
  daysOff: ['2027-01-02', '2027-01-01', '2027-01-03'],
  adjustedWorkdays: ['2027-01-09'],
};

function errorsOf(json: unknown): readonly NoticeIssue[] {
  const result = parseHolidayNotice(json);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

const paths = (json: unknown) => errorsOf(json).map((e) => e.path);

describe('parseHolidayNotice', () => {
  it('accepts a well-formed notice and returns sorted, frozen dates', () => {
    const result = parseHolidayNotice(valid);
    expect(result).toEqual({
      ok: true,
      notice: { ...valid, daysOff: ['2027-01-01', '2027-01-02', '2027-01-03'] },
    });
    expect(result.ok && Object.isFrozen(result.notice.daysOff)).toBe(true);
  });

  it.each([null, 'x', 42, [valid]])('rejects a non-object %p', (json) => {
    expect(paths(json)).toEqual(['']);
  });

  it('rejects a date outside the notice year', () => {
    const errors = errorsOf({ ...valid, daysOff: ['2026-12-31', '2027-01-01'] });
    expect(errors).toEqual([{ path: 'daysOff[0]', message: expect.stringContaining('2026-12-31 不在 2027 年内') }]);
    expect(errors[0].message).toContain('is not in year 2027');
  });

  it('rejects impossible and malformed dates', () => {
    expect(paths({ ...valid, daysOff: ['2027-02-29', '2027-1-5', 20270101] })).toEqual(['daysOff[0]', 'daysOff[1]', 'daysOff[2]']);
    expect(paths({ ...valid, publishedOn: '2026-11-31' })).toEqual(['publishedOn']);
  });

  it('rejects a day that is both off and a working day', () => {
    // 2027-01-02 is a Saturday, so only the overlap is wrong.
    const errors = errorsOf({ ...valid, adjustedWorkdays: ['2027-01-02'] });
    expect(errors).toEqual([{ path: 'adjustedWorkdays[0]', message: expect.stringContaining('同时被列为放假日和调休上班日') }]);
  });

  it('rejects an adjusted working day that is not a weekend', () => {
    // 2027-01-08 is a Friday.
    const errors = errorsOf({ ...valid, adjustedWorkdays: ['2027-01-09', '2027-01-08'] });
    expect(errors).toEqual([{ path: 'adjustedWorkdays[1]', message: expect.stringContaining('is not a Saturday or Sunday') }]);
  });

  it('rejects empty daysOff, duplicates, bad year, empty notice and unknown fields — all at once', () => {
    expect(paths({ ...valid, daysOff: [] })).toEqual(['daysOff']);
    expect(paths({ ...valid, daysOff: ['2027-01-01', '2027-01-01'] })).toEqual(['daysOff[1]']);
    expect(paths({ year: '2027', notice: ' ', publishedOn: '2026-11-10', daysOff: 'x', adjustedWorkday: [] })).toEqual([
      'adjustedWorkday',
      'year',
      'notice',
      'daysOff',
      'adjustedWorkdays',
    ]);
    expect(paths({ ...valid, year: 2027.5 })).toEqual(['year']);
  });

  it('writes Chinese first, then English', () => {
    for (const { message } of errorsOf({ ...valid, daysOff: [] })) {
      expect(message).toMatch(/^[^\x00-\x7F].* \/ [A-Za-z]/);
    }
  });
});
