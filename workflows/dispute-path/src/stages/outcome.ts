import { log } from '@temporalio/workflow';
import type { ActionBody, CaseClock, JudicialConfirmationSignal } from '@fengqiao/contracts';
import { SYSTEM, type DisputeContext } from '../dispute-context';
import { awaitFeedback } from './closing';

/**
 * The outcome: an agreement opens the parties' judicial-confirmation window (司法确认, 30 days), a
 * failed mediation schedules a return visit; the mediator is released and the counting clocks stop.
 */
export async function conclude(ctx: DisputeContext, body: ActionBody<'conclude'>, actor: string) {
  const { input, state } = ctx;
  const at = ctx.now();
  const home = ctx.mediation(input.orgUnit);
  let confirmation: CaseClock | undefined;
  let returnVisit: CaseClock | undefined;
  if (body.outcome === 'agreement') {
    confirmation = ctx.startLater({
      id: 'judicial-confirmation',
      kind: 'judicial-confirmation',
      owner: 'parties',
      orgUnit: input.orgUnit,
      period: 'judicialConfirmation',
      counts: false,
    });
    await home.recordAgreement({ caseId: input.caseId, caseNo: input.caseNo, text: body.agreement ?? body.summary, at, confirmationDue: confirmation.due });
  }
  if (body.outcome === 'failed') {
    returnVisit = ctx.startLater({ id: 'return-visit', kind: 'return-visit', owner: 'centre', orgUnit: input.orgUnit, period: 'returnVisit' });
    await home.scheduleReturnVisit({ caseId: input.caseId, caseNo: input.caseNo, orgUnit: input.orgUnit, reason: 'failed', at, due: returnVisit.due });
  }
  if (state.mediator) await home.releaseMediator({ caseId: input.caseId, at });
  for (const c of [...state.clocks]) if (c.counts && c.kind !== 'return-visit') ctx.stop(c.id);
  state.outcome = body.outcome;
  if (confirmation) {
    state.clocks.push(confirmation);
    state.judicialConfirmation = 'pending';
  }
  if (returnVisit && !ctx.running('return-visit')) state.clocks.push(returnVisit);
  awaitFeedback(ctx);
  await ctx.record('concluded', actor, { outcome: body.outcome, summary: body.summary });
  if (confirmation) {
    await ctx.record('judicial-confirmation-reminder', SYSTEM, {
      due: confirmation.due,
      message:
        '调解协议生效之日起三十日内，双方当事人可共同向人民法院申请司法确认 / The parties may jointly apply to the court for judicial confirmation within 30 days',
    });
  }
}

/** The court's answers (signals), in arrival order; one without a pending agreement is ignored. */
export async function applyJudicialConfirmations(ctx: DisputeContext, signals: JudicialConfirmationSignal[]) {
  while (signals.length) {
    const s = signals.shift()!;
    if (ctx.state.judicialConfirmation !== 'pending') {
      log.warn('judicial confirmation without a pending agreement ignored', { caseNo: ctx.input.caseNo });
      continue;
    }
    await ctx
      .mediation(ctx.input.orgUnit, true)
      .recordJudicialConfirmation({ caseId: ctx.input.caseId, result: s.result, court: s.court, decidedAt: s.decidedAt, reference: s.reference });
    ctx.stop('judicial-confirmation');
    ctx.state.judicialConfirmation = s.result;
    await ctx.record('judicial-confirmation-recorded', s.recordedBy, {
      result: s.result,
      court: s.court,
      decidedAt: s.decidedAt,
      reference: s.reference ?? null,
    });
  }
}

/** The window's colours: a reminder at its yellow point, lapsed once past due. */
export async function confirmationWindow(ctx: DisputeContext, clock: CaseClock) {
  if (clock.colour === 'yellow') {
    await ctx.record('judicial-confirmation-reminder', SYSTEM, {
      due: clock.due,
      message: '司法确认申请期限即将届满 / The judicial-confirmation window is closing',
    });
    return;
  }
  await ctx.mediation(ctx.input.orgUnit, true).recordJudicialConfirmation({ caseId: ctx.input.caseId, result: 'lapsed', court: null, decidedAt: ctx.now() });
  ctx.stop(clock.id);
  ctx.state.judicialConfirmation = 'lapsed';
  await ctx.record('judicial-confirmation-lapsed', SYSTEM, { due: clock.due });
}
