import { log } from '@temporalio/workflow';
import type { ActionBody } from '@fengqiao/contracts';
import type { DisputeContext } from '../dispute-context';

/** The mediation clock of the home centre; its due date is the case's mediation deadline. */
export function startMediationClock(ctx: DisputeContext, at = Date.now()) {
  ctx.deadlines.mediationDue = ctx.start({ id: 'mediation', kind: 'mediation', owner: 'centre', orgUnit: ctx.input.orgUnit, period: 'mediation' }, at).due;
}

export async function assign(ctx: DisputeContext, body: ActionBody<'assign'>, actor: string) {
  const mediator = await ctx.mediation(ctx.input.orgUnit).assignMediator({
    caseId: ctx.input.caseId,
    caseNo: ctx.input.caseNo,
    orgUnit: ctx.input.orgUnit,
    team: ctx.rule.team,
    mediatorId: body.mediatorId,
    at: ctx.now(),
  });
  ctx.state.mediator = { id: mediator.id, name: mediator.name, team: mediator.team, username: mediator.username ?? null };
  ctx.stop('first-reply');
  ctx.stop('first-contact');
  // A second assignment changes the mediator, not the period.
  if (ctx.state.status !== 'mediation') {
    ctx.state.status = 'mediation';
    startMediationClock(ctx);
  }
  await ctx.record('assigned', actor, { mediator: ctx.state.mediator, named: !!body.mediatorId });
}

export async function session(ctx: DisputeContext, body: ActionBody<'session'>, actor: string) {
  await ctx.mediation(ctx.input.orgUnit).recordSession({
    caseId: ctx.input.caseId,
    caseNo: ctx.input.caseNo,
    seq: ctx.state.seq + 1,
    mediatorId: ctx.state.mediator?.id ?? null,
    at: body.at,
    summary: body.summary,
    participants: body.participants,
  });
  await ctx.record('session-recorded', actor, { at: body.at, summary: body.summary, participants: body.participants });
}

/** The return visit (回访): closes a case under review if settled, else reopens mediation. */
export async function returnVisit(ctx: DisputeContext, body: ActionBody<'return-visit'>, actor: string) {
  const { input, state } = ctx;
  const home = ctx.mediation(input.orgUnit);
  await home.completeReturnVisit({ caseId: input.caseId, by: actor, summary: body.summary, resolved: body.resolved, at: ctx.now() });
  ctx.stop('return-visit');
  await ctx.record('return-visit-recorded', actor, { summary: body.summary, resolved: body.resolved });
  // A visit after a failed mediation only goes on record: the case is already on its way.
  if (state.status !== 'review') return;
  if (body.resolved) {
    state.status = 'closed';
    await ctx.record('closed', actor, { afterReturnVisit: true });
    return;
  }
  // Not settled: back to mediation, with the same mediator when they can take it.
  const previous = state.mediator;
  state.mediator = null;
  if (previous) {
    try {
      const m = await home.assignMediator({
        caseId: input.caseId,
        caseNo: input.caseNo,
        orgUnit: input.orgUnit,
        team: ctx.rule.team,
        mediatorId: previous.id,
        at: ctx.now(),
      });
      state.mediator = { id: m.id, name: m.name, team: m.team, username: m.username ?? null };
    } catch (e) {
      log.warn('previous mediator not available on reopening; the centre assigns again', { caseNo: input.caseNo, error: String(e) });
    }
  }
  Object.assign(state, { status: 'mediation', outcome: null, feedbackRecorded: false, rating: null });
  startMediationClock(ctx);
  await ctx.record('reopened', actor, { mediator: state.mediator });
}
