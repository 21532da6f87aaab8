import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { bundleWorkflows } from '@fengqiao/temporal';
import { hostedWorkflowsEntry } from './workflows-entry';

/**
 * `node bundle-workflows.js <out.js>`: writes the workflow bundles the orchestrator loads with
 * WORKFLOW_BUNDLE (part of `nx build orchestrator`), so images never bundle from source at start:
 * `<out.js>` traces inside the workflows, `<out>.untraced.js` does not (docs/observability.md).
 */
async function main() {
  const out = resolve(process.argv[2] ?? 'dist/orchestrator/workflow-bundle.js');
  mkdirSync(dirname(out), { recursive: true });
  for (const [file, tracing] of [
    [out, true],
    [untracedBundlePath(out), false],
  ] as const) {
    const bundle = await bundleWorkflows(hostedWorkflowsEntry(), undefined, { tracing });
    writeFileSync(file, bundle.code);
    process.stdout.write(`workflow bundle written: ${file} (${Math.round(bundle.code.length / 1024)} KiB)\n`);
  }
}

/** Where the bundle without workflow-side tracing goes, beside the traced one. */
function untracedBundlePath(traced: string): string {
  return traced.replace(/(\.js)?$/, '.untraced.js');
}

main().catch((e: unknown) => {
  process.stderr.write(`bundling the workflows failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
