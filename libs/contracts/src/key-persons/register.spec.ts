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
});
