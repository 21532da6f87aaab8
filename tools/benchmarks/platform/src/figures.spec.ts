import { figures, highestRate, percentile, ratios, SETTLE_LIMIT_MS, sustained, type Row } from './figures';

const row = (name: string, concurrency: number, perSecond: number, p50: number): Row => ({
  name,
  concurrency,
  perSecond,
  p50,
  ok: 1,
  errors: 0,
  seconds: 1,
  p95: p50,
  p99: p50,
});

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('takes the value at the rank ⌈p·n⌉', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([7, 9, 30], 50)).toBe(9);
    expect(percentile([7, 9, 30], 99)).toBe(30);
  });

  it('gives the only sample for any p, and NaN without samples', () => {
    expect(percentile([4], 0)).toBe(4);
    expect(percentile([4], 99)).toBe(4);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('figures of one run', () => {
  it('sorts the latencies, counts the successes per second of wall time, keeps errors out of both', () => {
    const f = figures([30, 10, 20, 40], 3, 2);
    expect(f).toMatchObject({ ok: 4, errors: 3, seconds: 2, perSecond: 2, p50: 20, p95: 40, p99: 40 });
  });

  it('answers 0 per second for a run of no time', () => {
    expect(figures([], 0, 0).perSecond).toBe(0);
  });
});

describe('ratios of a path to its baseline', () => {
  const rows = [
    row('temporal-start', 8, 200, 40),
    row('temporal-start', 32, 200, 160),
    row('register', 8, 20, 400),
    row('register', 32, 25, 1280),
    row('register', 64, 30, 2000),
  ];

  it('divides throughput and p50 at the same concurrency, skipping a step the baseline lacks', () => {
    const r = ratios(rows, [{ path: 'register', baseline: 'temporal-start' }]);
    expect(r).toEqual([
      { path: 'register', baseline: 'temporal-start', concurrency: 8, throughput: 0.1, p50: 10 },
      { path: 'register', baseline: 'temporal-start', concurrency: 32, throughput: 0.125, p50: 8 },
    ]);
  });

  it('skips a baseline that measured nothing', () => {
    expect(ratios([row('a', 1, 5, 10), row('b', 1, 0, Number.NaN)], [{ path: 'a', baseline: 'b' }])).toEqual([]);
  });

  it('finds the highest rate of a path', () => {
    expect(highestRate(rows, 'register')).toBe(30);
    expect(highestRate(rows, 'missing')).toBe(0);
  });
});

describe('a sustained run', () => {
  // 30 s at 2/s: one sample per half second, each answered in `ms(at)`.
  const samples = (ms: (at: number) => number) => Array.from({ length: 60 }, (_, i) => ({ at: i / 2, ms: ms(i / 2) }));

  it('held when nothing failed or was dropped and the last third answered like the first', () => {
    const s = sustained(
      samples(() => 100),
      0,
      0,
      2,
      30,
    );
    expect(s).toMatchObject({ ok: 60, perSecond: 2, target: 2, p99: 100, firstThirdP95: 100, lastThirdP95: 100, held: true });
  });

  it('did not hold when the waiting grew by more than double and a second (a queue building up)', () => {
    const s = sustained(
      samples((at) => 100 + at * 200),
      0,
      0,
      2,
      30,
    );
    expect(s.lastThirdP95).toBeGreaterThan(2 * s.firstThirdP95);
    expect(s.lastThirdP95).toBeGreaterThan(s.firstThirdP95 + 1000);
    expect(s.held).toBe(false);
  });

  it('held when small latencies wobbled by more than double but less than a second', () => {
    const s = sustained(
      samples((at) => (at < 20 ? 50 : 130)),
      0,
      0,
      2,
      30,
    );
    expect(s).toMatchObject({ firstThirdP95: 50, lastThirdP95: 130, held: true });
  });

  it('did not hold with an error or a dropped arrival', () => {
    expect(
      sustained(
        samples(() => 100),
        1,
        0,
        2,
        30,
      ).held,
    ).toBe(false);
    expect(
      sustained(
        samples(() => 100),
        0,
        1,
        2,
        30,
      ).held,
    ).toBe(false);
    expect(sustained([], 0, 0, 2, 30).held).toBe(false);
  });

  it('did not hold when the work behind the answers finished late or never (the answers alone held)', () => {
    const steady = samples(() => 100);
    expect(sustained(steady, 0, 0, 2, 30, 400)).toMatchObject({ settledMs: 400, held: true });
    expect(sustained(steady, 0, 0, 2, 30, SETTLE_LIMIT_MS + 1).held).toBe(false);
    expect(sustained(steady, 0, 0, 2, 30, null)).toMatchObject({ settledMs: null, held: false });
    expect(sustained(steady, 0, 0, 2, 30)).not.toHaveProperty('settledMs');
  });
});
