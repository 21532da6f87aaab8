import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { bundleWorkflows } from '@fengqiao/temporal';
import { hostedWorkflowsEntry } from './workflows-entry';

/**
 * `node bundle-workflows.js <out.js>`: writes the workflow bundle the orchestrator loads with
 * WORKFLOW_BUNDLE (part of `nx build orchestrator`), so images never bundle from source at start.
 */
async function main() {
  const out = resolve(process.argv[2] ?? 'dist/orchestrator/workflow-bundle.js');
  const bundle = await bundleWorkflows(hostedWorkflowsEntry());
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, bundle.code);
  process.stdout.write(`workflow bundle written: ${out} (${Math.round(bundle.code.length / 1024)} KiB)\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bundling the workflows failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
