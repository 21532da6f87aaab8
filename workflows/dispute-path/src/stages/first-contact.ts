import type { ActionBody } from '@fengqiao/contracts';
import { firstReplyClock } from '@fengqiao/rules';
import { SYSTEM, type DisputeContext } from '../dispute-context';
import { awaitFeedback } from './closing';

/** The run's first step: the first-reply clock (首问) from registration, and `routed` stored. */
export async function route(ctx: DisputeContext) {
  const firstReply = firstReplyClock(ctx.calendar, ctx.rule, ctx.input.orgUnit, Date.parse(ctx.input.registeredAt));
  ctx.state.clocks.push(firstReply);
  ctx.deadlines.firstReplyDue = firstReply.due;
  await ctx.record('routed', SYSTEM, { ruleVersion: ctx.input.ruleVersion, tier: ctx.rule.tier, team: ctx.rule.team });
}

export async function reply(ctx: DisputeContext, body: ActionBody<'reply'>, actor: string) {
  const firstReply = ctx.stop('first-reply');
  if (body.resolved) {
    ctx.stop('first-contact');
    ctx.state.outcome = 'resolved-at-first-contact';
    awaitFeedback(ctx);
  } else if (firstReply && !ctx.running('first-contact')) {
    // Answered but not settled: the first-contact handling period starts (ordinary disputes).
    ctx.start({ id: 'first-contact', kind: 'first-contact', owner: 'centre', orgUnit: ctx.input.orgUnit, period: 'firstContact' });
  }
  await ctx.record('replied', actor, { message: body.message, resolved: body.resolved });
}
