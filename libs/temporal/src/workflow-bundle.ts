import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DefinePlugin } from 'webpack';
import { FAILURE_CONVERTER_PATH } from './data-converter';
import { SHARED_ASYNC_LOCAL_STORAGE_GLOBAL } from './workflow-async-context';
import { WORKFLOW_TRACING_INTERCEPTORS } from './telemetry';

/** Workspace aliases a workflow package may use (the workflow-safe libs only, by lint rule). */
function workflowAliases(workspaceRoot: string): Record<string, string> {
  return Object.fromEntries(WORKFLOW_SAFE_LIBS.map((lib) => [`@fengqiao/${lib}`, resolve(workspaceRoot, `libs/${lib}/src/index.ts`)]));
}

/** The workspace libs workflow code may import (a lint rule keeps the rest out). */
export const WORKFLOW_SAFE_LIBS = ['contracts', 'calendar', 'rules'] as const;

/**
 * Modules evaluated once per worker context and shared by every workflow in it, instead of once
 * per workflow: the SDK otherwise runs each module's top level again for every new or replayed
 * workflow, and building the contracts' zod schemas was most of a new dispute's worker CPU
 * (docs/benchmarks.md). Only the workflow-safe libs are shared (with zod): schemas, constants,
 * pure rules and holiday tables, none of which imports @temporalio/workflow or keeps per-workflow
 * state (workflow-bundle.spec.ts checks the first). The SDK freezes them, so workflow code cannot
 * write to what they export; workflow-shared-modules.ts fills zod's lazy caches before that.
 */
export function sharedWorkflowModules(workspaceRoot: string): string[] {
  // The source, like the aliases above: nothing imports it, so a build does not emit it.
  return [resolve(workspaceRoot, 'libs/temporal/src/workflow-shared-modules.ts')];
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
 *
 * `tracing: false` leaves out the workflow-side tracing interceptors, for a deployment that wants no
 * spans from inside workflows; since all workflows share one AsyncLocalStorage, the two bundles
 * measure alike (docs/observability.md). Without them a request's trace stops at the workflow's
 * client call. The interceptors add headers and spans, never commands, so the untraced bundle
 * replays the traced one's histories (the dispute path's replay test checks it).
 */
export async function bundleWorkflows(
  workflowsPath: string,
  workspaceRoot = findWorkspaceRoot(),
  o: { tracing?: boolean } = {},
): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath,
    // Failures raised in workflow code are converted inside the sandbox: the bundle carries the converter.
    failureConverterPath: FAILURE_CONVERTER_PATH,
    // Spans go to the worker's `exporter` sink (see workerTelemetry).
    workflowInterceptorModules: o.tracing === false ? [] : [WORKFLOW_TRACING_INTERCEPTORS],
    preloadModules: sharedWorkflowModules(workspaceRoot),
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      config.resolve.alias = { ...(config.resolve.alias as Record<string, string>), ...workflowAliases(workspaceRoot) };
      // Every storage the SDK and the interceptors create becomes one of the shared storage's
      // (workflow-async-context.ts); the sandbox's own class stays the fallback.
      const shared = `(globalThis.${SHARED_ASYNC_LOCAL_STORAGE_GLOBAL} || globalThis['AsyncLocalStorage'])`;
      config.plugins = [...(config.plugins ?? []), new DefinePlugin({ 'globalThis.AsyncLocalStorage': shared })];
      return config;
    },
  });
}
