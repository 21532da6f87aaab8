/**
 * What an operator relies on in the rendered chart, one rule per function: each returns its problems
 * (empty = fine), so chart.spec.ts runs it on the real render and on a broken copy.
 */
import type { Dict, Manifest } from './render';

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface Probe {
  httpGet?: { path: string; port: string | number };
}
export interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: EnvVar[];
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: { requests?: Dict; limits?: Dict };
  securityContext?: Dict;
}
interface PodSpec {
  containers: Container[];
  securityContext?: Dict;
}

const component = (m: Manifest) => m.metadata.labels?.['app.kubernetes.io/name'];
export const findOne = (ms: Manifest[], kind: string, name: string) => ms.find((m) => m.kind === kind && component(m) === name);
export const podSpec = (m: Manifest) => (m.spec as { template: { spec: PodSpec } }).template.spec;
export const container = (m: Manifest) => podSpec(m).containers[0]!;
export const envNames = (c: Container) => (c.env ?? []).map((e) => e.name);

/** Every app: a Deployment with startup, liveness (/health) and readiness (/health/ready) probes on its port, resources, replicas, a Service and a PDB. */
export function appWorkloads(ms: Manifest[], apps: Record<string, { port: number; replicas: number }>): string[] {
  const problems: string[] = [];
  for (const [app, want] of Object.entries(apps)) {
    const d = findOne(ms, 'Deployment', app);
    if (!d) {
      problems.push(`${app}: no Deployment`);
      continue;
    }
    const c = container(d);
    if ((d.spec as { replicas?: number }).replicas !== want.replicas)
      problems.push(`${app}: replicas ${String((d.spec as Dict)['replicas'])}, values say ${want.replicas}`);
    if (!c.ports?.some((p) => p.name === 'http' && p.containerPort === want.port)) problems.push(`${app}: container port http is not ${want.port}`);
    const probes: Array<[string, Probe | undefined, string]> = [
      ['liveness', c.livenessProbe, '/health'],
      ['readiness', c.readinessProbe, '/health/ready'],
      ['startup', c.startupProbe, '/health'],
    ];
    for (const [kind, probe, path] of probes)
      if (probe?.httpGet?.path !== path || probe.httpGet.port !== 'http') problems.push(`${app}: ${kind} probe is not GET ${path} on http`);
    const r = c.resources;
    if (!r?.requests?.['cpu'] || !r.requests['memory'] || !r.limits?.['memory'])
      problems.push(`${app}: cpu and memory requests and a memory limit must be set`);
    if (!findOne(ms, 'Service', app)) problems.push(`${app}: no Service`);
    if (!findOne(ms, 'PodDisruptionBudget', app)) problems.push(`${app}: no PodDisruptionBudget`);
  }
  return problems;
}

/** Non-root, no privilege escalation, a read-only root filesystem, no capabilities, for every workload. */
export function hardened(ms: Manifest[]): string[] {
  const problems: string[] = [];
  for (const m of ms.filter((x) => x.kind === 'Deployment' || x.kind === 'Job')) {
    const pod = podSpec(m);
    if (pod.securityContext?.['runAsNonRoot'] !== true) problems.push(`${m.metadata.name}: runAsNonRoot is not set`);
    for (const c of pod.containers) {
      const sc = c.securityContext ?? {};
      if (sc['readOnlyRootFilesystem'] !== true) problems.push(`${m.metadata.name}/${c.name}: root filesystem not read-only`);
      if (sc['allowPrivilegeEscalation'] !== false) problems.push(`${m.metadata.name}/${c.name}: privilege escalation allowed`);
      if (JSON.stringify((sc['capabilities'] as Dict | undefined)?.['drop']) !== '["ALL"]')
        problems.push(`${m.metadata.name}/${c.name}: capabilities not dropped`);
    }
  }
  return problems;
}

/** Secrets come from a Secret by reference, under the key compose reads them from: never a literal value in a pod spec. */
export function secretsReferenced(ms: Manifest[], secrets: Map<string, string>, secretName: string): string[] {
  const problems: string[] = [];
  for (const m of ms.filter((x) => x.kind === 'Deployment' || x.kind === 'Job'))
    for (const c of podSpec(m).containers)
      for (const e of c.env ?? []) {
        const key = secrets.get(e.name);
        if (!key) continue;
        const ref = e.valueFrom?.secretKeyRef;
        if (e.value !== undefined || !ref) problems.push(`${m.metadata.name}: ${e.name} is inlined, not taken from the Secret`);
        else if (ref.name !== secretName || ref.key !== key)
          problems.push(`${m.metadata.name}: ${e.name} read from ${ref.name}/${ref.key}, not ${secretName}/${key}`);
      }
  return problems;
}

/** The migration Job: a pre-install and pre-upgrade hook, once (one pod at a time), every service's migrate script. */
export function migrationHook(ms: Manifest[], scripts: string[]): string[] {
  const job = ms.find((m) => m.kind === 'Job' && component(m) === 'migrate');
  if (!job) return ['no migration Job'];
  const problems: string[] = [];
  const hooks = (job.metadata.annotations?.['helm.sh/hook'] ?? '').split(',').map((h) => h.trim());
  for (const h of ['pre-install', 'pre-upgrade']) if (!hooks.includes(h)) problems.push(`migration Job is not a ${h} hook`);
  const spec = job.spec as { parallelism?: number; completions?: number };
  if (spec.parallelism !== 1 || spec.completions !== 1) problems.push('migration Job may run more than once at a time');
  const command = (container(job).command ?? []).join(' ');
  const missing = scripts.filter((s) => !command.includes(s));
  if (missing.length) problems.push(`migration Job does not run ${missing.join(', ')}`);
  return problems;
}

/**
 * docker-compose.yml and the chart give each app the same variables: each one Compose gives is in the
 * chart, and the chart adds none (a variable no app reads, or one Compose lacks, is a drift either way).
 */
export function envParity(composeEnv: Record<string, string[]>, chartEnv: Record<string, string[]>): string[] {
  const problems: string[] = [];
  for (const [app, want] of Object.entries(composeEnv)) {
    const have = chartEnv[app];
    if (!have) {
      problems.push(`${app}: not in the chart`);
      continue;
    }
    const missing = want.filter((v) => !have.includes(v));
    const extra = have.filter((v) => !want.includes(v));
    if (missing.length) problems.push(`${app}: the chart lacks ${missing.join(', ')} (docker-compose.yml gives them)`);
    if (extra.length) problems.push(`${app}: the chart gives ${extra.join(', ')}, which docker-compose.yml does not`);
  }
  return problems;
}
