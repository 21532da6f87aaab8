import { ApplicationFailure } from '@temporalio/workflow';
import type { CaseStatus, DisputeState, ProcessResume } from '@fengqiao/contracts';
import { firstReplyClock } from '@fengqiao/rules';
import { SYSTEM, type DisputeContext } from './dispute-context';
import { startFeedbackClock, startRatingWindow } from './stages/closing';
import { startJointHandlingClock } from './stages/joint-handling';
import { startMediationClock } from './stages/mediation';

/** The statuses a dispute run can take over; a closed case needs no process, `handling` is not a dispute stage. */
const RESUMABLE: readonly CaseStatus[] = ['first-contact', 'mediation', 'joint-handling', 'awaiting-feedback', 'review'];

/**
 * A case that went some way before its process existed (the seeded history): the state it stands
 * in. Joint handling is taken over without its department parts (the resume does not carry them):
 * the lead may conclude it.
 */
export function resumedFields(resume: ProcessResume, orgUnit: string): Partial<DisputeState> {
  if (!RESUMABLE.includes(resume.status)) {
    throw ApplicationFailure.nonRetryable(`a dispute run cannot take over a case in ${resume.status}`, 'InvalidInput');
  }
  if (!Number.isInteger(resume.seq) || resume.seq < 0 || !Number.isFinite(Date.parse(resume.stageStartedAt))) {
    throw ApplicationFailure.nonRetryable(`unreadable resume: seq ${resume.seq}, stage started ${resume.stageStartedAt}`, 'InvalidInput');
  }
  const m = resume.mediator;
  return {
    status: resume.status,
    seq: resume.seq,
    outcome: resume.outcome,
    mediator: m ? { id: m.id, name: m.name, team: m.team, username: m.username ?? null } : null,
    joint: resume.status === 'joint-handling' ? { leadOrgUnit: orgUnit, reason: 'resumed', parts: [] } : null,
    feedbackRecorded: resume.feedbackRecorded,
  };
}

/**
 * The run's first step for a resumed case, instead of `routed`: the current stage's clock from when
 * the stage began, so a case already past due turns red (with supervision) at the first tick.
 */
export async function resumeStage(ctx: DisputeContext, resume: ProcessResume) {
  const at = Date.parse(resume.stageStartedAt);
  switch (resume.status) {
    case 'first-contact':
      // A stage that began after registration began with a reply that did not settle it.
      if (at > Date.parse(ctx.input.registeredAt)) {
        ctx.start({ id: 'first-contact', kind: 'first-contact', owner: 'centre', orgUnit: ctx.input.orgUnit, period: 'firstContact' }, at);
      } else {
        const firstReply = firstReplyClock(ctx.calendar, ctx.rule, ctx.input.orgUnit, Date.parse(ctx.input.registeredAt));
        ctx.state.clocks.push(firstReply);
        ctx.deadlines.firstReplyDue = firstReply.due;
      }
      break;
    case 'mediation':
      startMediationClock(ctx, at);
      break;
    case 'joint-handling':
      startJointHandlingClock(ctx, ctx.input.orgUnit, at);
      break;
    case 'awaiting-feedback':
      if (resume.feedbackRecorded) startRatingWindow(ctx, at);
      else startFeedbackClock(ctx, at);
      break;
    case 'review':
      ctx.start({ id: 'return-visit', kind: 'return-visit', owner: 'centre', orgUnit: ctx.input.orgUnit, period: 'returnVisit' }, at);
      break;
  }
  await ctx.record('process-resumed', SYSTEM, { status: resume.status, stageStartedAt: resume.stageStartedAt });
}
