// Test-only workflow: records a petition's steps on the petitions service as the petition process
// (workflows/petition) will, until that process runs the petitions of these tests itself.
import { proxyActivities } from '@temporalio/workflow';
import { taskQueue, type PetitionActivities, type PetitionStepRecord } from '@fengqiao/contracts';

export async function petitionSteps(input: { prefix: string; steps: PetitionStepRecord[] }): Promise<void> {
  const { recordPetitionStep } = proxyActivities<PetitionActivities>({
    taskQueue: taskQueue('petitions', undefined, input.prefix),
    startToCloseTimeout: '30 seconds',
    retry: { maximumAttempts: 2, initialInterval: '200 milliseconds' },
  });
  for (const step of input.steps) await recordPetitionStep(step);
}
