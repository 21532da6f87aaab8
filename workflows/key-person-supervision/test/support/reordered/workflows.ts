/**
 * A deliberately non-deterministic change of the supervision run, for replay.workflow-spec.ts only:
 * a one-second timer before the real run, so its first command (StartTimer) is not the one recorded
 * (ScheduleActivityTask `planObligation`). Replaying a recorded history must fail.
 */
import { sleep } from '@temporalio/workflow';
import type { KeyPersonSupervisionState } from '@fengqiao/contracts';
import { keyPersonSupervision as real, type KeyPersonSupervisionRunInput } from '../../../src/key-person-supervision.workflow';

export { keyPersonPurge } from '../../../src/key-person-supervision.workflow';

export async function keyPersonSupervision(input: KeyPersonSupervisionRunInput): Promise<KeyPersonSupervisionState> {
  await sleep('1 second'); // the reordering
  return real(input);
}
