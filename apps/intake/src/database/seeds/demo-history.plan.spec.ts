import { defaultCalendar } from '@fengqiao/calendar';
import { defaultRoutingRules } from '@fengqiao/contracts';
import { firstReplyClock, kindModule } from '@fengqiao/rules';
import { chinaMidnight, planHistory, quota, seededRandom, type PlannedCase } from './demo-history.plan';

const END = Date.parse('2026-11-23T00:00:00+08:00');

/** The figures of docs/metrics.md over a plan, as the read model will compute them from its events. */
/** Kinds whose history walks a process of their own (the others walk the generic one). */
const OWN_PROCESS = ['dispute', 'petition', 'legal-aid'];

function figures(cases: PlannedCase[]) {
  const closed = cases.filter((c) => c.status === 'closed');
  const mediated = cases.filter((c) => c.steps.some((s) => s.type === 'assigned'));
  const rfc = closed.filter((c) => c.steps.some((s) => s.type === 'replied' && s.detail['resolved'] === true));
  const agreement = cases.filter((c) => c.outcome === 'agreement');
  const ratings = cases.flatMap((c) => c.steps.filter((s) => s.type === 'rated').map((s) => s.detail['score'] as number));
  const replies = cases.flatMap((c) => c.steps.filter((s) => s.type === 'replied').map((s) => (s.at - c.registeredAt) / 3_600_000));
  const open = cases.filter((c) => c.status !== 'closed');
  return {
    received: cases.length,
    closureRate: closed.length / cases.length,
    mediationSuccessRate: mediated.filter((c) => c.outcome === 'agreement').length / mediated.length,
    // Petitions and legal aid are judged on their own figures; 化解率 is the first-contact processes'.
    resolutionRate: (rfc.length + agreement.length) / cases.filter((c) => c.kind !== 'petition' && c.kind !== 'legal-aid').length,
    satisfactionRate: ratings.filter((s) => s >= 4).length / ratings.length,
    avgFirstReplyHours: replies.reduce((a, b) => a + b, 0) / replies.length,
    onTimeRate: closed.filter((c) => !c.steps.some((s) => s.type === 'warning-changed' && s.detail['to'] === 'red')).length / closed.length,
    open: {
      green: open.filter((c) => c.warning === 'green').length,
      yellow: open.filter((c) => c.warning === 'yellow').length,
      red: open.filter((c) => c.warning === 'red').length,
    },
  };
}

describe('the demo history plan', () => {
  const plan = planHistory({ end: END });

  it('spans the year before the end, a few thousand cases, nothing on or after the end', () => {
    expect(plan.length).toBeGreaterThan(2000);
    expect(plan.length).toBeLessThan(4000);
    expect(Math.min(...plan.map((c) => c.registeredAt))).toBeGreaterThanOrEqual(END - 365 * 86_400_000);
    expect(Math.max(...plan.flatMap((c) => [c.registeredAt, ...c.steps.map((s) => s.at)]))).toBeLessThan(END);
  });

  it('plans any end day (every time it writes is a real instant)', () => {
    for (let d = 0; d < 60; d += 7) {
      const cases = planHistory({ end: END + d * 86_400_000 });
      expect(() =>
        JSON.stringify(cases.map((c) => [c.steps, c.clocks, c.supervision.map((s) => new Date(s.due).toISOString()), new Date(c.firstReplyDue).toISOString()])),
      ).not.toThrow();
      expect(cases.flatMap((c) => c.steps).every((s) => Number.isFinite(s.at))).toBe(true);
    }
  });

  it('is the same plan for the same seed and end', () => {
    const again = planHistory({ end: END });
    expect(again.map((c) => [c.id, c.registeredAt, c.status, c.steps.length])).toEqual(plan.map((c) => [c.id, c.registeredAt, c.status, c.steps.length]));
  });

  it('comes out in the proportions of the seed reports', () => {
    const f = figures(plan);
    expect(f.mediationSuccessRate).toBeGreaterThanOrEqual(0.8);
    expect(f.mediationSuccessRate).toBeLessThanOrEqual(0.84);
    expect(f.closureRate).toBeGreaterThanOrEqual(0.97);
    expect(f.closureRate).toBeLessThan(0.995);
    expect(f.resolutionRate).toBeGreaterThanOrEqual(0.95);
    expect(f.satisfactionRate).toBeGreaterThanOrEqual(0.85);
    expect(f.avgFirstReplyHours).toBeGreaterThan(2);
    expect(f.avgFirstReplyHours).toBeLessThan(8);
    expect(f.onTimeRate).toBeGreaterThan(0.9);
    expect(f.onTimeRate).toBeLessThan(1);
    // A few open cases are late: some yellow, some red.
    expect(f.open.yellow + f.open.red).toBeGreaterThan(0);
    expect(f.open.red).toBeLessThan(30);
  });

  it('spreads the cases over the seven demo units and every kind', () => {
    expect(new Set(plan.map((c) => c.orgUnit)).size).toBe(7);
    expect(new Set(plan.map((c) => c.kind))).toEqual(new Set(['dispute', 'consultation', 'complaint', 'hazard', 'petition', 'legal-aid']));
    expect(new Set(plan.map((c) => c.category)).size).toBe(9);
  });

  it('numbers steps 1, 2, 3… in time order with the state after each, and only the kinds with a process of their own are routed', () => {
    for (const c of plan) {
      expect(c.steps.map((s) => s.seq)).toEqual(c.steps.map((_, i) => i + 1));
      for (let i = 1; i < c.steps.length; i++) expect(c.steps[i]!.at).toBeGreaterThanOrEqual(c.steps[i - 1]!.at);
      if (OWN_PROCESS.includes(c.kind)) expect(c.steps[0]?.type ?? 'routed').toBe('routed');
      else expect(c.steps.some((s) => s.type === 'routed' || s.type === 'warning-changed')).toBe(false);
      if (c.status === 'closed') expect(c.clocks.filter((k) => k.counts)).toEqual([]);
      expect(c.parties.every((p) => Object.keys(p).sort().join() === 'name,role')).toBe(true);
    }
  });

  it('opens supervision items only for clocks still red at the end', () => {
    const red = plan.filter((c) => c.warning === 'red');
    expect(red.every((c) => c.supervision.length > 0)).toBe(true);
    expect(plan.filter((c) => c.warning !== 'red').every((c) => c.supervision.length === 0)).toBe(true);
  });
});

describe('where the open cases of the plan stand (their processes start there)', () => {
  const plan = planHistory({ end: END });
  const open = plan.filter((c) => c.status !== 'closed');
  const at = (c: PlannedCase, type: string) => [...c.steps].reverse().find((s) => s.type === type)?.at;

  it('has open cases of every stage a process takes over, and no resume for a closed case', () => {
    expect(open.length).toBeGreaterThan(20);
    const statuses = new Set(open.map((c) => c.status));
    const resumable = ['first-contact', 'mediation', 'joint-handling', 'awaiting-feedback', 'review', 'acceptance', 'handling', 'replied'];
    resumable.push('application', 'legal-aid-review', 'assignment', 'aid', 'refused', 'closure-filing', 'quality-review');
    expect([...statuses].filter((s) => !resumable.includes(s))).toEqual([]);
    for (const s of ['first-contact', 'mediation', 'awaiting-feedback']) expect(statuses.has(s)).toBe(true);
    expect(plan.filter((c) => c.status === 'closed').every((c) => c.resume === null)).toBe(true);
  });

  it("resumes each open case in its own status, after its last step, in a status its kind's process has", () => {
    for (const c of open) {
      expect(c.resume).toMatchObject({ status: c.status, seq: c.steps.length, outcome: c.outcome, mediator: c.mediator });
      expect(kindModule(c.kind)!.statuses).toContain(c.status);
      expect(c.resume!.feedbackRecorded).toBe(c.steps.some((s) => s.type === 'feedback-recorded'));
    }
  });

  it('starts the stage clock where the stage began: registration, the reply, the assignment, the conclusion or the feedback', () => {
    for (const c of open) {
      const started = Date.parse(c.resume!.stageStartedAt);
      expect(started).toBeGreaterThanOrEqual(c.registeredAt);
      expect(started).toBeLessThan(END);
      if (c.status === 'mediation') expect(started).toBe(at(c, 'assigned'));
      if (c.status === 'first-contact') expect(started).toBe(at(c, 'replied') ?? c.registeredAt);
      if (c.status === 'awaiting-feedback') expect(started).toBe(at(c, 'feedback-recorded') ?? at(c, 'concluded') ?? at(c, 'replied'));
      if (c.status === 'review') expect(started).toBe(at(c, 'rated'));
      // A petition's stage clocks: acceptance from registration, handling from acceptance, the review window from the reply.
      if (c.kind === 'petition') expect(started).toBe(at(c, 'petition-replied') ?? at(c, 'petition-accepted') ?? c.registeredAt);
    }
    // Answered but not settled (first-contact clock from the reply), and not answered at all.
    expect(open.some((c) => c.status === 'first-contact' && at(c, 'replied') !== undefined)).toBe(true);
    expect(open.some((c) => c.status === 'first-contact' && at(c, 'replied') === undefined)).toBe(true);
    expect(open.some((c) => c.resume!.feedbackRecorded)).toBe(true);
  });

  it('gives mediated cases a demo mediator who signs in, so the mediator can act on an open one', () => {
    const mediated = plan.filter((c) => c.mediator);
    expect(mediated.length).toBeGreaterThan(0);
    expect(new Set(mediated.map((c) => c.mediator!.username))).toEqual(new Set(['mediator.621102101', 'mediator.621102102', 'mediator.621100']));
    expect(open.filter((c) => c.status === 'mediation').every((c) => c.resume!.mediator?.username)).toBe(true);
  });

  it('walks petitions as their process records them: accepted, answered, rated by some, closed once the review window passes', () => {
    const petitions = plan.filter((c) => c.kind === 'petition');
    expect(petitions.length).toBeGreaterThan(40);
    const closed = petitions.filter((c) => c.status === 'closed');
    expect(closed.length).toBeGreaterThan(petitions.length / 2);
    for (const c of closed) {
      const types = c.steps.map((s) => s.type).filter((t) => t !== 'warning-changed' && t !== 'rated');
      expect(types).toEqual(['routed', 'petition-accepted', 'petition-replied', 'closed']);
      expect([c.outcome, c.clocks]).toEqual(['answered', []]);
    }
    expect(petitions.some((c) => c.steps.some((s) => s.type === 'rated'))).toBe(true);
    expect(new Set(petitions.filter((c) => c.status !== 'closed').map((c) => c.status)).size).toBeGreaterThan(1);
  });

  it('closes a case of the generic process at its rating, whatever the score (it has no review)', () => {
    const rated = plan.filter((c) => c.kind !== 'dispute' && c.kind !== 'petition' && c.steps.some((s) => s.type === 'rated'));
    expect(rated.some((c) => c.rating! < 3)).toBe(true);
    expect(plan.filter((c) => c.kind !== 'dispute').some((c) => c.steps.some((s) => s.type === 'review-opened'))).toBe(false);
  });

  it('computes the first-reply due date as registrations and processes do (firstReplyClock)', () => {
    for (const c of plan.slice(0, 200)) {
      const rule = c.rule ?? defaultRoutingRules([])[0]!;
      expect(new Date(c.firstReplyDue).toISOString()).toBe(firstReplyClock(defaultCalendar(), rule, c.orgUnit, c.registeredAt).due);
    }
  });
});

describe('quota', () => {
  it('deals exactly the shares, largest remainder first', () => {
    const q = quota(seededRandom(1), 10, [
      ['a', 0.82],
      ['b', 0.18],
    ]);
    expect(q.filter((x) => x === 'a')).toHaveLength(8);
    expect(q).toHaveLength(10);
  });

  it('finds the China-time midnight of an instant', () => {
    expect(chinaMidnight(Date.parse('2026-11-22T23:30:00+08:00'))).toBe(Date.parse('2026-11-22T00:00:00+08:00'));
  });
});
