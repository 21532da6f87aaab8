import { LegalAidClocks, LegalAidSteps, type LegalAidAction, type LegalAidActionBody } from '@fengqiao/contracts';
import { pauseClock, resumeClock } from '@fengqiao/rules';
import type { LegalAidContext } from './legal-aid-context';

export type Step<A extends LegalAidAction> = (ctx: LegalAidContext, body: LegalAidActionBody<A>, actor: string) => Promise<void>;

const FILE = { file: true } as const;

/** What an objection is against: a refusal, or (aid granted, then ended) a termination. */
export const objectionOf = (ctx: LegalAidContext): 'refusal' | 'termination' => (ctx.state.legalAid.decision === 'refused' ? 'refusal' : 'termination');

/** A provider assigned in advance (§44) is freed when the matter ends without aid. */
async function releaseIfAssigned(ctx: LegalAidContext): Promise<void> {
  if (ctx.state.legalAid.providerId) await ctx.legalAid(false).releaseProvider({ caseId: ctx.input.caseId, at: ctx.now() });
}

/**
 * The application's facts: intake's party keys, then the legal-aid service files them and screens
 * eligibility. A criminal case notified by police, procuratorate or court (§36) goes straight to
 * assignment, 3 days from the notification; any other to the 7-day review (§43).
 */
const apply: Step<'apply'> = async (ctx, body, actor) => {
  const s = ctx.state;
  const parties = await ctx.parties().partyKeys({ caseId: ctx.input.caseId });
  const assessment = await ctx.legalAid(false).recordApplication({
    caseId: ctx.input.caseId,
    caseNo: ctx.input.caseNo,
    orgUnit: ctx.input.orgUnit,
    seq: s.seq + 1, // the seq of the step recorded below
    at: ctx.now(),
    actor,
    facts: body,
    parties,
  });
  ctx.stop(LegalAidClocks.application);
  s.legalAid.matter = body.matter;
  s.legalAid.assessment = { outcome: assessment.outcome, economic: assessment.economic };
  const applied = {
    matter: body.matter,
    assessment: { outcome: assessment.outcome, economic: assessment.economic },
    advanceAidGrounds: assessment.advanceAidGrounds,
  };
  if (body.notification) {
    s.status = 'assignment';
    const clock = ctx.start('assignment', { at: Date.parse(body.notification.receivedAt) });
    ctx.deadlines.mediationDue = clock.due;
    await ctx.record(LegalAidSteps.applied, actor, { ...applied, notified: true }, FILE);
    await ctx.record(
      LegalAidSteps.notified,
      actor,
      {
        body: body.notification.body,
        bodyName: body.notification.bodyName,
        receivedAt: body.notification.receivedAt,
        assignmentDue: clock.due,
        article: '§36',
      },
      FILE,
    );
  } else {
    s.status = 'legal-aid-review';
    const clock = ctx.start('review');
    ctx.deadlines.firstReplyDue = clock.due;
    await ctx.record(LegalAidSteps.applied, actor, { ...applied, reviewDue: clock.due, article: '§43' }, FILE);
  }
  ctx.facts = body;
};

/** §43: one request listing everything missing; the review clock stops (its time kept) until they arrive. */
const requestMaterials: Step<'request-materials'> = async (ctx, body, actor) => {
  const s = ctx.state;
  pauseClock(ctx.clock(LegalAidClocks.review)!, Date.now(), 'materials');
  s.legalAid.materialsRequested = true;
  s.status = 'awaiting-materials';
  const materials = ctx.start('materials');
  await ctx.record(
    LegalAidSteps.materialsRequested,
    actor,
    { missing: body.missing, message: body.message ?? null, materialsDue: materials.due, article: '§43' },
    FILE,
  );
};

/** The materials arrived: the review resumes with the time it had left. */
const supplyMaterials: Step<'supply-materials'> = async (ctx, body, actor) => {
  ctx.stop(LegalAidClocks.materials);
  const review = ctx.clock(LegalAidClocks.review)!;
  const stoppedMs = resumeClock(review, Date.now());
  ctx.deadlines.firstReplyDue = review.due;
  ctx.state.status = 'legal-aid-review';
  await ctx.record(LegalAidSteps.materialsSupplied, actor, { items: body.items, note: body.note ?? null, stoppedMs, reviewDue: review.due }, FILE);
};

/** §44: aid before approval; a provider may now be assigned while the review runs. */
const advanceAid: Step<'advance-aid'> = async (ctx, body, actor) => {
  ctx.state.legalAid.advanceAid = true;
  await ctx.record(LegalAidSteps.advanceAid, actor, { ground: body.ground, note: body.note, article: '§44' }, FILE);
};

const grant: Step<'grant'> = async (ctx, body, actor) => {
  const s = ctx.state;
  ctx.stop(LegalAidClocks.review);
  s.legalAid.decision = 'granted';
  if (s.legalAid.providerId) {
    // Assigned in advance (§44): the aid goes on with that provider.
    s.status = 'aid';
    await ctx.record(LegalAidSteps.granted, actor, { note: body.note ?? null, providerId: s.legalAid.providerId, article: '§43' }, FILE);
    return;
  }
  s.status = 'assignment';
  const clock = ctx.start('assignment');
  ctx.deadlines.mediationDue = clock.due;
  await ctx.record(LegalAidSteps.granted, actor, { note: body.note ?? null, assignmentDue: clock.due, article: '§43' }, FILE);
};

const refuse: Step<'refuse'> = async (ctx, body, actor) => {
  const s = ctx.state;
  await releaseIfAssigned(ctx);
  ctx.stop(LegalAidClocks.review);
  Object.assign(s.legalAid, { decision: 'refused', providerId: null, providerName: null, providerUsername: null });
  s.status = 'refused';
  const window = ctx.start('objectionWindow');
  await ctx.record(LegalAidSteps.refused, actor, { reasons: body.reasons, text: body.text, objectionUntil: window.due, article: '§43, §49' }, FILE);
};

/** The applicant withdraws (before a decision); a provider assigned in advance is freed. */
const withdraw: Step<'withdraw'> = async (ctx, body, actor) => {
  await releaseIfAssigned(ctx);
  ctx.close('withdrawn');
  await ctx.record(LegalAidSteps.withdrawn, actor, { reason: body.reason ?? null, deemed: false }, FILE);
  await ctx.record(LegalAidSteps.closed, actor, { outcome: 'withdrawn' }, FILE);
};

/**
 * A named provider or the service's choice (speciality, unit, load), refused there for a conflict or
 * capacity. In assignment: on time if before the 3-day clock's due; under advance aid the review goes on.
 */
const assign: Step<'assign'> = async (ctx, body, actor) => {
  const s = ctx.state;
  const provider = await ctx.legalAid(false).assignProvider({
    caseId: ctx.input.caseId,
    caseNo: ctx.input.caseNo,
    orgUnit: ctx.input.orgUnit,
    seq: s.seq + 1, // the seq of the step recorded below
    ...(body.providerId ? { providerId: body.providerId } : {}),
    at: ctx.now(),
    actor,
  });
  Object.assign(s.legalAid, { providerId: provider.id, providerName: provider.name, providerUsername: provider.username });
  const clock = ctx.clock(LegalAidClocks.assignment);
  const onTime = clock ? Date.now() <= Date.parse(clock.due) : true;
  if (s.status === 'assignment') {
    ctx.stop(LegalAidClocks.assignment);
    s.status = 'aid';
  }
  await ctx.record(
    LegalAidSteps.assigned,
    actor,
    {
      providerId: provider.id,
      providerName: provider.name,
      providerType: provider.type,
      organisation: provider.organisation,
      reason: provider.reason,
      note: body.note ?? null,
      onTime,
      advanceAid: s.status !== 'aid',
    },
    FILE,
  );
};

const courtFiled: Step<'court-filed'> = async (ctx, body, actor) => {
  await ctx.record(LegalAidSteps.courtFiled, actor, { court: body.court, courtCaseNo: body.courtCaseNo, filedOn: body.filedOn }, FILE);
};

/** §48: the provider is freed; the applicant may object (§49). */
const terminate: Step<'terminate'> = async (ctx, body, actor) => {
  await releaseIfAssigned(ctx);
  ctx.state.status = 'terminated';
  const window = ctx.start('objectionWindow');
  await ctx.record(LegalAidSteps.terminated, actor, { reason: body.reason, text: body.text, objectionUntil: window.due, article: '§48' }, FILE);
};

/** §49: to the justice bureau, which decides within 5 days. */
const object: Step<'object'> = async (ctx, body, actor) => {
  ctx.stop(LegalAidClocks.objectionWindow);
  const of = objectionOf(ctx);
  ctx.state.status = 'objection';
  const clock = ctx.start('objection');
  await ctx.record(LegalAidSteps.objected, actor, { reason: body.reason, of, decisionDue: clock.due, article: '§49' }, FILE);
};

/** Upheld: the refusal or termination stands and the case closes. Corrected: aid after all (a refusal) or again (a termination). */
const decideObjection: Step<'decide-objection'> = async (ctx, body, actor) => {
  const s = ctx.state;
  const of = objectionOf(ctx);
  ctx.stop(LegalAidClocks.objection);
  if (body.decision === 'upheld') {
    const outcome = of === 'refusal' ? 'refused' : 'terminated';
    ctx.close(outcome);
    await ctx.record(LegalAidSteps.objectionDecided, actor, { decision: body.decision, text: body.text, of, article: '§49' }, FILE);
    await ctx.record(LegalAidSteps.closed, actor, { outcome, reason: 'objection-upheld' }, FILE);
    return;
  }
  // Aid after all (a refusal) or again (a termination, whose provider was freed): a provider within 3 days,
  // through the same conflict and capacity checks — the one freed or another.
  if (of === 'refusal') s.legalAid.decision = 'granted';
  Object.assign(s.legalAid, { providerId: null, providerName: null, providerUsername: null });
  s.status = 'assignment';
  const clock = ctx.start('assignment');
  ctx.deadlines.mediationDue = clock.due;
  await ctx.record(LegalAidSteps.objectionDecided, actor, { decision: body.decision, text: body.text, of, assignmentDue: clock.due, article: '§49' }, FILE);
};

const matterEnded: Step<'matter-ended'> = async (ctx, body, actor) => {
  ctx.state.status = 'closure-filing';
  const clock = ctx.start('closure');
  await ctx.record(LegalAidSteps.matterEnded, actor, { result: body.result, endedOn: body.endedOn, note: body.note ?? null, closureDue: clock.due }, FILE);
};

/** The provider's closure file; their capacity is freed. */
const fileClosure: Step<'file-closure'> = async (ctx, body, actor) => {
  const clock = ctx.clock(LegalAidClocks.closure);
  const onTime = clock ? Date.now() <= Date.parse(clock.due) : true;
  await releaseIfAssigned(ctx);
  ctx.stop(LegalAidClocks.closure);
  ctx.state.status = 'quality-review';
  await ctx.record(LegalAidSteps.closureFiled, actor, { summary: body.summary, materials: body.materials, onTime }, FILE);
};

const reviewQuality: Step<'review-quality'> = async (ctx, body, actor) => {
  ctx.state.status = 'awaiting-feedback';
  await ctx.record(LegalAidSteps.qualityReviewed, actor, { grade: body.grade, note: body.note ?? null }, FILE);
};

const rate: Step<'rate'> = async (ctx, body, actor) => {
  ctx.state.rating = body.score;
  ctx.close('aided');
  await ctx.record(LegalAidSteps.rated, actor, { score: body.score, comment: body.comment ?? null }, FILE);
  await ctx.record(LegalAidSteps.closed, actor, { outcome: 'aided' }, FILE);
};

/** Each action's step. */
export const STEPS: { [A in LegalAidAction]: Step<A> } = {
  apply,
  'request-materials': requestMaterials,
  'supply-materials': supplyMaterials,
  'advance-aid': advanceAid,
  grant,
  refuse,
  withdraw,
  assign,
  'court-filed': courtFiled,
  terminate,
  object,
  'decide-objection': decideObjection,
  'matter-ended': matterEnded,
  'file-closure': fileClosure,
  'review-quality': reviewQuality,
  rate,
};
