import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workerTelemetry } from '@fengqiao/temporal';
import { historyFromJSON } from './history-json';

/**
 * A workflow package's committed histories (the `.json` files of `dir`, sorted; `record-histories`
 * writes them) and their replay against a bundle: the replay gate of every package. A change that
 * stops one from replaying would break runs in flight, so it goes behind patched().
 */
export function committedHistories(
  dir: string,
  prefix = '',
): { files: string[]; replay: (bundle: WorkflowBundleWithSourceMap, file: string) => Promise<void> } {
  const files = readdirSync(join(dir, prefix))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => (prefix ? `${prefix}/${f}` : f));
  const replay = async (workflowBundle: WorkflowBundleWithSourceMap, file: string) =>
    Worker.runReplayHistory(
      { ...workerTelemetry(), workflowBundle, replayName: `replay-${file.replace(/\//g, '-')}` },
      await historyFromJSON(JSON.parse(readFileSync(join(dir, file), 'utf8'))),
    );
  return { files, replay };
}

/** What a replay ended in: undefined, or what it threw (a reordered workflow must throw a DeterminismViolationError). */
export const replayFailure = (replay: Promise<void>): Promise<unknown> =>
  replay.then(
    () => undefined,
    (e: unknown) => e,
  );
