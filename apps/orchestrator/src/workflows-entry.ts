import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { caseKindModules } from '@fengqiao/rules';
import { workflowsPath as hotlineOrderWorkflowsPath } from '@fengqiao/workflow-hotline-order';
import { workflowsPath as keyPersonWorkflowsPath } from '@fengqiao/workflow-key-person-supervision';
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

/**
 * The workflow packages the orchestrator hosts: the process of every declared case kind (each
 * package exports `workflowsPath`), plus the monthly report, key-person supervision and the 12345 order
 * deadline (not case kinds).
 */
export function hostedWorkflowPaths(): string[] {
  const packages = [...new Set(caseKindModules().map((k) => k.process.workflowPackage))];
  // Resolved by name at run time (tools/runtime/aliases.js in dist, the path map in tests).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const paths = packages.map((p) => (require(p) as { workflowsPath: string }).workflowsPath);
  return [...paths, reportsWorkflowsPath, keyPersonWorkflowsPath, hotlineOrderWorkflowsPath];
}

/** The entry of every workflow package the orchestrator hosts. */
export const hostedWorkflowsEntry = (): string => workflowsEntry(hostedWorkflowPaths());
