/**
 * A deliberately non-deterministic change of the deadline run, for replay.workflow-spec.ts only: the
 * warning activity scheduled before the real run's first timer, so its first command
 * (ScheduleActivityTask) is not the one recorded (StartTimer). Replaying a recorded history must fail.
 */
import { proxyActivities } from '@temporalio/workflow';
import {
  HOTLINE_TASK_QUEUE,
  taskQueue,
  type HotlineOrderActivities,
  type HotlineOrderDeadlineInput,
  type HotlineOrderDeadlineResult,
} from '@fengqiao/contracts';
import { hotlineOrderDeadline as real } from '../../../src/hotline-order.workflow';

export async function hotlineOrderDeadline(input: HotlineOrderDeadlineInput): Promise<HotlineOrderDeadlineResult> {
  const adapter = proxyActivities<HotlineOrderActivities>({
    taskQueue: taskQueue(HOTLINE_TASK_QUEUE, undefined, input.queuePrefix),
    startToCloseTimeout: '30s',
  });
  await adapter.warnOrderDeadline({ centre: input.centre, orderNo: input.orderNo, deadline: input.deadline, at: input.deadline }); // the reordering
  return real(input);
}
