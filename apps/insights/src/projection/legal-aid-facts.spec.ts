import { LegalAidClocks, LegalAidSteps, type CaseTransitionData } from '@fengqiao/contracts';
import { legalAidTile } from '../board/board-card.policy';
import { addToTotals, legalAidStatsFromTotals, statsFromTotals, ZERO_TOTALS } from '../stats/stats-metrics';
import { applyEvent, contribution, contributionDelta, type CaseEvent, type CaseFacts, type Contribution } from './case-facts';

/**
 * The legal-aid figures from a legal-aid case's own steps (docs/metrics.md, "Legal aid"): the
 * application or notification, the review decision and its time without the wait for materials, the
 * assignment's timeliness, ratings, and the counts of refusals, withdrawals, terminations, objections.
 */
const PATH = '/621100/621102/621102101/';
const REGISTERED = '2026-03-02T01:00:00.000Z'; // 09:00 on Monday 2 March, China time
let caseNo = 0;

/** A China-time instant, `2026-03-04 10:00` → ISO. */
const china = (t: string) => new Date(`${t.replace(' ', 'T')}:00+08:00`).toISOString();

/** One legal-aid case's events; steps are numbered in the order made, an hour apart unless `at` is given. */
function legalAid() {
  const caseId = `00000000-0000-4000-9000-${String(++caseNo).padStart(12, '0')}`;
  let seq = 0;
  const registered: CaseEvent = {
    kind: 'registered',
    id: `${caseId}:0`,
    data: {
      caseId,
      caseNo: `FY${caseNo}`,
      kind: 'legal-aid',
      category: 'labour',
      severity: 'ordinary',
      orgUnit: '621102101',
      orgPath: PATH,
      registeredAt: REGISTERED,
      firstReplyDue: REGISTERED,
      registeredBy: 'clerk.li',
    },
  };
  const step = (type: string, detail: Record<string, unknown> = {}, state: Partial<CaseTransitionData> = {}): CaseEvent => {
    seq += 1;
    return {
      kind: 'step',
      id: `${caseId}:${seq}`,
      data: {
        caseId,
        caseNo: `FY${caseNo}`,
        orgUnit: '621102101',
        orgPath: PATH,
        kind: 'legal-aid',
        category: 'labour',
        seq,
        type,
        actor: 'legal-aid.wang',
        at: new Date(Date.parse(REGISTERED) + seq * 3_600_000).toISOString(),
        status: 'legal-aid-review',
        outcome: null,
        warning: 'green',
        rating: null,
        detail,
        ...state,
      },
    };
  };
  return { registered, step };
}

const run = (events: CaseEvent[]) => events.reduce<CaseFacts | null>((f, e) => applyEvent(f, e), null);
const counts = (events: CaseEvent[]): Contribution => contribution(run(events))!.counts;
const DAY = 86_400_000;

/** The legal-aid counts of one case, by figure. */
const figures = (events: CaseEvent[]) => {
  const c = counts(events);
  return {
    applications: c.legalAidApplications,
    notifications: c.legalAidNotifications,
    granted: c.legalAidGranted,
    refused: c.legalAidRefused,
    timed: c.legalAidDecisionTimed,
    days: c.legalAidDecisionMsSum / DAY,
    assigned: c.legalAidAssigned,
    onTime: c.legalAidAssignedOnTime,
    withdrawn: c.legalAidWithdrawn,
    terminated: c.legalAidTerminated,
    objections: c.legalAidObjections,
  };
};
const NONE = {
  applications: 0,
  notifications: 0,
  granted: 0,
  refused: 0,
  timed: 0,
  days: 0,
  assigned: 0,
  onTime: 0,
  withdrawn: 0,
  terminated: 0,
  objections: 0,
};

describe('legal-aid applications and notifications (申请数, 通知辩护)', () => {
  it('counts an application once it is recorded, and a criminal notification apart', () => {
    const registeredOnly = legalAid();
    expect(figures([registeredOnly.registered])).toEqual(NONE);
    const applied = legalAid();
    expect(figures([applied.registered, applied.step(LegalAidSteps.applied, { matter: 'labour' })])).toEqual({ ...NONE, applications: 1 });
    // A notified criminal case records its facts (applied) and the notification: a notification, not an application.
    const notified = legalAid();
    expect(
      figures([
        notified.registered,
        notified.step(LegalAidSteps.applied, { matter: 'criminal-compulsory' }),
        notified.step(LegalAidSteps.notified, { receivedAt: china('2026-03-02 08:00') }, { status: 'assignment' }),
      ]),
    ).toEqual({ ...NONE, notifications: 1 });
  });
});

describe('review decisions (给予率, 平均审查天数)', () => {
  it('counts a grant and a refusal as decisions, with the days from the application to the decision', () => {
    const g = legalAid();
    expect(
      figures([
        g.registered,
        g.step(LegalAidSteps.applied, {}, { at: china('2026-03-02 10:00') }),
        g.step(LegalAidSteps.granted, {}, { at: china('2026-03-05 22:00'), status: 'assignment' }),
      ]),
    ).toEqual({ ...NONE, applications: 1, granted: 1, timed: 1, days: 3.5 });
    const r = legalAid();
    expect(
      figures([
        r.registered,
        r.step(LegalAidSteps.applied, {}, { at: china('2026-03-02 10:00') }),
        r.step(LegalAidSteps.refused, { reasons: ['economic-test'] }, { at: china('2026-03-09 10:00'), status: 'refused' }),
      ]),
    ).toEqual({ ...NONE, applications: 1, refused: 1, timed: 1, days: 7 });
  });

  it('leaves out the time the review waited for requested materials (§43)', () => {
    const c = legalAid();
    const events = [
      c.registered,
      c.step(LegalAidSteps.applied, {}, { at: china('2026-03-02 10:00') }),
      c.step(LegalAidSteps.materialsRequested, { missing: ['工资条'] }, { at: china('2026-03-03 10:00'), status: 'awaiting-materials' }),
      c.step(LegalAidSteps.materialsSupplied, { items: ['工资条'] }, { at: china('2026-03-13 10:00'), status: 'legal-aid-review' }),
      c.step(LegalAidSteps.granted, {}, { at: china('2026-03-15 10:00'), status: 'assignment' }),
    ];
    // 13 days elapsed, 10 of them waiting for the materials.
    expect(figures(events)).toMatchObject({ granted: 1, timed: 1, days: 3 });
  });

  it('judges the first decision: an objection corrected later does not make a refusal a grant', () => {
    const c = legalAid();
    const events = [
      c.registered,
      c.step(LegalAidSteps.applied),
      c.step(LegalAidSteps.refused, {}, { status: 'refused' }),
      c.step(LegalAidSteps.objected, { reason: '符合条件' }, { status: 'objection' }),
      c.step(LegalAidSteps.objectionDecided, { decision: 'corrected' }, { status: 'assignment' }),
    ];
    expect(figures(events)).toMatchObject({ granted: 0, refused: 1, objections: 1 });
  });

  it('does not time a decision whose application has not arrived yet, nor a notified case (no review)', () => {
    const c = legalAid();
    expect(figures([c.registered, c.step(LegalAidSteps.granted, {}, { seq: 2 })])).toMatchObject({ granted: 1, timed: 0, days: 0 });
  });
});

describe('assignment within 3 days (按期指派率)', () => {
  const granted = (c: ReturnType<typeof legalAid>, at: string) => [
    c.registered,
    c.step(LegalAidSteps.applied, {}, { at: china('2026-03-02 10:00') }),
    c.step(LegalAidSteps.granted, {}, { at: china(at), status: 'assignment' }),
  ];

  it("takes the assignment step's own onTime", () => {
    const late = legalAid();
    expect(
      figures([...granted(late, '2026-03-03 10:00'), late.step(LegalAidSteps.assigned, { onTime: false }, { at: china('2026-03-03 11:00'), status: 'aid' })]),
    ).toMatchObject({ assigned: 1, onTime: 0 });
    const excused = legalAid();
    expect(
      figures([
        ...granted(excused, '2026-03-03 10:00'),
        excused.step(LegalAidSteps.assigned, { onTime: true }, { at: china('2026-03-20 10:00'), status: 'aid' }),
      ]),
    ).toMatchObject({ assigned: 1, onTime: 1 });
  });

  it('without onTime, compares the assignment with the end of the third day after the grant', () => {
    const inTime = legalAid();
    expect(
      figures([...granted(inTime, '2026-03-03 16:00'), inTime.step(LegalAidSteps.assigned, {}, { at: china('2026-03-06 23:59'), status: 'aid' })]),
    ).toMatchObject({ assigned: 1, onTime: 1 });
    const late = legalAid();
    expect(
      figures([...granted(late, '2026-03-03 16:00'), late.step(LegalAidSteps.assigned, {}, { at: china('2026-03-07 00:00'), status: 'aid' })]),
    ).toMatchObject({ assigned: 1, onTime: 0 });
  });

  it("runs a notified case's 3 days from the notification's receipt (§36)", () => {
    const n = legalAid();
    const events = [
      n.registered,
      n.step(LegalAidSteps.applied, {}, { at: china('2026-03-05 09:00') }),
      n.step(LegalAidSteps.notified, { receivedAt: '2026-03-01T09:00:00+08:00' }, { at: china('2026-03-05 09:01'), status: 'assignment' }),
      n.step(LegalAidSteps.assigned, {}, { at: china('2026-03-05 10:00'), status: 'aid' }),
    ];
    // Received on 1 March: due by the end of 4 March, assigned on the 5th.
    expect(figures(events)).toMatchObject({ notifications: 1, assigned: 1, onTime: 0 });
  });

  it('counts an assignment under advance aid (§44, before the decision) as in time, and a corrected refusal from the correction', () => {
    const advance = legalAid();
    expect(
      figures([
        advance.registered,
        advance.step(LegalAidSteps.applied),
        advance.step(LegalAidSteps.advanceAid, { ground: 'urgent-preservation' }),
        advance.step(LegalAidSteps.assigned),
        advance.step(LegalAidSteps.granted, {}, { at: china('2026-03-30 10:00'), status: 'aid' }),
      ]),
    ).toMatchObject({ granted: 1, assigned: 1, onTime: 1 });
    const corrected = legalAid();
    expect(
      figures([
        corrected.registered,
        corrected.step(LegalAidSteps.applied, {}, { at: china('2026-03-02 10:00') }),
        corrected.step(LegalAidSteps.refused, {}, { at: china('2026-03-03 10:00'), status: 'refused' }),
        corrected.step(LegalAidSteps.objected, {}, { at: china('2026-03-04 10:00'), status: 'objection' }),
        corrected.step(LegalAidSteps.objectionDecided, { decision: 'corrected' }, { at: china('2026-03-08 10:00'), status: 'assignment' }),
        corrected.step(LegalAidSteps.assigned, {}, { at: china('2026-03-10 10:00'), status: 'aid' }),
      ]),
    ).toMatchObject({ refused: 1, assigned: 1, onTime: 1, objections: 1 });
  });
});

describe('ratings, withdrawals, terminations and objections', () => {
  it('counts every rating for satisfaction and the ends of a case', () => {
    const rated = legalAid();
    const c = counts([rated.registered, rated.step(LegalAidSteps.rated, { score: 5 }), rated.step(LegalAidSteps.rated, { score: 3 })]);
    expect([c.ratings, c.ratingsSatisfied]).toEqual([2, 1]);
    const w = legalAid();
    expect(figures([w.registered, w.step(LegalAidSteps.applied), w.step(LegalAidSteps.withdrawn, { deemed: true }, { status: 'closed' })])).toMatchObject({
      withdrawn: 1,
    });
    const t = legalAid();
    const events = [
      t.registered,
      t.step(LegalAidSteps.applied),
      t.step(LegalAidSteps.granted),
      t.step(LegalAidSteps.assigned, { onTime: true }),
      t.step(LegalAidSteps.terminated, { reason: 'own-lawyer' }, { status: 'terminated' }),
      t.step(LegalAidSteps.objected, {}, { status: 'objection' }),
      t.step(LegalAidSteps.objectionDecided, { decision: 'upheld' }, { status: 'closed' }),
    ];
    expect(figures(events)).toMatchObject({ granted: 1, assigned: 1, onTime: 1, terminated: 1, objections: 1 });
  });

  it('counts open cases in review and waiting for materials by their current status (the board)', () => {
    const c = legalAid();
    const applied = [c.registered, c.step(LegalAidSteps.applied, {}, { status: 'legal-aid-review' })];
    expect([counts(applied).legalAidUnderReview, counts(applied).legalAidAwaitingMaterials]).toEqual([1, 0]);
    const waiting = [...applied, c.step(LegalAidSteps.materialsRequested, {}, { status: 'awaiting-materials', warning: 'red' })];
    expect([counts(waiting).legalAidUnderReview, counts(waiting).legalAidAwaitingMaterials, counts(waiting).openRed]).toEqual([0, 1, 1]);
    const closed = [...waiting, c.step(LegalAidSteps.withdrawn, { deemed: true }, { status: 'closed' })];
    expect([counts(closed).legalAidUnderReview, counts(closed).legalAidAwaitingMaterials, counts(closed).openRed]).toEqual([0, 0, 0]);
  });
});

describe('order and repeats', () => {
  const full = () => {
    const c = legalAid();
    return [
      c.registered,
      c.step(LegalAidSteps.applied, {}, { at: china('2026-03-02 10:00') }),
      c.step(LegalAidSteps.materialsRequested, {}, { at: china('2026-03-03 10:00'), status: 'awaiting-materials' }),
      c.step(LegalAidSteps.materialsSupplied, {}, { at: china('2026-03-06 10:00') }),
      c.step(LegalAidSteps.refused, {}, { at: china('2026-03-08 10:00'), status: 'refused' }),
      c.step(LegalAidSteps.objected, {}, { at: china('2026-03-09 10:00'), status: 'objection' }),
      c.step(LegalAidSteps.objectionDecided, { decision: 'corrected' }, { at: china('2026-03-12 10:00'), status: 'assignment' }),
      c.step(
        'warning-changed',
        { clock: LegalAidClocks.assignment, from: 'yellow', to: 'red' },
        { at: china('2026-03-16 00:00'), warning: 'red', status: 'assignment' },
      ),
      c.step(LegalAidSteps.assigned, {}, { at: china('2026-03-16 10:00'), status: 'aid' }),
      c.step(LegalAidSteps.terminated, {}, { at: china('2026-04-01 10:00'), status: 'terminated' }),
      c.step(LegalAidSteps.objected, {}, { at: china('2026-04-02 10:00'), status: 'objection' }),
    ];
  };

  it('gives the same facts in any order of delivery', () => {
    const events = full();
    const inOrder = run(events);
    expect(run([...events].reverse())).toEqual(inOrder);
    const shuffled = [5, 2, 9, 0, 10, 7, 1, 8, 3, 6, 4].map((i) => events[i]!);
    expect(run(shuffled)).toEqual(inOrder);
    // 6 days elapsed, 3 of them waiting; corrected on the 12th, assigned after the end of the 15th.
    expect(figures(events)).toEqual({ ...NONE, applications: 1, refused: 1, timed: 1, days: 3, assigned: 1, terminated: 1, objections: 2 });
  });

  it('does not count a legal-aid step twice when it is applied again', () => {
    const events = full();
    const once = run(events)!;
    const twice = run([...events, ...events.slice(1)])!;
    expect(twice.legalAid).toEqual(once.legalAid);
    expect(figures([...events, ...events.slice(1)])).toEqual(figures(events));
  });

  it('sums its deltas along the way to its final contribution', () => {
    const events = full();
    let f: CaseFacts | null = null;
    let sum = ZERO_TOTALS;
    for (const e of [...events].reverse()) {
      const next = applyEvent(f, e);
      for (const d of contributionDelta(f, next)) sum = addToTotals(sum, d.counts);
      f = next;
    }
    expect(sum).toEqual(addToTotals(ZERO_TOTALS, counts(events)));
  });
});

describe('the legal-aid figures', () => {
  it('rates each over its own denominator, and appear only for kind=legal-aid', () => {
    let t = ZERO_TOTALS;
    const add = (events: CaseEvent[]) => (t = addToTotals(t, counts(events)));
    // A: granted in 2 days, assigned in time, rated 5. B: refused in 4 days after a 3-day material wait, rated 2.
    // C: notified, assigned late. D: applied, withdrawn. E: registered only.
    const a = legalAid();
    add([
      a.registered,
      a.step(LegalAidSteps.applied, {}, { at: china('2026-03-02 10:00') }),
      a.step(LegalAidSteps.granted, {}, { at: china('2026-03-04 10:00') }),
      a.step(LegalAidSteps.assigned, { onTime: true }),
      a.step(LegalAidSteps.rated, { score: 5 }),
    ]);
    const b = legalAid();
    add([
      b.registered,
      b.step(LegalAidSteps.applied, {}, { at: china('2026-03-02 10:00') }),
      b.step(LegalAidSteps.materialsRequested, {}, { at: china('2026-03-03 10:00') }),
      b.step(LegalAidSteps.materialsSupplied, {}, { at: china('2026-03-06 10:00') }),
      b.step(LegalAidSteps.refused, {}, { at: china('2026-03-09 10:00') }),
      b.step(LegalAidSteps.rated, { score: 2 }),
    ]);
    const c = legalAid();
    add([c.registered, c.step(LegalAidSteps.applied), c.step(LegalAidSteps.notified), c.step(LegalAidSteps.assigned, { onTime: false })]);
    const d = legalAid();
    add([d.registered, d.step(LegalAidSteps.applied), d.step(LegalAidSteps.withdrawn, {}, { status: 'closed' })]);
    const e = legalAid();
    add([e.registered]);
    expect(legalAidStatsFromTotals(t)).toEqual({
      received: 5,
      applications: 3,
      notifications: 1,
      decided: 2,
      granted: 1,
      refused: 1,
      grantRate: 0.5,
      avgDecisionDays: 3,
      assigned: 2,
      assignedOnTime: 1,
      onTimeAssignmentRate: 0.5,
      ratings: 2,
      legalAidSatisfactionRate: 0.5,
      withdrawn: 1,
      terminated: 0,
      objections: 0,
    });
    expect(statsFromTotals(t, 'legal-aid').legalAid).toEqual(legalAidStatsFromTotals(t));
    expect(statsFromTotals(t)).not.toHaveProperty('legalAid');
    expect(statsFromTotals(t, 'petition')).not.toHaveProperty('legalAid');
    expect(statsFromTotals(ZERO_TOTALS, 'legal-aid').legalAid).toMatchObject({ received: 0, grantRate: 0, avgDecisionDays: 0, onTimeAssignmentRate: 0 });
  });

  it("gives the board's tile this month's grant rate and each count's case list", () => {
    expect(legalAidTile('621102', '2026-03', { underReview: 4, awaitingMaterials: 1, red: 2, granted: 2, refused: 1 })).toEqual({
      underReview: 4,
      awaitingMaterials: 1,
      red: 2,
      month: '2026-03',
      decided: 3,
      grantRate: 0.6667,
      cases: {
        underReview: '/api/v1/cases?orgUnit=621102&kind=legal-aid&status=legal-aid-review',
        awaitingMaterials: '/api/v1/cases?orgUnit=621102&kind=legal-aid&status=awaiting-materials',
        red: '/api/v1/cases?orgUnit=621102&kind=legal-aid&open=true&warning=red',
      },
    });
  });
});
