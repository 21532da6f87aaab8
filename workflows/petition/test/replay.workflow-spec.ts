import { join } from 'node:path';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleOnce, quietTemporalLogs, committedHistories, replayFailure } from '@fengqiao/testing/workflow';
import { workflowsPath } from '../src';

/*
 * Committed histories of the petition process (`npx nx run workflow-petition:record-histories`).
 * A change that makes one fail to replay would break runs already in flight: put it behind patched().
 */
const { files, replay } = committedHistories(join(__dirname, 'histories'));

jest.setTimeout(120_000);

describe('petitionProcess replay of committed histories', () => {
  let real: WorkflowBundleWithSourceMap;
  let reordered: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    quietTemporalLogs();
    [real, reordered] = await Promise.all([bundleOnce(workflowsPath), bundleOnce(require.resolve('./support/reordered/workflows'))]);
  });

  it('has histories to replay', () => {
    expect(files).toEqual(['acceptance-overdue-red.json', 'accepted-extended-answered-lapsed.json', 'forwarded-objected-review-re-review.json']);
  });

  it.each(files)('replays %s deterministically with the current workflow code', async (file) => {
    await expect(replay(real, file)).resolves.toBeUndefined();
  });

  it.each(files)('%s fails with a determinism violation against a deliberately reordered workflow', async (file) => {
    const failure = await replayFailure(replay(reordered, file));
    expect(failure).toBeInstanceOf(DeterminismViolationError);
  });
});
