import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { LEGAL_AID_ACTIONS, ProcessSignals, type ActionRequest, type DisputePathInput, type LegalAidAction } from '@fengqiao/contracts';
import type { LegalAidState } from './legal-aid-context';
import { LegalAidRun } from './legal-aid-run';

/** Current state: the common case state (status, clocks, allowedActions …) and the legal-aid facts. */
export const stateQuery = defineQuery<LegalAidState>('state');

/** One update per legal-aid action, named like the action (`apply`, `grant`, `assign`, …). */
export const legalAidUpdates = Object.fromEntries(LEGAL_AID_ACTIONS.map((a) => [a, defineUpdate<LegalAidState, [ActionRequest]>(a)])) as Record<
  LegalAidAction,
  ReturnType<typeof defineUpdate<LegalAidState, [ActionRequest]>>
>;

/** A year's holidays were loaded: provisional clocks are computed again. */
export const holidaysLoadedSignal = defineSignal<[{ notices: unknown[] }]>(ProcessSignals.holidaysLoaded);

/** One legal-aid case (《法律援助法》2021), id `legal-aid-<caseNo>`; the input of every case process, plus the deployment's periods. */
export async function legalAidProcess(input: DisputePathInput): Promise<LegalAidState> {
  return new LegalAidRun(input).run({ state: stateQuery, updates: legalAidUpdates, holidaysLoaded: holidaysLoadedSignal });
}
