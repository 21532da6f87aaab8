import { ratio, statsFromTotals, ZERO_TOTALS, type Totals } from './stats-metrics';

const totals = (t: Partial<Record<keyof Totals, number>>): Totals => ({
  ...ZERO_TOTALS,
  ...Object.fromEntries(Object.entries(t).map(([k, v]) => [k, BigInt(v)])),
});

describe('ratio', () => {
  it('rounds half up to 4 decimals in exact arithmetic', () => {
    expect(ratio(4235n, 5164n)).toBe(0.8201);
    expect(ratio(5442n, 5457n)).toBe(0.9973);
    expect(ratio(1n, 3n)).toBe(0.3333);
    expect(ratio(2n, 3n)).toBe(0.6667);
    // Exactly halfway: 0.00005 goes up, where binary floating point would go down.
    expect(ratio(1n, 20000n)).toBe(0.0001);
    expect(ratio(10005n, 100000000n)).toBe(0.0001);
    expect(ratio(100045n, 1000000n)).toBe(0.1);
    expect(ratio(100050n, 1000000n)).toBe(0.1001);
    expect(ratio(7n, 7n)).toBe(1);
  });

  it('gives 0 for a zero denominator, never NaN', () => {
    expect(ratio(0n, 0n)).toBe(0);
    expect(ratio(5n, 0n)).toBe(0);
  });
});

describe('statsFromTotals', () => {
  it('answers all zeros when nothing was received', () => {
    expect(statsFromTotals(ZERO_TOTALS)).toEqual({
      received: 0,
      closed: 0,
      closureRate: 0,
      resolvedAtFirstContact: 0,
      mediated: 0,
      mediationSucceeded: 0,
      mediationSuccessRate: 0,
      resolved: 0,
      resolutionRate: 0,
      closedOnTime: 0,
      onTimeRate: 0,
      avgFirstReplyHours: 0,
      satisfactionRate: 0,
      warnings: { green: 0, yellow: 0, red: 0 },
    });
  });

  it('computes each rate over its own denominator (docs/metrics.md)', () => {
    const s = statsFromTotals(
      totals({
        received: 10057,
        closed: 9980,
        resolvedAtFirstContact: 4000,
        mediated: 5164,
        mediationSucceeded: 4235,
        resolved: 8235,
        closedOnTime: 9000,
        firstReplyCount: 3,
        firstReplyMsSum: 3 * 3_600_000 + 1_800_000,
        ratings: 8,
        ratingsSatisfied: 7,
        openGreen: 50,
        openYellow: 20,
        openRed: 7,
      }),
    );
    expect(s).toMatchObject({
      closureRate: 0.9923,
      mediationSuccessRate: 0.8201,
      resolutionRate: 0.8188,
      onTimeRate: 0.9018,
      avgFirstReplyHours: 1.1667,
      satisfactionRate: 0.875,
      warnings: { green: 50, yellow: 20, red: 7 },
    });
  });

  it('keeps a city-sized millisecond sum exact', () => {
    const s = statsFromTotals(totals({ firstReplyCount: 1_000_000, firstReplyMsSum: 14_400_000 * 1_000_000 + 180 }));
    expect(s.avgFirstReplyHours).toBe(4);
  });
});
