import { condition, defineQuery, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  HOTLINE_TASK_QUEUE,
  HotlineOrderSignals,
  taskQueue,
  type HotlineOrderActivities,
  type HotlineOrderClosedSignal,
  type HotlineOrderDeadlineInput,
  type HotlineOrderDeadlineResult,
} from '@fengqiao/contracts';
import { hotlineDeadlineWarnAt } from '@fengqiao/rules';

const RETRY = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' } as const;

export const closedSignal = defineSignal<[HotlineOrderClosedSignal]>(HotlineOrderSignals.closed);
export const stateQuery = defineQuery<HotlineOrderDeadlineResult>('state');

/**
 * The 12345 centre's deadline on one work order (id `hotline-order-<centre>-<orderNo>`): a warning
 * ahead of it (libs/rules HOTLINE_DEADLINE_WARNING_LEAD_MS, at once if the order came in later) and the
 * order marked overdue when it falls, unless the order was done with first: the adapter signals
 * `closed` when the case's result is recorded or the order is objected to. The adapter's activities
 * check the order again before they mark it, so a signal that never came marks nothing wrong.
 */
export async function hotlineOrderDeadline(input: HotlineOrderDeadlineInput): Promise<HotlineOrderDeadlineResult> {
  const adapter = proxyActivities<HotlineOrderActivities>({
    taskQueue: taskQueue(HOTLINE_TASK_QUEUE, undefined, input.queuePrefix),
    startToCloseTimeout: '30s',
    retry: RETRY,
  });
  const state: HotlineOrderDeadlineResult = { warned: false, overdue: false, closed: null };
  setHandler(stateQuery, () => state);
  setHandler(closedSignal, (s) => {
    state.closed ??= s.reason;
  });
  const ref = { centre: input.centre, orderNo: input.orderNo, deadline: input.deadline };
  const deadline = Date.parse(input.deadline);
  const closed = () => state.closed !== null;
  // Until the warning, then until the deadline: a closing signal ends the wait and the run.
  const until = async (at: number) => (at > Date.now() ? !(await condition(closed, at - Date.now())) : !closed());

  if (deadline > Date.now() && (await until(hotlineDeadlineWarnAt(deadline, Date.now())))) {
    state.warned = await adapter.warnOrderDeadline({ ...ref, at: new Date(Date.now()).toISOString() });
  }
  if (await until(deadline)) {
    state.overdue = await adapter.markOrderOverdue({ ...ref, at: new Date(Date.now()).toISOString() });
  }
  return state;
}
