import { PetitionClocks } from '@fengqiao/contracts';
import { holidaysLoadedSignal } from '../src';
import { act, clockOf, COUNTY, eventually, expectColours, queryState, refusal, registerPetition, skipTo, useTimeline } from './support/petition.harness';

// The regulation's periods across the 2026 Spring Festival (Feb 15–23 off; Sat Feb 14 and Sat Feb 28
// worked) and National Day (Oct 1–7 off; Sat Oct 10 worked), and a last day that rolls over (§203).
jest.setTimeout(120_000);

describe('across the Spring Festival: registered Sun 2026-02-01 10:00', () => {
  const tl = useTimeline('ph-sf', '2026-02-01T10:00:00+08:00');

  it('acceptance day 15 (Mon 02-16) falls in the holiday: due at the end of Tue 2026-02-24, yellow and red from there', async () => {
    const t = tl();
    const { handle, caseNo } = await registerPetition(t);
    const clock = clockOf(await queryState(handle), PetitionClocks.acceptance);
    expect([clock.due, clock.provisional]).toEqual(['2026-02-24T15:59:59.000Z', false]);
    await expectColours(t, caseNo, clock);
  });
});

describe('across the Spring Festival: forwarded Mon 2026-02-09 10:00', () => {
  const tl = useTimeline('ph-sf-fwd', '2026-02-09T10:00:00+08:00');

  it('the 5 working days of objection end on Sat 02-14, an adjusted working day; the 15-day notice on Tue 02-24', async () => {
    const t = tl();
    const { handle } = await registerPetition(t);
    const fwd = await act(handle, 'forward', { mode: 'transfer', body: '县住建局', bodyOrgUnit: COUNTY });
    expect(clockOf(fwd, PetitionClocks.objection).due).toBe('2026-02-14T15:59:59.000Z');
    expect(clockOf(fwd, PetitionClocks.forwardNotice).due).toBe('2026-02-24T15:59:59.000Z');
    await skipTo(t.env, '2026-02-15T09:00:00+08:00');
    const late = await refusal(act(handle, 'object', { reason: '不属本机关职责' }));
    expect(late.message).toMatch(/5 个工作日/);
  });
});

describe('across National Day: forwarded Wed 2026-09-30 10:00', () => {
  const tl = useTimeline('ph-nd', '2026-09-30T10:00:00+08:00');

  it('the objection window skips Oct 1–7: Oct 8, 9, 10 (worked), 12, 13 — an objection on Oct 12 is in time', async () => {
    const t = tl();
    const { handle, caseNo } = await registerPetition(t);
    const fwd = await act(handle, 'forward', { mode: 'assign', body: '县自然资源局', bodyOrgUnit: COUNTY });
    expect(clockOf(fwd, PetitionClocks.objection).due).toBe('2026-10-13T15:59:59.000Z');
    expect(clockOf(fwd, PetitionClocks.forwardNotice).due).toBe('2026-10-15T15:59:59.000Z');
    await skipTo(t.env, '2026-10-12T09:00:00+08:00');
    const back = await act(handle, 'object', { reason: '不属本机关职责' });
    expect(back.status).toBe('acceptance');
    // A fresh 15 days from Oct 12: Tue Oct 27.
    expect(clockOf(back, PetitionClocks.acceptance).due).toBe('2026-10-27T15:59:59.000Z');
    expect(t.petitions.types(caseNo)).toEqual(['petition-forwarded', 'petition-objected']);
  });
});

describe('a holiday roll-over (§203): accepted Sun 2026-08-02 10:00', () => {
  const tl = useTimeline('ph-roll', '2026-08-02T10:00:00+08:00');

  it('handling day 60 is Thu Oct 1 (National Day): due at the end of Thu Oct 8; an approved 30-day extension counts from there', async () => {
    const t = tl();
    const { handle, caseNo } = await registerPetition(t);
    const accepted = await act(handle, 'accept', {});
    const handling = clockOf(accepted, PetitionClocks.handling);
    expect(handling.due).toBe('2026-10-08T15:59:59.000Z');
    await act(handle, 'request-extension', { days: 30, reason: '需多部门会商' });
    const extended = clockOf(await act(handle, 'approve-extension', { approved: true }), PetitionClocks.handling);
    // Oct 8 + 30 days = Sat Nov 7 → Mon Nov 9.
    expect([extended.due, extended.extendedDays]).toEqual(['2026-11-09T15:59:59.000Z', 30]);
    await expectColours(t, caseNo, extended);
  });
});

describe("next year's holidays reach a running petition: accepted Mon 2026-11-02 10:00", () => {
  const tl = useTimeline('ph-2027', '2026-11-02T10:00:00+08:00');

  it('handling day 60 is Fri 2027-01-01, provisional (no 2027 notice); once loaded, New Year is off and it rolls to Mon 01-04', async () => {
    const t = tl();
    const { handle, caseNo } = await registerPetition(t);
    const before = clockOf(await act(handle, 'accept', {}), PetitionClocks.handling);
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
      const c = clockOf(await queryState(handle), PetitionClocks.handling);
      return !c.provisional && c;
    }, 'recomputed');
    expect(after.due).toBe('2027-01-04T15:59:59.000Z');
    await eventually(() => t.intake.types(caseNo).includes('deadlines-recomputed'), 'deadlines-recomputed recorded');
  });
});
