import { LegalAidClocks } from '@fengqiao/contracts';
import { holidaysLoadedSignal } from '../src';
import { act, clockOf, eventually, facts, queryState, registerLegalAid, useTimeline } from './support/legal-aid.harness';

// A clock computed into a year whose holidays are not loaded is provisional; the holidaysLoaded
// signal computes it again (libs/rules recomputeProvisional), as for every case process.
jest.setTimeout(120_000);

describe("next year's holidays reach a running review: applied Fri 2026-12-25 10:00", () => {
  const tl = useTimeline('la-2027', '2026-12-25T10:00:00+08:00');

  it('review day 7 is Fri 2027-01-01, provisional; once the 2027 notice is loaded, New Year is off and it rolls to Mon 01-04', async () => {
    const t = tl();
    const { handle, caseNo } = await registerLegalAid(t);
    const before = clockOf(await act(handle, 'apply', facts()), LegalAidClocks.review);
    expect([before.due, before.provisional]).toEqual(['2027-01-01T15:59:59.000Z', true]);
    // A test notice for 2027 (not the State Council's): New Year off Jan 1–3.
    const notice = {
      year: 2027,
      notice: 'test notice 2027',
      publishedOn: '2026-11-30',
      daysOff: ['2027-01-01', '2027-01-02', '2027-01-03'],
      adjustedWorkdays: [],
    };
    await handle.signal(holidaysLoadedSignal, { notices: [notice] });
    const after = await eventually(async () => {
      const c = clockOf(await queryState(handle), LegalAidClocks.review);
      return !c.provisional && c;
    }, 'recomputed');
    expect(after.due).toBe('2027-01-04T15:59:59.000Z');
    const step = await eventually(() => t.intake.of(caseNo).find((r) => r.type === 'deadlines-recomputed'), 'deadlines-recomputed recorded');
    expect(step.detail['clocks']).toEqual([{ clock: LegalAidClocks.review, due: after.due, provisional: false }]);
  });
});
