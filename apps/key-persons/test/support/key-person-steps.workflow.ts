// Test-only workflow: runs the key-person activities through the service's worker by naming its task
// queue, as a supervision run does; every step is sent twice (a retried activity).
import { proxyActivities } from '@temporalio/workflow';
import { taskQueue, type KeyPersonActivities, type KeyPersonPurgeActivities, type ObligationRef } from '@fengqiao/contracts';

export interface KeyPersonStepsInput {
  prefix: string;
  ref: ObligationRef;
  purgeAsOf: string;
}

export async function keyPersonSteps(input: KeyPersonStepsInput): Promise<{ purged: number[] }> {
  const a = proxyActivities<KeyPersonActivities & KeyPersonPurgeActivities>({
    taskQueue: taskQueue('key-persons', undefined, input.prefix),
    startToCloseTimeout: '30 seconds',
    retry: { maximumAttempts: 2, initialInterval: '200 milliseconds' },
  });
  for (let i = 0; i < 2; i++) await a.planObligation(input.ref);
  for (let i = 0; i < 2; i++) await a.raiseWarning({ ...input.ref, colour: 'yellow', at: input.ref.dueAt });
  for (let i = 0; i < 2; i++) await a.raiseWarning({ ...input.ref, colour: 'red', at: input.ref.dueAt });
  for (let i = 0; i < 2; i++) await a.obligationMet({ ...input.ref, metAt: input.ref.dueAt });
  const purged = [(await a.purgeArchivedKeyPersons({ asOf: input.purgeAsOf })).purged, (await a.purgeArchivedKeyPersons({ asOf: input.purgeAsOf })).purged];
  return { purged };
}
