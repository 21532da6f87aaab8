import type { Client } from '@temporalio/client';
import type { JsMsg } from 'nats';
import type { CaseRegisteredData, CloudEvent } from '@fengqiao/contracts';
import { JsonLogger, withLogContext } from '@fengqiao/observability';
import { startCaseProcess } from '@fengqiao/temporal';

export interface CaseStarterDeps {
  client: Client;
  logger: JsonLogger;
  prefix?: string;
}

/**
 * The backstop for a case whose registration could not start its process (intake died between
 * its commit and the start): each `case.registered` event starts the kind's process unless it
 * exists already, which is the usual case — intake starts it in the registration request.
 */
export function createCaseStarter(d: CaseStarterDeps) {
  return async (msg: JsMsg): Promise<void> => {
    const event = msg.json<CloudEvent<CaseRegisteredData>>();
    const data = event.data;
    if (data.historical) return; // the seeded history: handled in the past, its steps already recorded
    const { workflowId, outcome } = await startCaseProcess(d.client, data, d.prefix);
    if (outcome === 'no-process') {
      d.logger.event('no process declared for the case kind', { eventId: event.id, kind: data.kind }, 'warn');
      return;
    }
    withLogContext({ caseNo: data.caseNo, workflowId }, () => {
      if (outcome === 'id-taken') d.logger.event('workflow id already used by another case', { eventId: event.id, caseId: data.caseId }, 'error');
      else d.logger.event(outcome === 'started' ? 'case process started from the event' : 'case process already running', { eventId: event.id });
    });
  };
}
