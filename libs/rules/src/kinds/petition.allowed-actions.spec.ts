import { PetitionClocks, type CaseClock, type ExtensionRequest } from '@fengqiao/contracts';
import { petitionKind } from './petition.kind';
import { petitionAllowedActions, type PetitionStateView } from './petition.allowed-actions';

const clock = (id: string, over: Partial<CaseClock> = {}) => ({ id, kind: id, ...over }) as CaseClock;
const state = (status: PetitionStateView['status'], over: Partial<PetitionStateView> = {}): PetitionStateView => ({
  status,
  joint: null,
  feedbackRecorded: false,
  clocks: [],
  rating: null,
  ...over,
});
const pending: ExtensionRequest = { clock: PetitionClocks.handling, days: 20, reason: 'r', requestedBy: 'a', at: '2026-03-02T02:00:00.000Z' };
const handling = clock(PetitionClocks.handling);

describe('petitionAllowedActions', () => {
  it('acceptance: accept, not accept or forward', () => {
    expect(petitionAllowedActions(state('acceptance', { clocks: [clock(PetitionClocks.acceptance)] }))).toEqual(['accept', 'not-accept', 'forward']);
  });

  it('forwarded: the receiving body accepts or refuses, and objects only while its 5-working-day window runs (§23)', () => {
    expect(petitionAllowedActions(state('forwarded', { clocks: [clock(PetitionClocks.forwardNotice), clock(PetitionClocks.objection)] }))).toEqual([
      'accept',
      'not-accept',
      'object',
    ]);
    expect(petitionAllowedActions(state('forwarded', { clocks: [clock(PetitionClocks.forwardNotice)] }))).toEqual(['accept', 'not-accept']);
  });

  it('handling: reply, one extension asked then decided (§34), a hearing', () => {
    expect(petitionAllowedActions(state('handling', { clocks: [handling] }))).toEqual(['reply', 'request-extension', 'hearing-start']);
    expect(petitionAllowedActions(state('handling', { clocks: [handling], extensionRequest: pending }))).toEqual([
      'reply',
      'approve-extension',
      'hearing-start',
    ]);
    expect(petitionAllowedActions(state('handling', { clocks: [clock(PetitionClocks.handling, { extendedDays: 20 })] }))).toEqual(['reply', 'hearing-start']);
  });

  it('a running hearing stops the stage: only its end, and a pending extension decision (§36)', () => {
    const stopped = clock(PetitionClocks.handling, { pausedAt: '2026-03-02T02:00:00.000Z' });
    expect(petitionAllowedActions(state('handling', { clocks: [stopped] }))).toEqual(['hearing-end']);
    expect(petitionAllowedActions(state('handling', { clocks: [stopped], extensionRequest: pending }))).toEqual(['hearing-end', 'approve-extension']);
  });

  it('replied: review asked while the 30-day window runs (§35); the petitioner rates once (§21)', () => {
    expect(petitionAllowedActions(state('replied', { clocks: [clock(PetitionClocks.reviewWindow)] }))).toEqual(['request-review', 'rate']);
    expect(petitionAllowedActions(state('replied', { clocks: [clock(PetitionClocks.reviewWindow)], rating: 4 }))).toEqual(['request-review']);
    expect(petitionAllowedActions(state('replied', { clocks: [] }))).toEqual(['rate']);
  });

  it('review: decided, then re-review asked within its window; re-review decided', () => {
    expect(petitionAllowedActions(state('petition-review', { clocks: [clock(PetitionClocks.review)] }))).toEqual(['decide-review', 'hearing-start', 'rate']);
    expect(petitionAllowedActions(state('petition-review', { clocks: [clock(PetitionClocks.reReviewWindow)], rating: 5 }))).toEqual(['request-re-review']);
    expect(petitionAllowedActions(state('petition-review', { clocks: [], rating: 5 }))).toEqual([]);
    expect(petitionAllowedActions(state('petition-re-review', { clocks: [clock(PetitionClocks.reReview)], rating: 5 }))).toEqual([
      'decide-re-review',
      'hearing-start',
    ]);
  });

  it('closed, and the statuses of other kinds: nothing', () => {
    expect(petitionAllowedActions(state('closed'))).toEqual([]);
    expect(petitionAllowedActions(state('first-contact'))).toEqual([]);
    expect(petitionAllowedActions(state('mediation'))).toEqual([]);
  });

  it('names only actions the kind declares, each taken by roles of libs/rules', () => {
    const statuses = petitionKind.statuses;
    const clocks = Object.values(PetitionClocks).map((id) => clock(id));
    const named = new Set(
      statuses.flatMap((s) => [...petitionAllowedActions(state(s, { clocks })), ...petitionAllowedActions(state(s, { clocks, extensionRequest: pending }))]),
    );
    expect([...named].filter((a) => !(a in petitionKind.actions))).toEqual([]);
    expect(petitionKind.actions['approve-extension']!.roles).toEqual(['leader']);
    expect(petitionKind.actions['accept']!.roles).toEqual(['petition-officer', 'leader']);
  });
});
