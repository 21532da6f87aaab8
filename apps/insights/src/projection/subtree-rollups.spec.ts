import { CONTRIBUTION_FIELDS, type Contribution, type RollupKey } from './case-facts';
import { monthOf, nextMonth, pathPrefixes, periodRanges, subtreeCells } from './subtree-rollups';

const counts = (c: Partial<Contribution>): Contribution => ({
  ...(Object.fromEntries(CONTRIBUTION_FIELDS.map((f) => [f, 0])) as unknown as Contribution),
  ...c,
});
const key = (orgUnit: string, day: string, category = 'land'): RollupKey => ({ orgUnit, kind: 'dispute', category, day });

describe('pathPrefixes', () => {
  it('gives everything, then each unit down the path to the unit itself', () => {
    expect(pathPrefixes('/621100/621102/621102101/')).toEqual(['/', '/621100/', '/621100/621102/', '/621100/621102/621102101/']);
    expect(pathPrefixes('/621100/')).toEqual(['/', '/621100/']);
  });
});

describe('months', () => {
  it('finds the first day of a date’s month and of the next', () => {
    expect(monthOf('2026-03-17')).toBe('2026-03-01');
    expect(nextMonth('2026-03-17')).toBe('2026-04-01');
    expect(nextMonth('2026-12-01')).toBe('2027-01-01');
  });
});

describe('periodRanges', () => {
  it('reads whole months as month rows', () => {
    expect(periodRanges({ from: '2025-01-01', to: '2026-01-01' })).toEqual([{ grain: 'month', from: '2025-01-01', to: '2026-01-01' }]);
    expect(periodRanges({ from: '2026-03-01', to: '2026-04-01' })).toEqual([{ grain: 'month', from: '2026-03-01', to: '2026-04-01' }]);
  });

  it('reads the days before the first whole month and after the last as day rows', () => {
    expect(periodRanges({ from: '2025-01-15', to: '2025-12-10' })).toEqual([
      { grain: 'day', from: '2025-01-15', to: '2025-02-01' },
      { grain: 'month', from: '2025-02-01', to: '2025-12-01' },
      { grain: 'day', from: '2025-12-01', to: '2025-12-10' },
    ]);
    // Across a year's end, ending on a month's first day.
    expect(periodRanges({ from: '2025-12-31', to: '2026-02-01' })).toEqual([
      { grain: 'day', from: '2025-12-31', to: '2026-01-01' },
      { grain: 'month', from: '2026-01-01', to: '2026-02-01' },
    ]);
  });

  it('reads a window within one month, or one spanning no whole month, as days', () => {
    expect(periodRanges({ from: '2026-03-02', to: '2026-03-20' })).toEqual([{ grain: 'day', from: '2026-03-02', to: '2026-03-20' }]);
    expect(periodRanges({ from: '2026-03-15', to: '2026-04-10' })).toEqual([{ grain: 'day', from: '2026-03-15', to: '2026-04-10' }]);
    expect(periodRanges({ from: '2026-03-15', to: '2026-04-01' })).toEqual([{ grain: 'day', from: '2026-03-15', to: '2026-04-01' }]);
    expect(periodRanges({ from: '2026-03-01', to: '2026-03-02' })).toEqual([{ grain: 'day', from: '2026-03-01', to: '2026-03-02' }]);
  });

  it('reads every month on an open side', () => {
    expect(periodRanges({})).toEqual([{ grain: 'month', from: undefined, to: undefined }]);
    expect(periodRanges({ from: '2026-03-15' })).toEqual([
      { grain: 'day', from: '2026-03-15', to: '2026-04-01' },
      { grain: 'month', from: '2026-04-01', to: undefined },
    ]);
    expect(periodRanges({ to: '2026-03-15' })).toEqual([
      { grain: 'month', from: undefined, to: '2026-03-01' },
      { grain: 'day', from: '2026-03-01', to: '2026-03-15' },
    ]);
  });

  it('covers every day of the window exactly once', () => {
    const DAY = 86_400_000;
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const days = (from: string, to: string) => {
      const out: string[] = [];
      for (let d = Date.parse(`${from}T00:00:00Z`); day(d) < to; d += DAY) out.push(day(d));
      return out;
    };
    const start = Date.parse('2025-11-20T00:00:00Z');
    for (let a = 0; a < 120; a += 7)
      for (let b = a + 1; b < 130; b += 5) {
        const [from, to] = [day(start + a * DAY), day(start + b * DAY)];
        // A day row stands for its day, a month row for every day of its month.
        const read = periodRanges({ from, to }).flatMap((r) =>
          r.grain === 'day'
            ? days(r.from!, r.to!)
            : days(r.from!, r.to!)
                .filter((d) => d.endsWith('-01'))
                .flatMap((m) => days(m, nextMonth(m))),
        );
        expect(read).toEqual(days(from, to));
      }
  });
});

describe('subtreeCells', () => {
  const paths = new Map([
    ['621102101', '/621100/621102/621102101/'],
    ['621102102', '/621100/621102/621102102/'],
  ]);

  it('adds a change at every prefix of its unit’s path, for its day and its month', () => {
    const cells = subtreeCells([{ key: key('621102101', '2026-03-17'), counts: counts({ received: 1, closed: 1 }) }], paths);
    expect(cells.map((c) => [c.path, c.grain, c.period])).toEqual([
      ['/', 'day', '2026-03-17'],
      ['/', 'month', '2026-03-01'],
      ['/621100/', 'day', '2026-03-17'],
      ['/621100/', 'month', '2026-03-01'],
      ['/621100/621102/', 'day', '2026-03-17'],
      ['/621100/621102/', 'month', '2026-03-01'],
      ['/621100/621102/621102101/', 'day', '2026-03-17'],
      ['/621100/621102/621102101/', 'month', '2026-03-01'],
    ]);
    expect(cells.every((c) => c.counts.received === 1 && c.counts.closed === 1)).toBe(true);
  });

  it('sums changes meeting on a row and drops the rows they cancel on', () => {
    // A case moved from one township to its neighbour on the same day: the county and above are unchanged.
    const cells = subtreeCells(
      [
        { key: key('621102101', '2026-03-17'), counts: counts({ received: -1 }) },
        { key: key('621102102', '2026-03-17'), counts: counts({ received: 1 }) },
      ],
      paths,
    );
    expect(cells.map((c) => [c.path, c.grain, c.counts.received])).toEqual([
      ['/621100/621102/621102101/', 'day', -1],
      ['/621100/621102/621102101/', 'month', -1],
      ['/621100/621102/621102102/', 'day', 1],
      ['/621100/621102/621102102/', 'month', 1],
    ]);
  });

  it('leaves out a unit the read model has not placed', () => {
    expect(subtreeCells([{ key: key('999999', '2026-03-17'), counts: counts({ received: 1 }) }], paths)).toEqual([]);
  });
});
