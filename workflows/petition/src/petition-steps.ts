import { PetitionClocks, PetitionSteps, type PetitionAction, type PetitionActionBody, type PetitionOutcome } from '@fengqiao/contracts';
import { extendClock, pauseClock, resumeClock } from '@fengqiao/rules';
import type { PetitionContext } from './petition-context';

export type Step<A extends PetitionAction> = (ctx: PetitionContext, body: PetitionActionBody<A>, actor: string) => Promise<void>;

/** The clock a hearing stops: the running staff deadline of the stage. */
export const hearingClock = (ctx: PetitionContext) =>
  ctx.state.clocks.find((c) => c.id === PetitionClocks.handling || c.id === PetitionClocks.review || c.id === PetitionClocks.reReview);

const PETITION = { petition: true } as const;

const accept: Step<'accept'> = async (ctx, body, actor) => {
  const to = ctx.state.petition.forwardedTo;
  ctx.stop(PetitionClocks.acceptance, PetitionClocks.forwardNotice, PetitionClocks.objection);
  ctx.state.status = 'handling';
  // A forwarded petition is handled (and supervised) where it was sent.
  const handling = ctx.start('handling', { orgUnit: to?.bodyOrgUnit ?? ctx.input.orgUnit });
  ctx.deadlines.mediationDue = handling.due;
  await ctx.record(PetitionSteps.accepted, actor, { message: body.message ?? null, by: to?.body ?? null, handlingDue: handling.due, article: '§22' }, PETITION);
};

const notAccept: Step<'not-accept'> = async (ctx, body, actor) => {
  ctx.state.petition.notAccepted = { reason: body.reason, channel: body.channel ?? null };
  ctx.state.outcome = 'not-accepted';
  ctx.close();
  await ctx.record(
    PetitionSteps.notAccepted,
    actor,
    {
      reason: body.reason,
      channel: body.channel ?? null,
      message: body.message,
      toldTo: 'petitioner',
      article: body.reason === 'skipped-level' ? '§19' : '§22',
    },
    PETITION,
  );
  await ctx.record(PetitionSteps.closed, actor, { outcome: 'not-accepted' }, PETITION);
};

const forward: Step<'forward'> = async (ctx, body, actor) => {
  ctx.state.petition.forwardedTo = { mode: body.mode, body: body.body, bodyOrgUnit: body.bodyOrgUnit, at: ctx.now() };
  ctx.stop(PetitionClocks.acceptance);
  ctx.state.status = 'forwarded';
  const notice = ctx.start('forwardNotice');
  const objection = ctx.start('objection', { owner: body.body, orgUnit: body.bodyOrgUnit });
  await ctx.record(
    PetitionSteps.forwarded,
    actor,
    { mode: body.mode, body: body.body, bodyOrgUnit: body.bodyOrgUnit, message: body.message ?? null, noticeDue: notice.due, objectionDue: objection.due },
    PETITION,
  );
};

/** §23: back to acceptance, on a fresh 15-day acceptance period. */
const object: Step<'object'> = async (ctx, body, actor) => {
  const to = ctx.state.petition.forwardedTo;
  ctx.state.petition.forwardedTo = null;
  ctx.stop(PetitionClocks.forwardNotice, PetitionClocks.objection);
  ctx.state.status = 'acceptance';
  ctx.deadlines.firstReplyDue = ctx.start('acceptance').due;
  await ctx.record(
    PetitionSteps.objected,
    actor,
    { reason: body.reason, body: to?.body ?? null, bodyOrgUnit: to?.bodyOrgUnit ?? null, article: '§23' },
    PETITION,
  );
};

const requestExtension: Step<'request-extension'> = async (ctx, body, actor) => {
  ctx.state.extensionRequest = { clock: PetitionClocks.handling, days: body.days, reason: body.reason, requestedBy: actor, at: ctx.now() };
  await ctx.record('extension-requested', actor, { clock: PetitionClocks.handling, days: body.days, reason: body.reason, article: '§34' }, PETITION);
};

const approveExtension: Step<'approve-extension'> = async (ctx, body, actor) => {
  const req = ctx.state.extensionRequest!;
  ctx.state.extensionRequest = null;
  const clock = ctx.clock(req.clock);
  if (body.approved && clock) {
    extendClock(clock, ctx.calendar, req.days);
    ctx.state.petition.extension = { days: req.days, reason: req.reason, approvedBy: actor };
    ctx.deadlines.mediationDue = clock.due;
  }
  // The petitioner is told the extension and its reason (§34).
  await ctx.record(
    body.approved ? 'extension-approved' : 'extension-refused',
    actor,
    { clock: req.clock, days: req.days, reason: req.reason, note: body.note ?? null, due: clock?.due ?? null, toldTo: 'petitioner', article: '§34' },
    PETITION,
  );
};

const reply: Step<'reply'> = async (ctx, body, actor) => {
  ctx.stop(PetitionClocks.handling);
  ctx.state.status = 'replied';
  ctx.state.outcome = 'answered';
  const window = ctx.start('reviewWindow');
  await ctx.record(PetitionSteps.replied, actor, { text: body.text, summary: body.summary ?? null, reviewUntil: window.due }, PETITION);
};

const requestReview: Step<'request-review'> = async (ctx, body, actor) => {
  ctx.stop(PetitionClocks.reviewWindow);
  ctx.state.status = 'petition-review';
  const review = ctx.start('review');
  await ctx.record(
    PetitionSteps.reviewRequested,
    actor,
    { reason: body.reason, onBehalf: body.onBehalf ?? false, decisionDue: review.due, article: '§35' },
    PETITION,
  );
};

const decideReview: Step<'decide-review'> = async (ctx, body, actor) => {
  ctx.stop(PetitionClocks.review);
  ctx.state.petition.reviewDecision = body.decision;
  ctx.state.outcome = `review-${body.decision}` as PetitionOutcome;
  const window = ctx.start('reReviewWindow');
  await ctx.record(PetitionSteps.reviewDecided, actor, { decision: body.decision, text: body.text, reReviewUntil: window.due, article: '§35' }, PETITION);
};

const requestReReview: Step<'request-re-review'> = async (ctx, body, actor) => {
  ctx.stop(PetitionClocks.reReviewWindow);
  ctx.state.status = 'petition-re-review';
  const reReview = ctx.start('reReview');
  await ctx.record(
    PetitionSteps.reReviewRequested,
    actor,
    { reason: body.reason, onBehalf: body.onBehalf ?? false, decisionDue: reReview.due, article: '§36' },
    PETITION,
  );
};

/** The last word: the same facts and reasons are not accepted again (§36). */
const decideReReview: Step<'decide-re-review'> = async (ctx, body, actor) => {
  ctx.state.petition.reReviewDecision = body.decision;
  ctx.state.outcome = `re-review-${body.decision}` as PetitionOutcome;
  ctx.close();
  await ctx.record(PetitionSteps.reReviewDecided, actor, { decision: body.decision, text: body.text, final: true, article: '§36' }, PETITION);
  await ctx.record(PetitionSteps.closed, actor, { outcome: ctx.state.outcome, reason: 're-review-decided' }, PETITION);
};

/** A hearing stops the stage's clock with its reason; the time is excluded (§36). */
const hearingStart: Step<'hearing-start'> = async (ctx, body, actor) => {
  const clock = hearingClock(ctx)!;
  pauseClock(clock, Date.now(), body.reason);
  await ctx.record('clock-paused', actor, { clocks: [clock.id], reason: body.reason, hearing: true, at: ctx.now(), article: '§36' }, PETITION);
};

const hearingEnd: Step<'hearing-end'> = async (ctx, body, actor) => {
  const clock = hearingClock(ctx)!;
  const stoppedMs = resumeClock(clock, Date.now());
  await ctx.record('clock-resumed', actor, { clocks: [{ clock: clock.id, stoppedMs, due: clock.due }], note: body.note ?? null, hearing: true }, PETITION);
};

const rate: Step<'rate'> = async (ctx, body, actor) => {
  ctx.state.rating = body.score;
  await ctx.record(PetitionSteps.rated, actor, { score: body.score, comment: body.comment ?? null, article: '§21' }, PETITION);
};

/** Each action's step. */
export const STEPS: { [A in PetitionAction]: Step<A> } = {
  accept,
  'not-accept': notAccept,
  forward,
  object,
  'request-extension': requestExtension,
  'approve-extension': approveExtension,
  reply,
  'request-review': requestReview,
  'decide-review': decideReview,
  'request-re-review': requestReReview,
  'decide-re-review': decideReReview,
  'hearing-start': hearingStart,
  'hearing-end': hearingEnd,
  rate,
};
