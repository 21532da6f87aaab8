import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { disputePathWorkflowsPath } from '@fengqiao/workflow-dispute-path';
import { reportsWorkflowsPath } from '@fengqiao/workflow-reports';

/**
 * One worker hosts every workflow package: a generated entry re-exports each package's bundle
 * entry by absolute path (so it works from source and from dist/). It is written under
 * node_modules/.cache because the bundler resolves its own imports (@temporalio/workflow) from
 * the entry's directory.
 */
export function workflowsEntry(paths: string[]): string {
  const nodeModules = join(dirname(require.resolve('@temporalio/workflow/package.json')), '..', '..');
  const source = paths.map((p) => `export * from ${JSON.stringify(p)};\n`).join('');
  // Named by its content: every start with the same packages reuses one file.
  const dir = join(nodeModules, '.cache', 'fengqiao-workflows', createHash('sha256').update(source).digest('hex').slice(0, 16));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'workflows.js');
  writeFileSync(file, source);
  return file;
}


/** The entry of every workflow package the orchestrator hosts. */
export const hostedWorkflowsEntry = (): string => workflowsEntry([disputePathWorkflowsPath, reportsWorkflowsPath]);
