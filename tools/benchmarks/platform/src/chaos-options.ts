/** `npm run chaos -- --clients 6 --gap 10 --targets intake,orchestrator,gateway,nats,postgres,temporal`. */
export const CHAOS_TARGETS = ['intake', 'orchestrator', 'gateway', 'nats', 'postgres', 'temporal'] as const;
export type ChaosTarget = (typeof CHAOS_TARGETS)[number];

export interface ChaosOptions {
  /** Clients registering (and replying) at once, each retrying with the same key. */
  clients: number;
  /** Seconds of load before each kill (and after the last). */
  gapSeconds: number;
  /** What is killed, in this order. */
  targets: ChaosTarget[];
  /** Seconds a client keeps retrying one request before it counts as not acknowledged. */
  patienceSeconds: number;
  outDir: string;
}

export const CHAOS_DEFAULTS: ChaosOptions = { clients: 6, gapSeconds: 10, targets: [...CHAOS_TARGETS], patienceSeconds: 120, outDir: '.local/bench' };

const FLAGS: Record<string, keyof ChaosOptions> = {
  '--clients': 'clients',
  '--gap': 'gapSeconds',
  '--targets': 'targets',
  '--patience': 'patienceSeconds',
  '--out': 'outDir',
};

function whole(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected a whole number of at least 1, got "${v}"`);
  return n;
}

export function parseChaosOptions(argv: readonly string[], env: Record<string, string | undefined>): ChaosOptions {
  const o: ChaosOptions = { ...CHAOS_DEFAULTS, targets: [...CHAOS_DEFAULTS.targets] };
  const pairs: Array<[string, string]> = [];
  if (env['CHAOS_GAP']) pairs.push(['--gap', env['CHAOS_GAP']]);
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    if (!FLAGS[flag]) throw new Error(`unknown flag ${flag} (known: ${Object.keys(FLAGS).join(', ')})`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    pairs.push([flag, value]);
  }
  for (const [flag, value] of pairs) {
    const key = FLAGS[flag]!;
    if (key === 'targets') {
      const targets = value.split(',').map((t) => t.trim());
      const unknown = targets.filter((t) => !(CHAOS_TARGETS as readonly string[]).includes(t));
      if (unknown.length || targets.length === 0) throw new Error(`${flag}: unknown ${unknown.join(', ')} (known: ${CHAOS_TARGETS.join(', ')})`);
      o.targets = targets as ChaosTarget[];
    } else if (key === 'outDir') o.outDir = value;
    else o[key] = whole(flag, value);
  }
  return o;
}
