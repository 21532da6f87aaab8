import { resolve } from 'node:path';
import * as rules from '@fengqiao/rules';
import type { CaseKindModule } from '@fengqiao/rules';

/**
 * An integrator's case kinds, loaded at start-up by every process that handles cases (gateway,
 * intake, orchestrator, insights) from the same files: `FQ_KIND_MODULES=/path/a.js,/path/b.js`. Each file
 * exports a declaration, or a function that receives @fengqiao/rules and returns one or several
 * (docs/extending.md). Returns the kinds it registered.
 */
export function loadCaseKindModules(env: Record<string, string | undefined> = process.env): string[] {
  const files = (env['FQ_KIND_MODULES'] ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const kinds: string[] = [];
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = require(resolve(file)) as unknown;
    const value = (exported as { default?: unknown })?.default ?? exported;
    const declared = typeof value === 'function' ? (value as (r: typeof rules) => CaseKindModule | CaseKindModule[])(rules) : value;
    for (const m of [declared].flat() as CaseKindModule[]) {
      if (!m || typeof m.kind !== 'string' || !m.actions || !m.process) throw new Error(`${file} does not export a case kind declaration`);
      rules.registerCaseKind(m);
      kinds.push(m.kind);
    }
  }
  return kinds;
}
