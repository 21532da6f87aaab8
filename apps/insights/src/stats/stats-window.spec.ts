import { parseStatsInstant, statsQuerySchema } from '@fengqiao/contracts';
import { splitWindow } from './stats.repository';

const at = (s: string) => parseStatsInstant(s)!;

describe('the stats query', () => {
  it('reads ISO dates as China-time midnights and date-times with or without an offset', () => {
    expect(at('2026-03-01')).toBe(Date.parse('2026-03-01T00:00:00+08:00'));
    expect(at('2026-03-01T08:30')).toBe(Date.parse('2026-03-01T08:30:00+08:00'));
    expect(at('2026-03-01T08:30:00Z')).toBe(Date.parse('2026-03-01T08:30:00Z'));
    expect(at('2026-03-01T08:30:00.123+05:00')).toBe(Date.parse('2026-03-01T08:30:00.123+05:00'));
    for (const bad of ['2026-02-30', '2026-13-01', 'yesterday', '2026-03-01T25:00', '1709251200000', '']) expect(parseStatsInstant(bad)).toBeUndefined();
  });

  it('names every wrong field by path', () => {
    const r = statsQuerySchema.safeParse({ orgUnit: '62; drop', kind: 'alien', from: 'soon', extra: '1' });
    expect(r.success).toBe(false);
    const paths = r.success ? [] : r.error.issues.map((i) => (i.code === 'unrecognized_keys' ? i.keys[0] : i.path.join('.')));
    expect(paths.sort()).toEqual(['extra', 'from', 'kind', 'orgUnit']);
    const backwards = statsQuerySchema.safeParse({ from: '2026-03-02', to: '2026-03-01' });
    expect(backwards.success ? [] : backwards.error.issues.map((i) => i.path.join('.'))).toEqual(['to']);
    expect(statsQuerySchema.safeParse({ kind: ['dispute', 'petition'] }).success).toBe(false);
  });
});

describe('splitWindow', () => {
  it('answers whole China days from the rollups', () => {
    expect(splitWindow(at('2026-01-01'), at('2027-01-01'))).toEqual({ days: { from: '2026-01-01', to: '2027-01-01' }, edges: [] });
    expect(splitWindow(undefined, undefined)).toEqual({ days: { from: undefined, to: undefined }, edges: [] });
  });

  it('reads partial days at the edges from the facts', () => {
    const from = at('2026-03-01T10:00');
    const to = at('2026-03-05T09:00');
    expect(splitWindow(from, to)).toEqual({
      days: { from: '2026-03-02', to: '2026-03-05' },
      edges: [
        [from, at('2026-03-02')],
        [at('2026-03-05'), to],
      ],
    });
    expect(splitWindow(from, at('2026-03-01T18:00'))).toEqual({ edges: [[from, at('2026-03-01T18:00')]] });
    expect(splitWindow(undefined, to)).toEqual({ days: { from: undefined, to: '2026-03-05' }, edges: [[at('2026-03-05'), to]] });
  });
});
