import { ApplicationFailure, condition, defineQuery, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import { taskQueue, type DisputePathInput, type DisputePathState, type IntakeActivities } from '@fengqiao/contracts';

export const stateQuery = defineQuery<DisputePathState>('state');

const RETRY = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' } as const;

/**
 * One run per dispute, id `dispute-<caseNo>`. This first version keeps the first-contact
 * clock: yellow at `yellowAt` of the period, red when the first reply is overdue. The
 * actions of the later stages arrive as updates (see the dispute-path issue).
 */
export async function disputePath(input: DisputePathInput): Promise<DisputePathState> {
  const start = Date.parse(input.registeredAt);
  const due = Date.parse(input.firstReplyDue);
  if (!Number.isFinite(start) || !Number.isFinite(due) || due < start) {
    // A clock that cannot be read must fail loudly, not turn red at once.
    throw ApplicationFailure.nonRetryable(`unreadable first-reply period: ${input.registeredAt} → ${input.firstReplyDue}`, 'InvalidDeadline');
  }
  const queue = taskQueue('intake', undefined, input.queuePrefix);
  const intake = proxyActivities<IntakeActivities>({ taskQueue: queue, startToCloseTimeout: '30s', retry: RETRY });

  const state: DisputePathState = {
    caseNo: input.caseNo,
    stage: 'first-contact',
    warning: 'green',
    firstReplyDue: input.firstReplyDue,
  };
  setHandler(stateQuery, () => state);

  const yellowAt = Math.round(start + (due - start) * input.yellowAt);

  // Date.now() inside a workflow is the SDK's deterministic clock (workflow task time).
  if (Date.now() < yellowAt) await sleep(yellowAt - Date.now());
  if (Date.now() < due) {
    // Yellow may not hold red back: its retries stop at the due time, when red supersedes it.
    const untilDue = proxyActivities<IntakeActivities>({
      taskQueue: queue,
      startToCloseTimeout: '30s',
      scheduleToCloseTimeout: Math.max(1_000, due - Date.now()),
      retry: RETRY,
    });
    try {
      await untilDue.recordWarning({ caseId: input.caseId, caseNo: input.caseNo, warning: 'yellow', reason: 'first-reply-80-percent' });
      state.warning = 'yellow'; // shown once stored, never before
    } catch {
      // intake was unreachable until the due time; the red warning below is what counts now
    }
    if (Date.now() < due) await sleep(due - Date.now());
  }
  await intake.recordWarning({ caseId: input.caseId, caseNo: input.caseNo, warning: 'red', reason: 'first-reply-overdue' });
  state.warning = 'red';

  // Stays open for the actions of the next stages.
  await condition(() => state.stage !== 'first-contact');
  return state;
}
