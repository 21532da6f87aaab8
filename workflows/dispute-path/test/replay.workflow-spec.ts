import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleDisputePath } from './support/dispute-path.harness';
import { historyFromJSON } from './support/history-json';

// Committed histories (regenerate: `npx nx run workflow-dispute-path:record-histories`). A change
// that makes one of them fail to replay would break runs already in flight: put it behind patched().
const HISTORIES = join(__dirname, 'histories');
const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json')).sort();

describe('disputePath replay of committed histories', () => {
  let workflowBundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    workflowBundle = await bundleDisputePath();
  });

  it('has committed histories to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('replays %s deterministically with the current workflow code', async (file) => {
    const history = await historyFromJSON(JSON.parse(readFileSync(join(HISTORIES, file), 'utf8')));
    await expect(Worker.runReplayHistory({ workflowBundle, replayName: `replay-${file}` }, history)).resolves.toBeUndefined();
  });
});
