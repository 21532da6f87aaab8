// Test-only workflow: runs the legal-aid activities through a legal-aid deployment by naming its
// task queue, as the legal-aid process does; the application and each step are sent twice (a retried activity).
import { proxyActivities } from '@temporalio/workflow';
import { taskQueue, type AssignedProvider, type EligibilityAssessment, type LegalAidActivities, type LegalAidStepRecord } from '@fengqiao/contracts';

export interface LegalAidRunInput {
  prefix: string;
  /** Absent: the general `legal-aid` queue. */
  orgUnit?: string;
  application: Parameters<LegalAidActivities['recordApplication']>[0];
  steps: LegalAidStepRecord[];
  assign: Parameters<LegalAidActivities['assignProvider']>[0];
  /** Recorded after the assignment (its step names the provider). */
  after: LegalAidStepRecord[];
}

export async function legalAidRun(
  input: LegalAidRunInput,
): Promise<{ assessment: EligibilityAssessment; provider: AssignedProvider; again: AssignedProvider }> {
  const a = proxyActivities<LegalAidActivities>({
    taskQueue: taskQueue('legal-aid', input.orgUnit, input.prefix),
    startToCloseTimeout: '30 seconds',
    retry: { maximumAttempts: 2, initialInterval: '200 milliseconds' },
  });
  const assessment = await a.recordApplication(input.application);
  await a.recordApplication(input.application);
  for (const s of input.steps) {
    await a.recordLegalAidStep(s);
    await a.recordLegalAidStep(s);
  }
  const provider = await a.assignProvider(input.assign);
  const again = await a.assignProvider(input.assign);
  for (const s of input.after) {
    await a.recordLegalAidStep({
      ...s,
      detail: { ...s.detail, providerId: provider.id, providerName: provider.name, organisation: provider.organisation, reason: provider.reason },
    });
  }
  return { assessment, provider, again };
}
