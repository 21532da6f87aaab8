import { MAX_SPECIAL_PERIOD_DAYS, type KeyPersonSupervisionInput } from '@fengqiao/contracts';
import { raisedKey, SupervisionPlan } from './supervision-plan';

const DAY = 24 * 60 * 60 * 1000;
const REG = '2027-03-01T02:00:00.000Z';
const plus = (at: string, ms: number) => new Date(Date.parse(at) + ms).toISOString();
const input = (o: Partial<KeyPersonSupervisionInput> = {}): KeyPersonSupervisionInput => ({
  personId: 'p1',
  orgUnit: '621102101',
  riskLevel: 'high',
  registeredAt: REG,
  ...o,
});
const kinds = (p: SupervisionPlan) => p.effects.splice(0).map((e) => `${e.kind}:${e.ref.key}${e.kind === 'warn' ? `:${e.colour}` : ''}`);

describe('the supervision plan (pure)', () => {
  it('a fresh run tells every due time; a continuation tells none and keeps its colours', () => {
    expect(kinds(new SupervisionPlan(input(), true))).toEqual(['plan:contact', 'plan:assessment', 'plan:summary']);
    const due = plus(REG, 7 * DAY);
    const continued = new SupervisionPlan(input({ raised: [raisedKey('contact', due, 'yellow')] }), false);
    expect(continued.effects).toEqual([]);
    expect(continued.state.obligations[0]).toMatchObject({ key: 'contact', dueAt: due, colour: 'yellow' });
    continued.tick(Date.parse(due) + DAY);
    expect(kinds(continued)).toEqual([]);
    continued.tick(Date.parse(due) + 2 * DAY);
    expect(kinds(continued)).toEqual(['warn:contact:red']);
  });

  it('raises yellow then red at once for a due long passed, and nothing when ticked again', () => {
    const p = new SupervisionPlan(input(), false);
    p.tick(Date.parse(REG) + 30 * DAY);
    expect(kinds(p)).toEqual(['warn:contact:yellow', 'warn:contact:red']);
    p.tick(Date.parse(REG) + 31 * DAY);
    expect(kinds(p)).toEqual([]);
    // A red contact waits for nothing more: the next change is the assessment's due time.
    expect(p.nextChangeMs()).toBe(Date.parse(p.state.obligations.find((o) => o.key === 'assessment')!.dueAt));
  });

  it('ignores a contact older than the last one (no met, no re-plan)', () => {
    const p = new SupervisionPlan(input({ lastContactAt: plus(REG, 2 * DAY) }), false);
    p.contactRecorded(plus(REG, DAY));
    expect(kinds(p)).toEqual([]);
    expect(p.state.lastContactAt).toBe(plus(REG, 2 * DAY));
    p.contactRecorded(plus(REG, 3 * DAY));
    expect(kinds(p)).toEqual(['met:contact', 'plan:contact']);
  });

  it('a report received before its period is declared keeps that day from being planned; a re-declared period adds only new days', () => {
    const p = new SupervisionPlan(input(), false);
    p.dailyReportRecorded('sp', '2027-03-02', plus(REG, DAY));
    p.addSpecialPeriod({ periodId: 'sp', startsOn: '2027-03-02', endsOn: '2027-03-03' });
    expect(kinds(p)).toEqual(['plan:daily-report:sp/2027-03-03']);
    p.addSpecialPeriod({ periodId: 'sp', startsOn: '2027-03-02', endsOn: '2027-03-04' });
    expect(kinds(p)).toEqual(['plan:daily-report:sp/2027-03-04']);
    expect(p.state.specialPeriods).toEqual([{ periodId: 'sp', startsOn: '2027-03-02', endsOn: '2027-03-04' }]);
  });

  it('plans at most MAX_SPECIAL_PERIOD_DAYS days of a period, counted from its start, however long the period stored', () => {
    const p = new SupervisionPlan(input(), false);
    p.addSpecialPeriod({ periodId: 'long', startsOn: '1900-01-01', endsOn: '9999-12-31' });
    expect(kinds(p)).toEqual([]); // 1900 plus 120 days lies before the registration: nothing left to plan
    p.addSpecialPeriod({ periodId: 'year', startsOn: '2027-03-02', endsOn: '2028-03-01' });
    const planned = kinds(p);
    expect(planned).toHaveLength(MAX_SPECIAL_PERIOD_DAYS);
    expect(planned[0]).toBe('plan:daily-report:year/2027-03-02');
    expect(planned.at(-1)).toBe('plan:daily-report:year/2027-06-29');
  });

  it('continues with what is done and only the warnings of open obligations', () => {
    const p = new SupervisionPlan(input(), false);
    p.tick(Date.parse(REG) + 8 * DAY);
    p.contactRecorded(plus(REG, 8 * DAY));
    p.addSpecialPeriod({ periodId: 'sp', startsOn: '2027-03-09', endsOn: '2027-03-09' });
    p.dailyReportRecorded('sp', '2027-03-09', plus(REG, 8 * DAY));
    const next = p.continuation(input({ queuePrefix: 't1' }));
    expect(next).toMatchObject({
      personId: 'p1',
      riskLevel: 'high',
      queuePrefix: 't1',
      cadenceVersion: 1,
      lastContactAt: plus(REG, 8 * DAY),
      dailyReports: ['sp/2027-03-09'],
      specialPeriods: [{ periodId: 'sp', startsOn: '2027-03-09', endsOn: '2027-03-09' }],
      // the yellow of the met contact is history (the service keeps it); the run forgets it.
      raised: [],
    });
    expect(new SupervisionPlan(next, false).state.obligations.map((o) => o.key)).toEqual(['contact', 'assessment', 'summary']);
  });
});
