/**
 * Reading what the chart checks compare: the chart rendered by helm (`helm template`), and
 * docker-compose.yml (anchors and `<<` merges resolved, as Compose reads it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export const ROOT = resolve(__dirname, '../../..');
export const CHART = resolve(__dirname, '..');
export const CLUSTER_VALUES = join(CHART, 'examples/cluster-values.yaml');

export type Dict = Record<string, unknown>;
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Dict;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

/** helm as tools/infra/infra.sh builds it (`tools helm`, which the Nx target runs first); HELM overrides. */
export function helmBinary(): string {
  const bin = process.env['HELM'] ?? join(process.env['FQ_CACHE_DIR'] ?? join(homedir(), '.cache', 'fengqiao'), 'bin', 'helm');
  if (!existsSync(bin)) throw new Error(`no helm at ${bin}: run \`bash tools/infra/infra.sh tools helm\` first`);
  return bin;
}

function valueArgs(o: { files?: string[]; set?: string[] }): string[] {
  return [...(o.files ?? []).flatMap((f) => ['--values', f]), ...(o.set ?? []).flatMap((s) => ['--set', s])];
}

/** `helm template` of the chart as release `fengqiao`; every document, empty ones dropped. */
export function render(o: { files?: string[]; set?: string[] } = {}): Manifest[] {
  const out = execFileSync(helmBinary(), ['template', 'fengqiao', CHART, '--namespace', 'fengqiao', ...valueArgs(o)], { encoding: 'utf8' });
  return parseAllDocuments(out)
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

/** `helm lint --strict`: its exit status and output. */
export function lint(o: { files?: string[]; set?: string[] } = {}): { ok: boolean; output: string } {
  const r = spawnSync(helmBinary(), ['lint', '--strict', CHART, ...valueArgs(o)], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

export interface ComposeService {
  build?: { args?: Record<string, string> };
  command?: string | string[];
  environment?: Record<string, string>;
}

export function readCompose(text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')): Record<string, ComposeService> {
  return (parse(text, { merge: true }) as { services: Record<string, ComposeService> }).services;
}

/** The app services of docker-compose.yml: built with an APP argument, the one-shot `migrate` aside. */
export function composeApps(services: Record<string, ComposeService>): string[] {
  return Object.keys(services).filter((s) => s !== 'migrate' && services[s]!.build?.args?.['APP'] === s);
}

/** The migrate scripts a command runs, in order (dist/<app>/apps/<app>/src/migrate.js). */
export function migrateScripts(command: string | string[] | undefined): string[] {
  const text = Array.isArray(command) ? command.join(' ') : (command ?? '');
  return [...text.matchAll(/dist\/[\w-]+\/apps\/[\w-]+\/src\/migrate\.js/g)].map((m) => m[0]);
}

/** Variables Compose refuses to start without (`${X:?…}` in .env): the secrets, which the chart takes from its Secret. */
/** The variables docker-compose.yml requires from .env, each with the .env key it reads (one secret may feed several variables). */
export function composeSecrets(services: Record<string, ComposeService>): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of Object.values(services))
    for (const [k, v] of Object.entries(s.environment ?? {})) {
      const value = String(v);
      if (!/\$\{[A-Z0-9_]+:\?/.test(value)) continue;
      // The whole value one .env key: the Secret holds it under that key; built from parts (a URL with a password): under its own name.
      out.set(k, /^\$\{([A-Z0-9_]+):\?[^}]*\}$/.exec(value)?.[1] ?? k);
    }
  return out;
}
