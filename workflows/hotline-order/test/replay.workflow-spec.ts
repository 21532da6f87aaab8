import { join } from 'node:path';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflows } from '@fengqiao/temporal';
import { committedHistories, replayFailure } from '@fengqiao/testing/workflow';
import { bundleHotlineOrder, quietTemporalLogs } from './support/hotline-order.harness';

/*
 * Committed histories (`npx nx run workflow-hotline-order:record-histories`) replay against the current
 * code; a change that stops one from replaying would break runs in flight (one per open order with a
 * deadline): put it behind patched(). The reordered copy proves the test can fail.
 */
const { files, replay } = committedHistories(join(__dirname, 'histories'));

jest.setTimeout(120_000);

describe('hotline order deadline replay of committed histories', () => {
  let real: WorkflowBundleWithSourceMap;
  let reordered: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    quietTemporalLogs();
    [real, reordered] = await Promise.all([bundleHotlineOrder(), bundleWorkflows(require.resolve('./support/reordered/workflows'))]);
  });

  it('has two deadline runs to replay', () => {
    expect(files).toEqual(['warned-finished.json', 'warned-overdue.json']);
  });

  it.each(files)('replays %s deterministically with the current workflow code', async (file) => {
    await expect(replay(real, file)).resolves.toBeUndefined();
  });

  it.each(files)('fails to replay %s against a reordered workflow', async (file) => {
    const failure = await replayFailure(replay(reordered, file));
    expect(failure).toBeInstanceOf(DeterminismViolationError);
  });
});
