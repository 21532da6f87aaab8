import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_ASYNC_LOCAL_STORAGE_GLOBAL } from './workflow-async-context';
import { bundleWorkflows, findWorkspaceRoot, sharedWorkflowModules, WORKFLOW_SAFE_LIBS } from './workflow-bundle';

const root = findWorkspaceRoot();

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [join(dir, e.name)] : [],
  );
}

describe('the workflow bundle', () => {
  it('aliases exactly the libs the lint rule lets workflow code import (tag workflow-safe)', () => {
    const tagged = readdirSync(join(root, 'libs')).filter((lib) => {
      const project = JSON.parse(readFileSync(join(root, 'libs', lib, 'project.json'), 'utf8')) as { tags?: string[] };
      return project.tags?.includes('workflow-safe');
    });
    expect([...WORKFLOW_SAFE_LIBS].sort()).toEqual(tagged.sort());
  });

  it('shares only modules that cannot reach a workflow’s own state: no shared lib imports the Temporal SDK', () => {
    const offenders = WORKFLOW_SAFE_LIBS.flatMap((lib) => sources(join(root, 'libs', lib, 'src'))).filter((file) =>
      /from '@temporalio\/|require\('@temporalio\//.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
    const [preload] = sharedWorkflowModules(root);
    const imports = [...readFileSync(preload!, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.sort()).toEqual(
      [...WORKFLOW_SAFE_LIBS.map((lib) => `@fengqiao/${lib}`), '@opentelemetry/semantic-conventions', './workflow-async-context', './zod-caches'].sort(),
    );
  });

  it('traces inside workflows unless asked not to, and shares the preloaded modules either way', async () => {
    const workflows = join(root, 'workflows/hotline-order/src/workflows.ts');
    const [traced, untraced] = await Promise.all([bundleWorkflows(workflows, root), bundleWorkflows(workflows, root, { tracing: false })]);
    expect(traced.code).toContain('interceptors-opentelemetry/lib/workflow');
    expect(untraced.code).not.toContain('interceptors-opentelemetry/lib/workflow');
    for (const bundle of [traced, untraced]) {
      expect(bundle.code).toMatch(/preloadModules\(\) \{\s*__webpack_require__\([^)]*workflow-shared-modules/);
      // Every storage the SDK and the interceptors create is one of the shared storage's.
      const reads = [...bundle.code.matchAll(/globalThis(\.\w+)*\.AsyncLocalStorage\b/g)].map((m) => m[0]);
      expect(reads).toEqual([]);
      expect(bundle.code.split(`globalThis.${SHARED_ASYNC_LOCAL_STORAGE_GLOBAL} || globalThis['AsyncLocalStorage']`).length).toBeGreaterThan(2);
    }
    // The tracing interceptors' context manager too.
    expect(traced.code).toContain(`storage = new (globalThis.${SHARED_ASYNC_LOCAL_STORAGE_GLOBAL} ||`);
  }, 60_000);
});
