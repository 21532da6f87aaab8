import { specialPeriodSchema } from './register';

describe('specialPeriodSchema: days a date column can hold', () => {
  const period = (startsOn: string, endsOn: string) => ({ orgUnit: '621102101', name: '春节', startsOn, endsOn });

  it('takes a period of real days', () => {
    expect(specialPeriodSchema.safeParse(period('2027-02-10', '2027-02-17')).success).toBe(true);
  });

  it.each([
    ['2027-02-30', '2027-03-01'],
    ['5485-56-90', '5511-62-60'],
  ])('refuses %s – %s (it was a 500)', (startsOn, endsOn) => {
    expect(specialPeriodSchema.safeParse(period(startsOn, endsOn)).success).toBe(false);
  });

  it('takes a period of up to 120 days and refuses a longer one (each day is an obligation a workflow plans)', () => {
    expect(specialPeriodSchema.safeParse(period('2027-01-01', '2027-04-30')).success).toBe(true);
    const longer = specialPeriodSchema.safeParse(period('2027-01-01', '2027-05-01'));
    expect(longer.success).toBe(false);
    expect(longer.error?.issues[0]).toMatchObject({ path: ['endsOn'], message: expect.stringContaining('at most 120 days') });
    expect(specialPeriodSchema.safeParse(period('1900-01-01', '9999-12-31')).success).toBe(false);
  });
});
