// Test-only workflow: records steps of petitions through the petitions deployments by naming
// their task queues, as the petition process does; each step is sent twice (a retried activity).
import { proxyActivities } from '@temporalio/workflow';
import { taskQueue, type PetitionActivities, type PetitionStepRecord } from '@fengqiao/contracts';

export interface RecordStepsInput {
  prefix: string;
  /** Absent: the general `petitions` queue. */
  orgUnit?: string;
  steps: PetitionStepRecord[];
}

export async function recordSteps(input: RecordStepsInput): Promise<number> {
  const { recordPetitionStep } = proxyActivities<PetitionActivities>({
    taskQueue: taskQueue('petitions', input.orgUnit, input.prefix),
    startToCloseTimeout: '30 seconds',
    retry: { maximumAttempts: 2, initialInterval: '200 milliseconds' },
  });
  for (const step of input.steps) {
    await recordPetitionStep(step);
    await recordPetitionStep(step);
  }
  return input.steps.length;
}
