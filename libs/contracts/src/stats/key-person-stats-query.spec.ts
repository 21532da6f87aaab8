import { keyPersonStatsQuerySchema } from './stats';

describe('the key-person statistics query', () => {
  it('takes a unit and a window of China-time dates or date-times', () => {
    expect(keyPersonStatsQuerySchema.parse({ orgUnit: '621102', from: '2026-03-01', to: '2026-04-01' })).toEqual({
      orgUnit: '621102',
      from: Date.parse('2026-03-01T00:00:00+08:00'),
      to: Date.parse('2026-04-01T00:00:00+08:00'),
    });
    expect(keyPersonStatsQuerySchema.parse({})).toEqual({});
  });

  it('refuses an empty window, a case kind, and anything else', () => {
    const issues = (q: object) => {
      const r = keyPersonStatsQuerySchema.safeParse(q);
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.') || i.code);
    };
    expect(issues({ from: '2026-04-01', to: '2026-03-01' })).toEqual(['to']);
    expect(issues({ kind: 'petition' })).toEqual(['unrecognized_keys']);
    expect(issues({ orgUnit: 'township' })).toEqual(['orgUnit']);
    expect(issues({ from: '2026-02-30' })).toEqual(['from']);
  });
});
