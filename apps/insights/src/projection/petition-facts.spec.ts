import { PetitionClocks, PetitionSteps, type CaseTransitionData } from '@fengqiao/contracts';
import { addToTotals, petitionStatsFromTotals, statsFromTotals, ZERO_TOTALS } from '../stats/stats-metrics';
import { applyEvent, contribution, contributionDelta, type CaseEvent, type CaseFacts, type Contribution } from './case-facts';

/**
 * The petition figures from a petition's own events (docs/metrics.md, "Petitions"): timeliness
 * read from the order of the clocks' `warning-changed` steps and the decisions, never from clocks
 * computed again here.
 */
const PATH = '/621100/621102/621102101/';
let caseNo = 0;

/** One petition's events; `step` numbers them in the order given unless a number is passed. */
function petition() {
  const caseId = `00000000-0000-4000-8000-${String(++caseNo).padStart(12, '0')}`;
  let seq = 0;
  const registered: CaseEvent = {
    kind: 'registered',
    id: `${caseId}:0`,
    data: {
      caseId,
      caseNo: `P${caseNo}`,
      kind: 'petition',
      category: 'land',
      severity: 'ordinary',
      orgUnit: '621102101',
      orgPath: PATH,
      registeredAt: '2026-03-01T02:00:00.000Z',
      firstReplyDue: '2026-03-01T02:00:00.000Z',
      registeredBy: 'u',
    },
  };
  const step = (type: string, detail: Record<string, unknown> = {}, state: Partial<CaseTransitionData> = {}): CaseEvent => {
    seq += 1;
    return {
      kind: 'step',
      id: `${caseId}:${seq}`,
      data: {
        caseId,
        caseNo: `P${caseNo}`,
        orgUnit: '621102101',
        orgPath: PATH,
        kind: 'petition',
        category: 'land',
        seq,
        type,
        actor: 'petition.li',
        at: new Date(Date.parse('2026-03-01T02:00:00.000Z') + seq * 3_600_000).toISOString(),
        status: 'acceptance',
        outcome: null,
        warning: 'green',
        rating: null,
        detail,
        ...state,
      },
    };
  };
  const warn = (clock: string, to: 'yellow' | 'red') =>
    step('warning-changed', { clock, kind: clock, from: to === 'red' ? 'yellow' : 'green', to }, { warning: to });
  return { registered, step, warn };
}

const run = (events: CaseEvent[]) => events.reduce<CaseFacts | null>((f, e) => applyEvent(f, e), null);
const counts = (events: CaseEvent[]): Contribution => contribution(run(events))!.counts;
const petitionCounts = (events: CaseEvent[]) => {
  const c = counts(events);
  return {
    due: c.petitionAcceptanceDue,
    timely: c.petitionAcceptedTimely,
    replied: c.petitionReplied,
    onTime: c.petitionRepliedOnTime,
    rated: c.petitionRepliedRated,
    reviewed: c.petitionRepliedReviewed,
  };
};
const NONE = { due: 0, timely: 0, replied: 0, onTime: 0, rated: 0, reviewed: 0 };

describe('petition acceptance (及时受理)', () => {
  it('is timely when the acceptance clock had not turned red before the decision', () => {
    for (const decision of [PetitionSteps.accepted, PetitionSteps.notAccepted, PetitionSteps.forwarded]) {
      const p = petition();
      expect(petitionCounts([p.registered, p.warn(PetitionClocks.acceptance, 'yellow'), p.step(decision)])).toEqual({ ...NONE, due: 1, timely: 1 });
    }
  });

  it('is late when the acceptance clock turned red before the decision', () => {
    const p = petition();
    expect(
      petitionCounts([p.registered, p.warn(PetitionClocks.acceptance, 'yellow'), p.warn(PetitionClocks.acceptance, 'red'), p.step(PetitionSteps.accepted)]),
    ).toEqual({
      ...NONE,
      due: 1,
    });
  });

  it("counts an undecided petition as due only once its clock is red, and ignores other clocks' red", () => {
    const waiting = petition();
    expect(petitionCounts([waiting.registered, waiting.warn(PetitionClocks.acceptance, 'yellow')])).toEqual(NONE);
    const overdue = petition();
    expect(petitionCounts([overdue.registered, overdue.warn(PetitionClocks.acceptance, 'red')])).toEqual({ ...NONE, due: 1 });
    const other = petition();
    expect(petitionCounts([other.registered, other.warn(PetitionClocks.forwardNotice, 'red'), other.step(PetitionSteps.forwarded)])).toEqual({
      ...NONE,
      due: 1,
      timely: 1,
    });
  });

  it("prefers the decision's own detail.onTime to the clock's colour", () => {
    const excused = petition();
    expect(
      petitionCounts([excused.registered, excused.warn(PetitionClocks.acceptance, 'red'), excused.step(PetitionSteps.accepted, { onTime: true })]),
    ).toEqual({
      ...NONE,
      due: 1,
      timely: 1,
    });
    const late = petition();
    expect(petitionCounts([late.registered, late.step(PetitionSteps.notAccepted, { onTime: false })])).toEqual({ ...NONE, due: 1 });
  });

  it('judges the decision that stands: an objection sends the petition back to acceptance (§23)', () => {
    const p = petition();
    const forwarded = [p.registered, p.step(PetitionSteps.forwarded)];
    const objected = [...forwarded, p.step(PetitionSteps.objected)];
    expect(petitionCounts(forwarded)).toEqual({ ...NONE, due: 1, timely: 1 });
    expect(petitionCounts(objected)).toEqual(NONE);
    const lateAgain = [...objected, p.warn(PetitionClocks.acceptance, 'red'), p.step(PetitionSteps.accepted)];
    expect(petitionCounts(lateAgain)).toEqual({ ...NONE, due: 1 });
    expect(petitionCounts([...lateAgain].reverse())).toEqual({ ...NONE, due: 1 });
  });
});

describe('petition handling (按期办结), rating (参评率, 满意率) and review (复查率)', () => {
  const accepted = (p: ReturnType<typeof petition>) => [p.registered, p.step(PetitionSteps.accepted)];

  it('is on time when the handling clock had not turned red before the reply', () => {
    const p = petition();
    const events = [...accepted(p), p.warn(PetitionClocks.handling, 'yellow'), p.step(PetitionSteps.replied)];
    // A red after the reply (a later clock of the same name cannot be, but a stray one must not count).
    events.push(p.warn(PetitionClocks.handling, 'red'));
    expect(petitionCounts(events)).toEqual({ ...NONE, due: 1, timely: 1, replied: 1, onTime: 1 });
  });

  it('is late when the handling clock turned red before the reply, unless the reply says onTime', () => {
    const late = petition();
    expect(petitionCounts([...accepted(late), late.warn(PetitionClocks.handling, 'red'), late.step(PetitionSteps.replied)])).toEqual({
      ...NONE,
      due: 1,
      timely: 1,
      replied: 1,
    });
    const excused = petition();
    const onTime = [...accepted(excused), excused.warn(PetitionClocks.handling, 'red'), excused.step(PetitionSteps.replied, { onTime: true })];
    expect(petitionCounts(onTime)).toMatchObject({ replied: 1, onTime: 1 });
    const unanswered = petition();
    expect(petitionCounts([...accepted(unanswered), unanswered.warn(PetitionClocks.handling, 'red')])).toMatchObject({ replied: 0, onTime: 0 });
  });

  it('counts participation once per replied petition, and every rating for satisfaction', () => {
    const p = petition();
    const events = [...accepted(p), p.step(PetitionSteps.replied), p.step(PetitionSteps.rated, { score: 2 }), p.step(PetitionSteps.rated, { score: 4 })];
    const c = counts(events);
    expect([c.petitionReplied, c.petitionRepliedRated, c.ratings, c.ratingsSatisfied]).toEqual([1, 1, 2, 1]);
    // A rating without a reply (not accepted, then rated) is a rating but no participation of a replied petition.
    const refused = petition();
    const r = counts([refused.registered, refused.step(PetitionSteps.notAccepted), refused.step(PetitionSteps.rated, { score: 5 })]);
    expect([r.petitionReplied, r.petitionRepliedRated, r.ratings, r.ratingsSatisfied]).toEqual([0, 0, 1, 1]);
  });

  it('counts a replied petition whose petitioner asked for review', () => {
    const p = petition();
    const events = [...accepted(p), p.step(PetitionSteps.replied), p.step(PetitionSteps.reviewRequested), p.step(PetitionSteps.reviewDecided)];
    expect(petitionCounts(events)).toMatchObject({ replied: 1, reviewed: 1 });
  });

  it('gives the same facts in any order of delivery', () => {
    const p = petition();
    const events = [
      p.registered,
      p.warn(PetitionClocks.acceptance, 'yellow'),
      p.step(PetitionSteps.forwarded),
      p.step(PetitionSteps.objected),
      p.warn(PetitionClocks.acceptance, 'red'),
      p.step(PetitionSteps.accepted, {}, { status: 'handling' }),
      p.warn(PetitionClocks.handling, 'red'),
      p.step(PetitionSteps.replied, {}, { status: 'replied' }),
      p.step(PetitionSteps.reviewRequested, {}, { status: 'petition-review' }),
      p.step(PetitionSteps.rated, { score: 5 }, { status: 'petition-review', rating: 5 }),
    ];
    const inOrder = run(events);
    const shuffled = run([events[7]!, events[2]!, events[9]!, events[0]!, events[5]!, events[3]!, events[8]!, events[1]!, events[6]!, events[4]!]);
    expect(shuffled).toEqual(inOrder);
    expect(run([...events].reverse())).toEqual(inOrder);
    expect(petitionCounts(events)).toEqual({ due: 1, timely: 0, replied: 1, onTime: 0, rated: 1, reviewed: 1 });
  });

  it('sums its deltas along the way to its final contribution', () => {
    const p = petition();
    const events = [...accepted(p), p.warn(PetitionClocks.handling, 'red'), p.step(PetitionSteps.replied), p.step(PetitionSteps.rated, { score: 4 })];
    let f: CaseFacts | null = null;
    let sum = ZERO_TOTALS;
    for (const e of events) {
      const next = applyEvent(f, e);
      for (const d of contributionDelta(f, next)) sum = addToTotals(sum, d.counts);
      f = next;
    }
    expect(sum).toEqual(addToTotals(ZERO_TOTALS, counts(events)));
  });
});

describe('the petition figures', () => {
  it('rates each over its own denominator, and appears only for kind=petition', () => {
    let t = ZERO_TOTALS;
    const add = (events: CaseEvent[]) => (t = addToTotals(t, counts(events)));
    // 4 petitions: timely and answered on time, rated 5, reviewed; late acceptance, answered late, rated 3;
    // timely, not yet answered; undecided with the acceptance clock red.
    const a = petition();
    add([
      a.registered,
      a.step(PetitionSteps.accepted),
      a.step(PetitionSteps.replied),
      a.step(PetitionSteps.rated, { score: 5 }),
      a.step(PetitionSteps.reviewRequested),
    ]);
    const b = petition();
    add([
      b.registered,
      b.warn(PetitionClocks.acceptance, 'red'),
      b.step(PetitionSteps.accepted),
      b.warn(PetitionClocks.handling, 'red'),
      b.step(PetitionSteps.replied),
      b.step(PetitionSteps.rated, { score: 3 }),
    ]);
    const c = petition();
    add([c.registered, c.step(PetitionSteps.accepted)]);
    const d = petition();
    add([d.registered, d.warn(PetitionClocks.acceptance, 'red')]);
    expect(petitionStatsFromTotals(t)).toEqual({
      received: 4,
      acceptanceDue: 4,
      acceptedTimely: 2,
      timelyAcceptanceRate: 0.5,
      replied: 2,
      repliedOnTime: 1,
      onTimeClosureRate: 0.5,
      rated: 2,
      ratingParticipationRate: 1,
      petitionSatisfactionRate: 0.5,
      reviewed: 1,
      reviewRate: 0.5,
    });
    expect(statsFromTotals(t, 'petition').petition).toEqual(petitionStatsFromTotals(t));
    expect(statsFromTotals(t)).not.toHaveProperty('petition');
    expect(statsFromTotals(t, 'dispute')).not.toHaveProperty('petition');
    expect(statsFromTotals(ZERO_TOTALS, 'petition').petition).toMatchObject({ received: 0, timelyAcceptanceRate: 0, reviewRate: 0 });
  });
});
