import { ApplicationFailure, defineQuery, defineSignal, defineUpdate, patched } from '@temporalio/workflow';
import {
  CLOCK_ACTIONS,
  DISPUTE_ACTIONS,
  DisputeSignals,
  ProcessSignals,
  type ClockAction,
  type ActionRequest,
  type DisputeAction,
  type DisputePathInput,
  type DisputePathState,
  type DisputeState,
  type JudicialConfirmationSignal,
} from '@fengqiao/contracts';
import { DisputeRun } from './dispute-run';
import { legacyFirstReply } from './legacy-first-reply';

/** Current state: `DisputeState` (runs before `stages-v2` answer `DisputePathState`). */
export const stateQuery = defineQuery<DisputeState | DisputePathState>('state');

/** One update per action of docs/api.md, named like the action (`reply`, `assign`, `report-in`, …). */
export const actionUpdates = Object.fromEntries(DISPUTE_ACTIONS.map((a) => [a, defineUpdate<DisputeState, [ActionRequest]>(a)])) as Record<
  DisputeAction,
  ReturnType<typeof defineUpdate<DisputeState, [ActionRequest]>>
>;

/** Clock controls every kind takes (pause, resume, extension), as updates named like the action. */
export const clockUpdates = Object.fromEntries(CLOCK_ACTIONS.map((a) => [a, defineUpdate<DisputeState, [ActionRequest]>(a)])) as Record<
  ClockAction,
  ReturnType<typeof defineUpdate<DisputeState, [ActionRequest]>>
>;

/** A year's holidays were loaded: provisional clocks are computed again. */
export const holidaysLoadedSignal = defineSignal<[{ notices: unknown[] }]>(ProcessSignals.holidaysLoaded);

/** The court's answer on a judicial confirmation (司法确认), from outside. */
export const judicialConfirmationSignal = defineSignal<[JudicialConfirmationSignal]>(DisputeSignals.judicialConfirmation);

/** Marker of the change from the first-reply-only version to the full path. */
export const STAGES_V2 = 'stages-v2';

/**
 * One run per dispute, id `dispute-<caseNo>` (docs/dispute-path.md): first contact, assigned mediator,
 * joint handling, outcome, feedback and rating, every stage on its own clock.
 */
export async function disputePath(input: DisputePathInput): Promise<DisputeState | DisputePathState> {
  if (!patched(STAGES_V2)) return legacyFirstReply(input, stateQuery);
  const { rule, ruleVersion } = input;
  if (!rule || ruleVersion === undefined || !Number.isFinite(Date.parse(input.registeredAt))) {
    throw ApplicationFailure.nonRetryable(`a dispute run needs its routing rule and registration time (${input.caseNo})`, 'InvalidInput');
  }
  return new DisputeRun({ ...input, rule, ruleVersion }).run({
    state: stateQuery,
    updates: actionUpdates,
    clockUpdates,
    holidaysLoaded: holidaysLoadedSignal,
    judicialConfirmation: judicialConfirmationSignal,
  });
}
