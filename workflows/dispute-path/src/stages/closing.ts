import type { ActionBody, CaseClock } from '@fengqiao/contracts';
import { SYSTEM, type DisputeContext } from '../dispute-context';

/** Every way out of handling ends here: the result must be told (feedback) before anything closes. */
export function awaitFeedback(ctx: DisputeContext) {
  ctx.state.status = 'awaiting-feedback';
  ctx.state.feedbackRecorded = false;
  startFeedbackClock(ctx);
}

export function startFeedbackClock(ctx: DisputeContext, at = Date.now()) {
  ctx.start({ id: 'feedback', kind: 'feedback', owner: 'centre', orgUnit: ctx.input.orgUnit, period: 'feedback' }, at);
}

/** The resident's rating wait; it does not colour the case. */
export function startRatingWindow(ctx: DisputeContext, at = Date.now()) {
  ctx.start({ id: 'rating', kind: 'rating', owner: 'resident', orgUnit: ctx.input.orgUnit, period: 'rating', counts: false }, at);
}

export async function feedback(ctx: DisputeContext, body: ActionBody<'feedback'>, actor: string) {
  ctx.stop('feedback');
  ctx.state.feedbackRecorded = true;
  startRatingWindow(ctx);
  await ctx.record('feedback-recorded', actor, { message: body.message, channel: body.channel });
}

export async function rate(ctx: DisputeContext, body: ActionBody<'rate'>, actor: string) {
  const { input, state } = ctx;
  ctx.stop('rating');
  state.rating = body.score;
  if (body.score >= 3) {
    state.status = 'closed';
    await ctx.record('rated', actor, { score: body.score, comment: body.comment ?? null });
    await ctx.record('closed', actor, { rating: body.score });
    return;
  }
  // A low rating reopens a review with a return visit (回访), never a silent closure.
  const visit = ctx.startLater({ id: 'return-visit', kind: 'return-visit', owner: 'centre', orgUnit: input.orgUnit, period: 'returnVisit' });
  if (!ctx.running('return-visit')) {
    await ctx
      .mediation(input.orgUnit)
      .scheduleReturnVisit({ caseId: input.caseId, caseNo: input.caseNo, orgUnit: input.orgUnit, reason: 'low-rating', at: ctx.now(), due: visit.due });
    state.clocks.push(visit);
  }
  state.status = 'review';
  await ctx.record('rated', actor, { score: body.score, comment: body.comment ?? null });
  await ctx.record('review-opened', actor, { score: body.score, returnVisitDue: ctx.clock('return-visit')?.due ?? visit.due });
}

/** The resident did not rate in time: closed with the feedback on record, and the rating left empty. */
export async function ratingWindow(ctx: DisputeContext, clock: CaseClock) {
  if (clock.colour !== 'red') return;
  ctx.stop(clock.id);
  ctx.state.status = 'closed';
  await ctx.record('closed', SYSTEM, { rating: null, reason: 'no-rating-in-time' });
}
