import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { JsMsg } from 'nats';
import {
  defaultRoutingRules,
  disputeWorkflowId,
  resolveRule,
  SEVERITIES,
  taskQueue,
  WorkflowTypes,
  type CaseRegisteredData,
  type CloudEvent,
  type DisputePathInput,
} from '@fengqiao/contracts';
import { JsonLogger, withLogContext } from '@fengqiao/observability';
import { ORCHESTRATOR_QUEUE } from '@fengqiao/temporal';

export interface DisputeStarterDeps {
  client: Client;
  logger: JsonLogger;
  prefix?: string;
}

/**
 * Starts `dispute-<caseNo>` for each registered dispute. The workflow id makes a second
 * delivery of the same event (or a second start) a no-op: Temporal refuses a duplicate id.
 */
export function createDisputeStarter(d: DisputeStarterDeps) {
  return async (msg: JsMsg): Promise<void> => {
    const event = msg.json<CloudEvent<CaseRegisteredData>>();
    const data = event.data;
    if (data.kind !== 'dispute') return; // other kinds have their own processes
    if (data.historical) return; // the seeded history: handled in the past, its steps already recorded
    const workflowId = disputeWorkflowId(data.caseNo, d.prefix);
    // The run keeps the rule the case was routed by. Events from before routing rules carry
    // none: those runs get the built-in defaults (version 0).
    const severity = SEVERITIES.find((s) => s === data.severity) ?? 'ordinary';
    const routing = data.routing ?? { ruleVersion: 0, rule: resolveRule(defaultRoutingRules([]), data.category, severity) };
    const input: DisputePathInput = {
      caseId: data.caseId,
      caseNo: data.caseNo,
      orgUnit: data.orgUnit,
      registeredAt: data.registeredAt,
      registeredBy: data.registeredBy,
      firstReplyDue: data.firstReplyDue,
      yellowAt: routing.rule.yellowAt,
      ruleVersion: routing.ruleVersion,
      rule: routing.rule,
      ...(data.extraNotices?.length ? { extraNotices: data.extraNotices } : {}),
      queuePrefix: d.prefix,
    };
    await withLogContext({ caseNo: data.caseNo, workflowId }, async () => {
      try {
        await d.client.workflow.start(WorkflowTypes.disputePath, {
          workflowId,
          taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, d.prefix),
          args: [input],
          // A running run refuses a second start (a redelivered event); a closed run with the same id
          // is a leftover of a database reset against a Temporal that kept its history, so a new run starts.
          workflowIdReusePolicy: 'ALLOW_DUPLICATE',
          workflowIdConflictPolicy: 'FAIL',
          memo: { caseId: data.caseId },
        });
        d.logger.event('dispute workflow started', { eventId: event.id });
      } catch (e) {
        if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
        // Same id, same case: a redelivered event. Same id, another case: the case number was
        // reused (e.g. a database reset against a Temporal that kept its history) — say so loudly.
        const existing = await d.client.workflow.getHandle(workflowId).describe().catch(() => undefined);
        const owner = existing?.memo?.['caseId'];
        if (owner !== undefined && owner !== data.caseId) {
          d.logger.event('workflow id already used by another case', { eventId: event.id, caseId: data.caseId, existingCaseId: String(owner) }, 'error');
        } else {
          d.logger.event('dispute workflow already running', { eventId: event.id });
        }
      }
    });
  };
}
