import { join } from 'node:path';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleOnce, committedHistories, replayFailure } from '@fengqiao/testing/workflow';
import { bundleDisputePath, quietTemporalLogs } from './support/dispute-path.harness';

/*
 * Committed histories: histories/v1 were recorded by the first version (first-reply clock only)
 * and must keep replaying through legacyFirstReply; histories/v2 by the current path
 * (`npx nx run workflow-dispute-path:record-histories`). A change that makes one of them fail to
 * replay would break runs already in flight: put it behind patched().
 */
const HISTORIES = join(__dirname, 'histories');
const { files: v1, replay } = committedHistories(HISTORIES, 'v1');
const { files: v2 } = committedHistories(HISTORIES, 'v2');

// Also set here: under `nx run … :workflow` Jest reads the config as a project config and ignores its testTimeout.
jest.setTimeout(120_000);

describe('disputePath replay of committed histories', () => {
  let real: WorkflowBundleWithSourceMap;
  let untraced: WorkflowBundleWithSourceMap;
  let reordered: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    quietTemporalLogs();
    [real, untraced, reordered] = await Promise.all([
      bundleDisputePath(),
      bundleDisputePath({ tracing: false }),
      bundleOnce(require.resolve('./support/reordered/workflows')),
    ]);
  });

  it('has histories of both versions to replay', () => {
    expect(v1).toEqual(['v1/late-start-yellow-red.json', 'v1/on-time-green-yellow-red.json', 'v1/overdue-at-start-red.json']);
    expect(v2.length).toBeGreaterThanOrEqual(5);
  });

  it.each([...v1, ...v2])('replays %s deterministically with the current workflow code', async (file) => {
    await expect(replay(real, file)).resolves.toBeUndefined();
  });

  // Recorded with tracing inside the workflow; a deployment may switch to the untraced bundle (docs/observability.md).
  it.each(v2)('replays %s with the bundle that does not trace inside workflows', async (file) => {
    await expect(replay(untraced, file)).resolves.toBeUndefined();
  });

  describe('against a deliberately reordered workflow (a timer before the first activity of stages-v2)', () => {
    it.each(v2)('%s fails with a determinism violation', async (file) => {
      const failure = await replayFailure(replay(reordered, file));
      expect(failure).toBeInstanceOf(DeterminismViolationError);
      expect(String((failure as Error).message)).toMatch(/nondetermin/i);
    });

    it.each(v1)('%s still replays (the legacy path is untouched)', async (file) => {
      await expect(replay(reordered, file)).resolves.toBeUndefined();
    });
  });
});
