import { defaultCalendar } from '@fengqiao/calendar';
import { PetitionClocks } from '@fengqiao/contracts';
import { startClockOn } from '../clocks';
import { PETITION_PERIOD_VERSIONS, petitionPeriodOf, petitionPeriodsAt } from './petition.periods';

const v1 = PETITION_PERIOD_VERSIONS[0]!;
const due = (name: keyof typeof v1.periods, from: string) => {
  const p = v1.periods[name];
  return startClockOn(
    defaultCalendar(),
    p,
    v1.yellowAt,
    { id: PetitionClocks[name], kind: PetitionClocks[name], owner: 'centre', orgUnit: '621102', counts: p.counts },
    Date.parse(from),
  );
};

describe('the petition periods (《信访工作条例》2022)', () => {
  it('are the regulation’s, each with its article', () => {
    expect(Object.fromEntries(Object.entries(v1.periods).map(([k, p]) => [k, `${p.amount} ${p.unit} ${p.article}`]))).toEqual({
      acceptance: '15 days §22',
      forwardNotice: '15 days §22',
      objection: '5 working-days §23',
      handling: '60 days §34',
      reviewWindow: '30 days §35',
      review: '30 days §35',
      reReviewWindow: '30 days §36',
      reReview: '30 days §36',
    });
    expect([v1.yellowAt, v1.maxExtensionDays]).toEqual([0.8, 30]);
  });

  it('windows the petitioner or a receiving body keeps do not colour the case; staff deadlines do', () => {
    expect(
      Object.entries(v1.periods)
        .filter(([, p]) => !p.counts)
        .map(([k]) => k),
    ).toEqual(['objection', 'reviewWindow', 'reReviewWindow']);
  });

  it('are chosen by the registration day, and the version is kept (the first before any took effect)', () => {
    expect(petitionPeriodsAt('2026-06-01T10:00:00+08:00').version).toBe(1);
    expect(petitionPeriodsAt('2021-01-01T10:00:00+08:00').version).toBe(1);
    expect(PETITION_PERIOD_VERSIONS.map((v) => v.version)).toEqual([...PETITION_PERIOD_VERSIONS.keys()].map((i) => i + 1));
  });

  it('find a clock’s period by its id, none for other clocks', () => {
    expect(petitionPeriodOf(v1, PetitionClocks.handling)).toBe(v1.periods.handling);
    expect(petitionPeriodOf(v1, 'first-reply')).toBeUndefined();
  });

  it('count days over the calendar: a last day in a holiday rolls to the next working day (§203)', () => {
    // Spring Festival 2026 (Feb 15–23 off): day 15 from Feb 1 is Feb 16 → Tue Feb 24.
    expect(due('acceptance', '2026-02-01T10:00:00+08:00').due).toBe('2026-02-24T15:59:59.000Z');
    // National Day 2026 (Oct 1–7 off): day 60 from Aug 2 is Oct 1 → Thu Oct 8.
    expect(due('handling', '2026-08-02T10:00:00+08:00').due).toBe('2026-10-08T15:59:59.000Z');
    // Five working days from Wed Sep 30 skip the holiday: Oct 8, 9, 10 (an adjusted working Saturday), 12, 13.
    expect(due('objection', '2026-09-30T10:00:00+08:00').due).toBe('2026-10-13T15:59:59.000Z');
    // An ordinary Saturday rolls too: day 15 from Fri Jun 5 is Sat Jun 20 → Mon Jun 22.
    expect(due('acceptance', '2026-06-05T10:00:00+08:00').due).toBe('2026-06-22T15:59:59.000Z');
  });

  it('turn yellow at 80 % of the period', () => {
    const c = due('review', '2026-06-01T10:00:00+08:00');
    expect(Date.parse(c.yellowAt) - Date.parse(c.startedAt)).toBe(Math.round((Date.parse(c.due) - Date.parse(c.startedAt)) * 0.8));
  });
});
