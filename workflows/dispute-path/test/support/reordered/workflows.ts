/**
 * A deliberately non-deterministic change of the dispute path, for replay.workflow-spec.ts only:
 * after the `stages-v2` marker it starts a one-second timer before the real run, so its first
 * command (StartTimer) is not the one recorded (ScheduleActivityTask `recordTransition`).
 * Replaying a v2 history against this bundle must fail; v1 histories (no marker) still take the
 * legacy path unchanged.
 */
import { ApplicationFailure, patched, sleep } from '@temporalio/workflow';
import type { DisputePathInput, DisputePathState, DisputeState } from '@fengqiao/contracts';
import { actionUpdates, clockUpdates, holidaysLoadedSignal, judicialConfirmationSignal, stateQuery, STAGES_V2 } from '../../../src/dispute-path.workflow';
import { DisputeRun } from '../../../src/dispute-run';
import { legacyFirstReply } from '../../../src/legacy-first-reply';

export async function disputePath(input: DisputePathInput): Promise<DisputeState | DisputePathState> {
  if (!patched(STAGES_V2)) return legacyFirstReply(input, stateQuery);
  const { rule, ruleVersion } = input;
  if (!rule || ruleVersion === undefined) throw ApplicationFailure.nonRetryable('no routing rule', 'InvalidInput');
  await sleep('1 second'); // the reordering
  return new DisputeRun({ ...input, rule, ruleVersion }).run({
    state: stateQuery,
    updates: actionUpdates,
    clockUpdates,
    holidaysLoaded: holidaysLoadedSignal,
    judicialConfirmation: judicialConfirmationSignal,
  });
}
