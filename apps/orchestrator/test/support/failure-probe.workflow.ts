// Test-only workflow: fails twice over with personal data in the messages — once in an activity
// (converted on the worker's main thread), once in the workflow itself (converted in the sandbox).
import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';

export interface ProbeActivities {
  checkPhone(phone: string): Promise<void>;
}

const { checkPhone } = proxyActivities<ProbeActivities>({ startToCloseTimeout: '10 seconds', retry: { maximumAttempts: 1 } });

export async function failureProbe(phone: string): Promise<void> {
  try {
    await checkPhone(phone);
  } catch {
    throw ApplicationFailure.nonRetryable(`申请人电话 ${phone} 无法接通`, 'Probe');
  }
}
