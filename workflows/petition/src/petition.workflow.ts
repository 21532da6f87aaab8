import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { PETITION_ACTIONS, ProcessSignals, type ActionRequest, type DisputePathInput, type PetitionAction } from '@fengqiao/contracts';
import type { PetitionState } from './petition-context';
import { PetitionRun } from './petition-run';

/** Current state: the common case state (status, clocks, allowedActions …) and the petition's facts. */
export const stateQuery = defineQuery<PetitionState>('state');

/** One update per petition action, named like the action (`accept`, `forward`, `request-review`, …). */
export const petitionUpdates = Object.fromEntries(PETITION_ACTIONS.map((a) => [a, defineUpdate<PetitionState, [ActionRequest]>(a)])) as Record<
  PetitionAction,
  ReturnType<typeof defineUpdate<PetitionState, [ActionRequest]>>
>;

/** A year's holidays were loaded: provisional clocks are computed again. */
export const holidaysLoadedSignal = defineSignal<[{ notices: unknown[] }]>(ProcessSignals.holidaysLoaded);

/** One petition (《信访工作条例》2022), id `petition-<caseNo>`; same input as every case process. */
export async function petitionProcess(input: DisputePathInput): Promise<PetitionState> {
  return new PetitionRun(input).run({ state: stateQuery, updates: petitionUpdates, holidaysLoaded: holidaysLoadedSignal });
}
