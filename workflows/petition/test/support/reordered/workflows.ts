/**
 * A deliberately non-deterministic change of the petition process, for replay.workflow-spec.ts
 * only: a one-second timer before the real run, so its first command (StartTimer) is not the one
 * recorded (ScheduleActivityTask `recordTransition`). Replaying a recorded history must fail.
 */
import { sleep } from '@temporalio/workflow';
import type { DisputePathInput } from '@fengqiao/contracts';
import type { PetitionState } from '../../../src/petition-context';
import { holidaysLoadedSignal, petitionUpdates, stateQuery } from '../../../src/petition.workflow';
import { PetitionRun } from '../../../src/petition-run';

export async function petitionProcess(input: DisputePathInput): Promise<PetitionState> {
  await sleep('1 second'); // the reordering
  return new PetitionRun(input).run({ state: stateQuery, updates: petitionUpdates, holidaysLoaded: holidaysLoadedSignal });
}
