import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleOnce, historyFromJSON, quietTemporalLogs } from '@fengqiao/testing/workflow';
import { workflowsPath } from '../src';
import { workerTelemetry } from '@fengqiao/temporal';

/*
 * Committed histories of the petition process (`npx nx run workflow-petition:record-histories`).
 * A change that makes one fail to replay would break runs already in flight: put it behind patched().
 */
const HISTORIES = join(__dirname, 'histories');
const files = readdirSync(HISTORIES)
  .filter((f) => f.endsWith('.json'))
  .sort();
const load = async (file: string) => historyFromJSON(JSON.parse(readFileSync(join(HISTORIES, file), 'utf8')));
const replay = async (workflowBundle: WorkflowBundleWithSourceMap, file: string) =>
  Worker.runReplayHistory({ ...workerTelemetry(), workflowBundle, replayName: `replay-${file}` }, await load(file));

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
    const failure = await replay(reordered, file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(DeterminismViolationError);
  });
});
