/**
 * A deliberately non-deterministic change of the legal-aid process, for replay.workflow-spec.ts
 * only: a one-second timer before the real run, so its first command (StartTimer) is not the one
 * recorded (ScheduleActivityTask `recordTransition`). Replaying a recorded history must fail.
 */
import { sleep } from '@temporalio/workflow';
import type { DisputePathInput } from '@fengqiao/contracts';
import type { LegalAidState } from '../../../src/legal-aid-context';
import { holidaysLoadedSignal, legalAidUpdates, stateQuery } from '../../../src/legal-aid.workflow';
import { LegalAidRun } from '../../../src/legal-aid-run';

export async function legalAidProcess(input: DisputePathInput): Promise<LegalAidState> {
  await sleep('1 second'); // the reordering
  return new LegalAidRun(input).run({ state: stateQuery, updates: legalAidUpdates, holidaysLoaded: holidaysLoadedSignal });
}
