import { join } from 'node:path';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflows } from '@fengqiao/temporal';
import { committedHistories, replayFailure } from '@fengqiao/testing/workflow';
import { bundleKeyPersons, quietTemporalLogs } from './support/key-persons.harness';

/*
 * Committed histories (`npx nx run workflow-key-person-supervision:record-histories`) replay against
 * the current code; a change that stops one from replaying would break runs in flight (one per
 * person on the register, open for years): put it behind patched(). The reordered copy proves the
 * test can fail.
 */
const { files, replay } = committedHistories(join(__dirname, 'histories'));

jest.setTimeout(120_000);

describe('key-person supervision replay of committed histories', () => {
  let real: WorkflowBundleWithSourceMap;
  let reordered: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    quietTemporalLogs();
    [real, reordered] = await Promise.all([bundleKeyPersons(), bundleWorkflows(require.resolve('./support/reordered/workflows'))]);
  });

  it('has two supervision runs and a purge to replay', () => {
    expect(files).toEqual(['missed-contact-risk-change-removed.json', 'purge.json', 'special-period-assessment-removed.json']);
  });

  it.each(files)('replays %s deterministically with the current workflow code', async (file) => {
    await expect(replay(real, file)).resolves.toBeUndefined();
  });

  it.each(['missed-contact-risk-change-removed.json', 'special-period-assessment-removed.json'])(
    'fails to replay %s against a reordered workflow',
    async (file) => {
      const failure = await replayFailure(replay(reordered, file));
      expect(failure).toBeInstanceOf(DeterminismViolationError);
    },
  );
});
