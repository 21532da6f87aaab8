import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { defaultRoutingRules, resolveRule, SEVERITIES, taskQueue, type CaseRegisteredData, type DisputePathInput } from '@fengqiao/contracts';
import { caseWorkflowId, kindModule } from '@fengqiao/rules';
import { ORCHESTRATOR_QUEUE } from './task-queues';

export type CaseProcessStart = 'started' | 'already-started' | 'no-process' | 'id-taken';

/**
 * Starts the process of a registered case, once: by intake in the registration request, and by
 * the orchestrator from the `case.registered` event as the backstop (intake died between commit and
 * start). The workflow id makes every later start a no-op, whether the run is open or closed;
 * the memo's case id tells a run of this case from a leftover of another (a database reset
 * against a Temporal that kept its history), which is replaced only once closed.
 */
export async function startCaseProcess(client: Client, data: CaseRegisteredData, prefix?: string): Promise<{ workflowId: string; outcome: CaseProcessStart }> {
  const kind = kindModule(data.kind);
  if (!kind) return { workflowId: '', outcome: 'no-process' };
  const workflowId = caseWorkflowId(kind, data.caseNo, prefix);
  // Events from before routing rules carry none: those runs get the built-in defaults (version 0).
  const severity = SEVERITIES.find((s) => s === data.severity) ?? 'ordinary';
  const routing = data.routing ?? { ruleVersion: 0, rule: resolveRule(defaultRoutingRules([]), data.category, severity) };
  const input: DisputePathInput = {
    caseId: data.caseId,
    caseNo: data.caseNo,
    orgUnit: data.orgUnit,
    registeredAt: data.registeredAt,
    registeredBy: data.registeredBy,
    firstReplyDue: data.firstReplyDue,
    ...(data.title ? { title: data.title } : {}),
    ...(data.channel ? { channel: data.channel } : {}),
    yellowAt: routing.rule.yellowAt,
    ruleVersion: routing.ruleVersion,
    rule: routing.rule,
    ...(data.extraNotices?.length ? { extraNotices: data.extraNotices } : {}),
    queuePrefix: prefix,
    ...(data.resume ? { resume: data.resume } : {}),
    ...kind.processSettings?.(process.env),
  };
  const options = { workflowId, taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, prefix), args: [input], memo: { caseId: data.caseId } };
  const start = (reuse: 'REJECT_DUPLICATE' | 'ALLOW_DUPLICATE') =>
    client.workflow.start(kind.process.workflowType, { ...options, workflowIdReusePolicy: reuse, workflowIdConflictPolicy: 'FAIL' });
  try {
    await start('REJECT_DUPLICATE');
    return { workflowId, outcome: 'started' };
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
  }
  const existing = await client.workflow.getHandle(workflowId).describe();
  if (existing.memo?.['caseId'] === data.caseId) return { workflowId, outcome: 'already-started' };
  if (existing.status.name === 'RUNNING') return { workflowId, outcome: 'id-taken' };
  await start('ALLOW_DUPLICATE');
  return { workflowId, outcome: 'started' };
}
