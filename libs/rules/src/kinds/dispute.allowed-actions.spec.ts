import type { CaseClock, DisputeState, JointPart } from '@fengqiao/contracts';
import { allowedActions } from './dispute.allowed-actions';

type S = Parameters<typeof allowedActions>[0];
const returnVisit = { kind: 'return-visit' } as CaseClock;
const state = (status: DisputeState['status'], over: Partial<S> = {}): S => ({ status, joint: null, feedbackRecorded: false, clocks: [], ...over });
const part = (reportedInAt: string | null, resultAt: string | null, department = 'housing'): JointPart => ({
  department,
  orgUnit: '621100',
  reportedInAt,
  resultAt,
});
const joint = (...parts: JointPart[]) => state('joint-handling', { joint: { leadOrgUnit: '621102101', reason: 'r', parts } });
const T = '2026-03-02T02:00:00.000Z';

describe('allowedActions', () => {
  it('first contact: reply, assign or escalate', () => {
    expect(allowedActions(state('first-contact'))).toEqual(['reply', 'assign', 'escalate']);
  });

  it('mediation: session, (re)assign, escalate, conclude', () => {
    expect(allowedActions(state('mediation'))).toEqual(['session', 'assign', 'escalate', 'conclude']);
  });

  it('joint handling: report-in while a part has not reported in, dept-result while one is reported in without result, conclude only with every part in', () => {
    expect(allowedActions(joint(part(null, null, 'public-security'), part(null, null)))).toEqual(['session', 'report-in']);
    expect(allowedActions(joint(part(T, null, 'public-security'), part(null, null)))).toEqual(['session', 'report-in', 'dept-result']);
    expect(allowedActions(joint(part(T, T, 'public-security'), part(T, null)))).toEqual(['session', 'dept-result']);
    expect(allowedActions(joint(part(T, T, 'public-security'), part(null, null)))).toEqual(['session', 'report-in']);
    expect(allowedActions(joint(part(T, T, 'public-security'), part(T, T)))).toEqual(['session', 'conclude']);
  });

  it('awaiting feedback: feedback first, then rate; a running return visit may be recorded too', () => {
    expect(allowedActions(state('awaiting-feedback'))).toEqual(['feedback']);
    expect(allowedActions(state('awaiting-feedback', { feedbackRecorded: true }))).toEqual(['rate']);
    expect(allowedActions(state('awaiting-feedback', { clocks: [returnVisit] }))).toEqual(['feedback', 'return-visit']);
  });

  it('review: only the return visit', () => {
    expect(allowedActions(state('review', { clocks: [returnVisit] }))).toEqual(['return-visit']);
  });

  it('closed: nothing, unless a return visit is still due', () => {
    expect(allowedActions(state('closed'))).toEqual([]);
    expect(allowedActions(state('closed', { clocks: [returnVisit] }))).toEqual(['return-visit']);
  });
});
