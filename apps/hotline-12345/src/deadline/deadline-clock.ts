import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { hotlineOrderWorkflowId, HotlineOrderSignals, WorkflowTypes, type HotlineOrderClosedSignal, type HotlineOrderDeadlineInput } from '@fengqiao/contracts';
import { ORCHESTRATOR_QUEUE, taskQueue } from '@fengqiao/temporal';

/** An order's deadline run (workflows/hotline-order), hosted by the orchestrator. */
export interface DeadlineClock {
  /** Starts the run once per order: a run already there (a repeated push) is the answer. */
  start(input: Omit<HotlineOrderDeadlineInput, 'queuePrefix'>): Promise<void>;
  /** The order is done with: its run stops (a run already ended is fine). */
  close(centre: string, orderNo: string, signal: HotlineOrderClosedSignal): Promise<void>;
}

export function temporalDeadlineClock(client: Client, prefix: string | undefined): DeadlineClock {
  return {
    async start(input) {
      try {
        await client.workflow.start(WorkflowTypes.hotlineOrderDeadline, {
          workflowId: hotlineOrderWorkflowId(input.centre, input.orderNo, prefix),
          taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, prefix),
          args: [{ ...input, ...(prefix ? { queuePrefix: prefix } : {}) }],
          // One run per order for good: a push long after its run ended starts none.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
      } catch (e) {
        if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
      }
    },
    async close(centre, orderNo, signal) {
      try {
        await client.workflow.getHandle(hotlineOrderWorkflowId(centre, orderNo, prefix)).signal(HotlineOrderSignals.closed, signal);
      } catch (e) {
        if (!(e instanceof WorkflowNotFoundError)) throw e;
      }
    },
  };
}
