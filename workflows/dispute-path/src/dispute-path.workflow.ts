import { condition, defineQuery, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import { taskQueue, type DisputePathInput, type DisputePathState, type IntakeActivities } from '@fengqiao/contracts';

export const stateQuery = defineQuery<DisputePathState>('state');

/**
 * One run per dispute, id `dispute-<caseNo>`. This first version keeps the first-contact
 * clock: yellow at `yellowAt` of the period, red when the first reply is overdue. The
 * actions of the later stages arrive as updates (see the dispute-path issue).
 */
export async function disputePath(input: DisputePathInput): Promise<DisputePathState> {
  const intake = proxyActivities<IntakeActivities>({
    taskQueue: taskQueue('intake', undefined, input.queuePrefix),
    startToCloseTimeout: '30s',
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
  });

  const state: DisputePathState = {
    caseNo: input.caseNo,
    stage: 'first-contact',
    warning: 'green',
    firstReplyDue: input.firstReplyDue,
  };
  setHandler(stateQuery, () => state);

  const start = Date.parse(input.registeredAt);
  const due = Date.parse(input.firstReplyDue);
  const yellowAt = start + (due - start) * input.yellowAt;

  // Date.now() inside a workflow is the SDK's deterministic clock (workflow task time).
  if (Date.now() < yellowAt) await sleep(yellowAt - Date.now());
  if (Date.now() < due) {
    state.warning = 'yellow';
    await intake.recordWarning({ caseId: input.caseId, caseNo: input.caseNo, warning: 'yellow', reason: 'first-reply-80-percent' });
    await sleep(due - Date.now());
  }
  state.warning = 'red';
  await intake.recordWarning({ caseId: input.caseId, caseNo: input.caseNo, warning: 'red', reason: 'first-reply-overdue' });

  // Stays open for the actions of the next stages.
  await condition(() => state.stage !== 'first-contact');
  return state;
}
