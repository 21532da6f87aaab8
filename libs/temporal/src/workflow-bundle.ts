import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from './data-converter';
import { WORKFLOW_TRACING_INTERCEPTORS } from './telemetry';

/** Workspace aliases a workflow package may use (the workflow-safe libs only, by lint rule). */
function workflowAliases(workspaceRoot: string): Record<string, string> {
  return {
    '@fengqiao/contracts': resolve(workspaceRoot, 'libs/contracts/src/index.ts'),
    '@fengqiao/calendar': resolve(workspaceRoot, 'libs/calendar/src/index.ts'),
    '@fengqiao/rules': resolve(workspaceRoot, 'libs/rules/src/index.ts'),
  };
}

export function findWorkspaceRoot(start = __dirname): string {
  let dir = start;
  while (!existsSync(resolve(dir, 'nx.json'))) {
    const parent = resolve(dir, '..');
    if (parent === dir) throw new Error('workspace root (nx.json) not found');
    dir = parent;
  }
  return dir;
}

/**
 * Bundles a workflow package from source. Production workers load the prebuilt bundle
 * written by the orchestrator's bundle-workflows.js at build time instead.
 */
export async function bundleWorkflows(workflowsPath: string, workspaceRoot = findWorkspaceRoot()): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath,
    // Failures raised in workflow code are converted inside the sandbox: the bundle carries the converter.
    failureConverterPath: FAILURE_CONVERTER_PATH,
    // Every bundle traces (spans go to the worker's `exporter` sink, see workerTelemetry): replays run the same code.
    workflowInterceptorModules: [WORKFLOW_TRACING_INTERCEPTORS],
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      config.resolve.alias = { ...(config.resolve.alias as Record<string, string>), ...workflowAliases(workspaceRoot) };
      return config;
    },
  });
}
