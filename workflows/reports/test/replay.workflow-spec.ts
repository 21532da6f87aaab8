import { join } from 'node:path';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflows } from '@fengqiao/temporal';
import { bundleReports, quietTemporalLogs } from './support/reports.harness';
import { committedHistories, replayFailure } from '@fengqiao/testing/workflow';

/*
 * Committed histories of monthlyReport and checkInRollCall (`npx nx run workflow-reports:record-histories`) replay
 * against the current code; a change that stops one from replaying would break runs in flight:
 * put it behind patched(). The reordered copy proves the test can fail.
 */
const { files, replay } = committedHistories(join(__dirname, 'histories'));

jest.setTimeout(120_000);

describe('monthlyReport replay of committed histories', () => {
  let real: WorkflowBundleWithSourceMap;
  let reordered: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    quietTemporalLogs();
    [real, reordered] = await Promise.all([bundleReports(), bundleWorkflows(require.resolve('./support/reordered/workflows'))]);
  });

  it('has the scheduled and the admin-ordered run to replay, and a check-in roll call', () => {
    expect(files).toEqual(['admin-month-one-unit.json', 'check-in-roll-call.json', 'scheduled-previous-month.json']);
  });

  it.each(files)('replays %s deterministically with the current workflow code', async (file) => {
    await expect(replay(real, file)).resolves.toBeUndefined();
  });

  it('fails to replay the scheduled run against a reordered workflow', async () => {
    const failure = await replayFailure(replay(reordered, 'scheduled-previous-month.json'));
    expect(failure).toBeInstanceOf(DeterminismViolationError);
  });
});
