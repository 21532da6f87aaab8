import { economicStandardSchema } from './eligibility';

const standard = (o: Record<string, unknown>) => ({
  orgUnit: '621102',
  minimumLivingMonthly: 760,
  multiplier: 2,
  effectiveFrom: '2026-01-01',
  source: '某县民政局关于调整城乡低保标准的通知',
  ...o,
});

describe('economicStandardSchema: what the numeric(6,3) and date columns can hold', () => {
  it.each([2, 1.5, 0.001, 0.333, 10])('takes the multiplier %p', (multiplier) => {
    expect(economicStandardSchema.safeParse(standard({ multiplier })).success).toBe(true);
  });

  it.each([5e-324, 0, 0.0004, 1.2345, 10.001])('refuses the multiplier %p (it would be stored as another number)', (multiplier) => {
    expect(economicStandardSchema.safeParse(standard({ multiplier })).success).toBe(false);
  });

  it.each(['2026-02-30', '2026-13-01', '2026-1-1'])('refuses %p as the day it takes effect', (effectiveFrom) => {
    expect(economicStandardSchema.safeParse(standard({ effectiveFrom })).success).toBe(false);
  });
});
