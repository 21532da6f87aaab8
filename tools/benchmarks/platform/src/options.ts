/** The orchestrator's workflow bundles (docs/observability.md, "Tracing inside workflows"). */
export const WORKFLOW_BUNDLES = { traced: 'dist/orchestrator/workflow-bundle.js', untraced: 'dist/orchestrator/workflow-bundle.untraced.js' } as const;
export type WorkflowBundleName = keyof typeof WORKFLOW_BUNDLES;

/** `npm run bench -- --steps 1,8,32 --step-seconds 5 --sustain 60`; each flag also reads from its BENCH_* variable. */
export interface Options {
  /** Concurrency steps: operations kept in flight. */
  steps: number[];
  /** Seconds each path runs at each step. */
  stepSeconds: number;
  /** Seconds of the sustained run at half the highest registration rate (0 skips it). */
  sustainSeconds: number;
  /** Where the JSON goes (bench-<timestamp>.json and latest.json). */
  outDir: string;
  /** Which workflow bundle the orchestrator runs: the default traced one, or the one without tracing inside workflows. */
  bundle: WorkflowBundleName;
}

const FLAGS: Record<string, [keyof Options, string]> = {
  '--steps': ['steps', 'BENCH_STEPS'],
  '--step-seconds': ['stepSeconds', 'BENCH_STEP_SECONDS'],
  '--sustain': ['sustainSeconds', 'BENCH_SUSTAIN_SECONDS'],
  '--out': ['outDir', 'BENCH_OUT'],
  '--bundle': ['bundle', 'BENCH_BUNDLE'],
};

export const DEFAULTS: Options = { steps: [1, 8, 32], stepSeconds: 5, sustainSeconds: 60, outDir: '.local/bench', bundle: 'traced' };

function positive(flag: string, v: string, allowZero = false): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0))
    throw new Error(`${flag}: expected a ${allowZero ? 'non-negative' : 'positive'} number, got "${v}"`);
  return n;
}

export function parseOptions(argv: readonly string[], env: Record<string, string | undefined>): Options {
  const raw: Partial<Record<keyof Options, [string, string]>> = {};
  for (const [key, variable] of Object.values(FLAGS)) if (env[variable] !== undefined && env[variable] !== '') raw[key] = [variable, env[variable]!];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const known = FLAGS[flag];
    if (!known) throw new Error(`unknown flag ${flag} (known: ${Object.keys(FLAGS).join(', ')})`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    raw[known[0]] = [flag, value];
  }
  const o: Options = { ...DEFAULTS, steps: [...DEFAULTS.steps] };
  if (raw.steps) {
    const steps = raw.steps[1].split(',').map((s) => positive(raw.steps![0], s.trim()));
    if (steps.some((s) => !Number.isInteger(s))) throw new Error(`${raw.steps[0]}: whole numbers, e.g. 1,8,32`);
    o.steps = steps;
  }
  if (raw.stepSeconds) o.stepSeconds = positive(raw.stepSeconds[0], raw.stepSeconds[1]);
  if (raw.sustainSeconds) o.sustainSeconds = positive(raw.sustainSeconds[0], raw.sustainSeconds[1], true);
  if (raw.outDir) o.outDir = raw.outDir[1];
  if (raw.bundle) {
    const [flag, value] = raw.bundle;
    if (!(value in WORKFLOW_BUNDLES)) throw new Error(`${flag}: expected ${Object.keys(WORKFLOW_BUNDLES).join(' or ')}, got "${value}"`);
    o.bundle = value as WorkflowBundleName;
  }
  return o;
}
