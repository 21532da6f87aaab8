import type { CaseTransitionData, CloudEvent } from '@fengqiao/contracts';
import { genericKind, registerCaseKind } from '@fengqiao/rules';
import { applyEvent, chinaDay, classify, contribution, contributionDelta, type CaseEvent, type CaseFacts } from './case-facts';

const CASE = '00000000-0000-4000-8000-000000000001';
const PATH = '/621100/621102/621102101/';
const REGISTERED_AT = '2026-03-01T15:30:00.000Z'; // 23:30 in China: still 1 March there

const registered = (over: Partial<{ registeredAt: string; category: string }> = {}): CaseEvent => ({
  kind: 'registered',
  id: `${CASE}:0`,
  data: {
    caseId: CASE,
    caseNo: 'C1',
    kind: 'dispute',
    category: over.category ?? 'neighbour',
    severity: 'ordinary',
    orgUnit: '621102101',
    orgPath: PATH,
    registeredAt: over.registeredAt ?? REGISTERED_AT,
    firstReplyDue: REGISTERED_AT,
    registeredBy: 'u',
  },
});

const step = (seq: number, type: string, state: Partial<CaseTransitionData> = {}, detail: Record<string, unknown> = {}): CaseEvent => ({
  kind: 'step',
  id: `${CASE}:${seq}`,
  data: {
    caseId: CASE,
    caseNo: 'C1',
    orgUnit: '621102101',
    orgPath: PATH,
    kind: 'dispute',
    category: 'neighbour',
    seq,
    type,
    actor: 'a',
    at: `2026-03-02T0${seq}:00:00.000Z`,
    status: 'first-contact',
    outcome: null,
    warning: 'green',
    rating: null,
    detail,
    ...state,
  },
});

const run = (events: CaseEvent[]) => events.reduce<CaseFacts | null>((f, e) => applyEvent(f, e), null);

/** A case mediated to agreement, rated 4, closed; the mediation clock went red on the way. */
const mediatedPath = [
  registered(),
  step(1, 'routed'),
  step(2, 'replied', {}, { resolved: false, message: 'm' }),
  step(3, 'assigned', { status: 'mediation' }),
  step(4, 'warning-changed', { status: 'mediation', warning: 'yellow' }, { to: 'yellow', clock: 'mediation' }),
  step(5, 'warning-changed', { status: 'mediation', warning: 'red' }, { to: 'red', clock: 'mediation' }),
  step(6, 'concluded', { status: 'awaiting-feedback', outcome: 'agreement' }, { outcome: 'agreement' }),
  step(7, 'feedback-recorded', { status: 'awaiting-feedback', outcome: 'agreement' }),
  step(8, 'rated', { status: 'closed', outcome: 'agreement', rating: 4 }, { score: 4 }),
  step(9, 'closed', { status: 'closed', outcome: 'agreement', rating: 4 }, { rating: 4 }),
];

describe('case facts', () => {
  it('follows a mediated case to its contribution', () => {
    const c = contribution(run(mediatedPath))!;
    expect(c.key).toEqual({ orgUnit: '621102101', kind: 'dispute', category: 'neighbour', day: '2026-03-01' });
    expect(c.counts).toEqual({
      received: 1,
      closed: 1,
      resolvedAtFirstContact: 0,
      mediated: 1,
      mediationSucceeded: 1,
      resolved: 1,
      closedOnTime: 0,
      firstReplyCount: 1,
      firstReplyMsSum: Date.parse('2026-03-02T02:00:00.000Z') - Date.parse(REGISTERED_AT),
      ratings: 1,
      ratingsSatisfied: 1,
      openGreen: 0,
      openYellow: 0,
      openRed: 0,
      petitionAcceptanceDue: 0,
      petitionAcceptedTimely: 0,
      petitionReplied: 0,
      petitionRepliedOnTime: 0,
      petitionRepliedRated: 0,
      petitionRepliedReviewed: 0,
      legalAidApplications: 0,
      legalAidNotifications: 0,
      legalAidGranted: 0,
      legalAidRefused: 0,
      legalAidDecisionTimed: 0,
      legalAidDecisionMsSum: 0,
      legalAidAssigned: 0,
      legalAidAssignedOnTime: 0,
      legalAidWithdrawn: 0,
      legalAidTerminated: 0,
      legalAidObjections: 0,
      legalAidUnderReview: 0,
      legalAidAwaitingMaterials: 0,
    });
  });

  it('is the same in any order of delivery', () => {
    const inOrder = run(mediatedPath);
    const reversed = run([...mediatedPath].reverse());
    const shuffled = run([
      mediatedPath[5]!,
      mediatedPath[9]!,
      mediatedPath[0]!,
      mediatedPath[2]!,
      mediatedPath[8]!,
      mediatedPath[1]!,
      mediatedPath[3]!,
      mediatedPath[7]!,
      mediatedPath[4]!,
      mediatedPath[6]!,
    ]);
    expect(reversed).toEqual(inOrder);
    expect(shuffled).toEqual(inOrder);
  });

  it('counts a reply resolved on the spot only once the case is closed', () => {
    const replied = run([
      registered(),
      step(1, 'routed'),
      step(2, 'replied', { status: 'awaiting-feedback', outcome: 'resolved-at-first-contact' }, { resolved: true }),
    ]);
    expect(contribution(replied)!.counts).toMatchObject({ received: 1, closed: 0, resolvedAtFirstContact: 0, resolved: 0, openGreen: 1 });
    const closed = applyEvent(
      applyEvent(replied, step(3, 'rated', { status: 'closed', rating: 5 }, { score: 5 })),
      step(4, 'closed', { status: 'closed', rating: 5 }),
    );
    expect(contribution(closed)!.counts).toMatchObject({
      closed: 1,
      resolvedAtFirstContact: 1,
      resolved: 1,
      closedOnTime: 1,
      mediated: 0,
      ratings: 1,
      ratingsSatisfied: 1,
      openGreen: 0,
    });
  });

  it('counts every rating: a low one that reopens, and the later one', () => {
    const f = run([
      registered(),
      step(1, 'rated', { status: 'review', rating: 2 }, { score: 2 }),
      step(2, 'reopened', { status: 'mediation' }),
      step(3, 'rated', { status: 'closed', rating: 5 }, { score: 5 }),
    ]);
    expect(contribution(f)!.counts).toMatchObject({ ratings: 2, ratingsSatisfied: 1, mediated: 1, closed: 1 });
  });

  it('contributes nothing before the registration event arrives, with facts kept for when it does', () => {
    const early = run([step(1, 'routed'), step(2, 'assigned', { status: 'mediation', warning: 'yellow' })]);
    expect(contribution(early)).toBeNull();
    expect(contribution(applyEvent(early, registered()))!.counts).toMatchObject({ received: 1, mediated: 1, openYellow: 1 });
  });

  it('counts an old case whose process started late (the seeded history) once, on its registration day', () => {
    // Its registration (no `historical` flag, `resume` instead) is relayed after its old steps; the
    // process's first step (`process-resumed`, seq = last + 1) and the red clock follow.
    const resumed: CaseEvent = {
      ...registered(),
      data: {
        ...(registered().data as object),
        resume: { status: 'mediation', seq: 2, stageStartedAt: '2026-03-02T02:00:00.000Z', outcome: null, mediator: null, feedbackRecorded: false },
      },
    } as CaseEvent;
    const old = [step(1, 'routed'), step(2, 'assigned', { status: 'mediation' })];
    const f = run([
      ...old,
      resumed,
      step(3, 'process-resumed', { status: 'mediation', warning: 'red' }),
      step(4, 'warning-changed', { status: 'mediation', warning: 'red' }, { to: 'red' }),
    ]);
    expect(contributionDelta(null, f)).toEqual([
      {
        key: { orgUnit: '621102101', kind: 'dispute', category: 'neighbour', day: '2026-03-01' },
        counts: expect.objectContaining({ received: 1, mediated: 1, openRed: 1 }),
      },
    ]);
    // The registration event seen again (a redelivery or the live lane) changes nothing.
    expect(contributionDelta(f, applyEvent(f, resumed))).toEqual([]);
  });

  it('puts a case on its China-time registration day', () => {
    expect(chinaDay('2026-03-01T15:59:59.999Z')).toBe('2026-03-01');
    expect(chinaDay('2026-03-01T16:00:00.000Z')).toBe('2026-03-02');
  });

  it('reads only case events it understands', () => {
    const ev = (type: string, data: unknown) =>
      ({ specversion: '1.0', id: 'x', source: 's', type, time: '', datacontenttype: 'application/json', data }) as CloudEvent;
    expect(classify(ev('cn.fengqiao.case.registered.v1', { caseId: CASE }))?.kind).toBe('registered');
    expect(classify(ev('cn.fengqiao.case.assigned.v1', { caseId: CASE, seq: 3 }))?.kind).toBe('step');
    expect(classify(ev('cn.fengqiao.case.warning-changed.v1', { caseId: CASE, warning: 'red' }))?.kind).toBe('warning');
    expect(classify(ev('cn.fengqiao.case.assigned.v1', { caseId: CASE }))).toBeUndefined();
    expect(classify(ev('cn.fengqiao.person.registered.v1', { caseId: CASE }))).toBeUndefined();
    expect(classify(ev('cn.fengqiao.case.registered.v1', null))).toBeUndefined();
  });
});

describe('contribution deltas', () => {
  it('takes the old contribution out and puts the new one in, on one row', () => {
    const before = run(mediatedPath.slice(0, 6));
    const after = applyEvent(before, mediatedPath[6]!);
    const deltas = contributionDelta(before, after);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]!.counts).toMatchObject({ received: 0, mediationSucceeded: 1, resolved: 1, openRed: -1, openGreen: 1 });
  });

  it('adds the whole contribution for a new case and nothing for a step that changes no count', () => {
    const reg = run([registered()]);
    expect(contributionDelta(null, reg)).toEqual([contribution(reg)]);
    const routed = applyEvent(reg, step(1, 'routed'));
    expect(contributionDelta(reg, routed)).toEqual([]);
  });

  it('moves a case between rows when its key changes', () => {
    const a = run([registered()]);
    const b = applyEvent(a, registered({ category: 'land' }));
    const deltas = contributionDelta(a, b);
    expect(deltas.map((d) => [d.key.category, d.counts.received])).toEqual([
      ['neighbour', -1],
      ['land', 1],
    ]);
  });

  it('sums deltas along any path to the final contribution', () => {
    let f: CaseFacts | null = null;
    const rows = new Map<string, number>();
    for (const e of mediatedPath) {
      const next = applyEvent(f, e);
      for (const d of contributionDelta(f, next)) rows.set('mediationSucceeded', (rows.get('mediationSucceeded') ?? 0) + d.counts.mediationSucceeded);
      f = next;
    }
    expect(rows.get('mediationSucceeded')).toBe(1);
  });

  it("counts a kind's steps as its declaration names them, not by a list of its own", () => {
    // A test-only kind whose process replies with 'answered', never mediates, and rates with 'scored'.
    registerCaseKind({
      ...genericKind('facts-test', { zh: '测试', en: 'Test' }),
      metricSteps: { firstReply: ['answered'], mediated: { types: [], statuses: [] }, rated: ['scored'], closed: ['archived'] },
    });
    const ofKind = (e: CaseEvent): CaseEvent => ({ ...e, data: { ...e.data, kind: 'facts-test' } }) as CaseEvent;
    const f = run(
      [
        registered(),
        step(1, 'answered', {}, { resolved: true }),
        step(2, 'assigned', { status: 'mediation' }),
        step(3, 'replied', {}, { resolved: false }),
        step(4, 'scored', { status: 'closed', rating: 5 }, { score: 5 }),
        step(5, 'rated', { status: 'closed', rating: 5 }, { score: 5 }),
        step(6, 'archived', { status: 'closed', rating: 5 }),
      ].map(ofKind),
    )!;
    expect(f).toMatchObject({
      kind: 'facts-test',
      resolvedAtFirstContact: true,
      firstReplyAt: '2026-03-02T01:00:00.000Z',
      mediated: false,
      ratings: 1,
      closedAt: '2026-03-02T06:00:00.000Z',
    });
    // The same steps of a dispute count as the dispute declares: 'assigned' is mediation, 'answered' is nothing.
    const dispute = run([registered(), step(1, 'answered', {}, { resolved: true }), step(2, 'assigned', { status: 'mediation' })])!;
    expect(dispute).toMatchObject({ resolvedAtFirstContact: false, firstReplyAt: null, mediated: true });
  });
});
