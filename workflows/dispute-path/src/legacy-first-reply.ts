import { ApplicationFailure, condition, proxyActivities, setHandler, sleep, type QueryDefinition } from '@temporalio/workflow';
import { taskQueue, type DisputePathInput, type DisputePathState, type IntakeActivities } from '@fengqiao/contracts';

const RETRY = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' } as const;

/**
 * The first version of the dispute path (first-reply clock only), kept verbatim for runs
 * started before `stages-v2`: their histories must replay command for command. Such runs
 * accept no actions; new runs take the current path.
 */
export async function legacyFirstReply(input: DisputePathInput, query: QueryDefinition<unknown>): Promise<DisputePathState> {
  const start = Date.parse(input.registeredAt);
  const due = Date.parse(input.firstReplyDue);
  if (!Number.isFinite(start) || !Number.isFinite(due) || due < start) {
    throw ApplicationFailure.nonRetryable(`unreadable first-reply period: ${input.registeredAt} → ${input.firstReplyDue}`, 'InvalidDeadline');
  }
  const queue = taskQueue('intake', undefined, input.queuePrefix);
  const intake = proxyActivities<IntakeActivities>({ taskQueue: queue, startToCloseTimeout: '30s', retry: RETRY });
  const state: DisputePathState = { caseNo: input.caseNo, stage: 'first-contact', warning: 'green', firstReplyDue: input.firstReplyDue };
  setHandler(query, () => state);

  const yellowAt = Math.round(start + (due - start) * input.yellowAt);
  if (Date.now() < yellowAt) await sleep(yellowAt - Date.now());
  if (Date.now() < due) {
    const untilDue = proxyActivities<IntakeActivities>({
      taskQueue: queue,
      startToCloseTimeout: '30s',
      scheduleToCloseTimeout: Math.max(1_000, due - Date.now()),
      retry: RETRY,
    });
    try {
      await untilDue.recordWarning({ caseId: input.caseId, caseNo: input.caseNo, warning: 'yellow', reason: 'first-reply-80-percent' });
      state.warning = 'yellow';
    } catch {
      // intake was unreachable until the due time; the red warning below is what counts now
    }
    if (Date.now() < due) await sleep(due - Date.now());
  }
  await intake.recordWarning({ caseId: input.caseId, caseNo: input.caseNo, warning: 'red', reason: 'first-reply-overdue' });
  state.warning = 'red';
  await condition(() => state.stage !== 'first-contact');
  return state;
}
