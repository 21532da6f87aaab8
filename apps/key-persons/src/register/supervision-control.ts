import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { keyPersonWorkflowId, WorkflowTypes, type KeyPersonSupervisionInput } from '@fengqiao/contracts';
import { ORCHESTRATOR_QUEUE, taskQueue } from '@fengqiao/temporal';
import type { SupervisionControl } from './key-persons.service';

/** The supervision runs through Temporal: one per person (`key-person-<id>`), hosted by the orchestrator. */
export function temporalSupervision(client: Client, prefix: string | undefined): SupervisionControl {
  return {
    async start(input: KeyPersonSupervisionInput) {
      try {
        await client.workflow.start(WorkflowTypes.keyPersonSupervision, {
          workflowId: keyPersonWorkflowId(input.personId, prefix),
          taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, prefix),
          args: [{ ...input, ...(prefix ? { queuePrefix: prefix } : {}) }],
        });
      } catch (e) {
        // A run already going for the person is the answer (the backstop asks for every active person).
        if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
      }
    },
    async signal(personId: string, signal: string, arg: unknown) {
      await client.workflow.getHandle(keyPersonWorkflowId(personId, prefix)).signal(signal, arg);
    },
  };
}
