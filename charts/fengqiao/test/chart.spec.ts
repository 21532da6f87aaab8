/**
 * charts/fengqiao rendered by helm with the default values, the cluster example and a Secret created
 * from values: the rules of rules.ts on each render, each rule on a broken copy (so none passes
 * everything), and values the schema must refuse (`helm lint --strict` fails).
 */
import { SECRET_KEYS } from '@fengqiao/observability';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CHART, CLUSTER_VALUES, composeApps, composeSecrets, lint, migrateScripts, readCompose, render, type Manifest } from './render';
import { appWorkloads, container, envNames, envParity, findOne, hardened, migrationHook, podSpec, secretsReferenced } from './rules';

const compose = readCompose();
const APPS = composeApps(compose);
const SECRETS = new Map([...[...SECRET_KEYS].map((k) => [k, k] as const), ...composeSecrets(compose)]);
const SCRIPTS = migrateScripts(compose['migrate']!.command);
const defaults = parse(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as { apps: Record<string, { port: number; enabled: boolean }> };
const cluster = parse(readFileSync(CLUSTER_VALUES, 'utf8')) as { apps: Record<string, { replicas?: number }> };
const FROM_VALUES = join(__dirname, 'fixtures/secrets-from-values.yaml');

const clone = (ms: Manifest[]) => structuredClone(ms);
const expected = (enabled: string[], replicas: (app: string) => number) =>
  Object.fromEntries(enabled.map((a) => [a, { port: defaults.apps[a]!.port, replicas: replicas(a) }]));
const chartEnv = (ms: Manifest[]) =>
  Object.fromEntries(
    ms.filter((m) => m.kind === 'Deployment' || m.kind === 'Job').map((m) => [m.metadata.labels!['app.kubernetes.io/name']!, envNames(container(m))]),
  );
const composeEnv = (services: string[]) => Object.fromEntries(services.map((s) => [s, Object.keys(compose[s]!.environment ?? {})]));

describe('the apps of docker-compose.yml', () => {
  it('are the apps of the chart, with the same ports', () => {
    expect(Object.keys(defaults.apps).sort()).toEqual([...APPS].sort());
    for (const app of APPS) expect(defaults.apps[app]!.port).toBe(Number(compose[app]!.environment!['PORT']));
  });
});

describe.each([
  ['default values', {}, APPS.filter((a) => defaults.apps[a]!.enabled), () => 2],
  ['the cluster example', { files: [CLUSTER_VALUES] }, APPS, (a: string) => cluster.apps[a]?.replicas ?? 2],
])('rendered with %s', (_label, values, enabled, replicas) => {
  const ms = render(values);

  it('has a Deployment, Service and PDB per app, probes on /health and /health/ready, resources, replicas from values', () => {
    expect(appWorkloads(ms, expected(enabled, replicas))).toEqual([]);
  });

  it('runs every workload non-root on a read-only root filesystem', () => {
    expect(hardened(ms)).toEqual([]);
  });

  it('takes every secret from the Secret by reference and creates none', () => {
    expect(secretsReferenced(ms, SECRETS, 'fengqiao-secrets')).toEqual([]);
    expect(ms.filter((m) => m.kind === 'Secret')).toEqual([]);
  });

  it('migrates in a pre-install/pre-upgrade hook that runs every service migrate script', () => {
    expect(migrationHook(ms, SCRIPTS)).toEqual([]);
  });

  it('gives each app and the migration job the variables docker-compose.yml gives them, and no others', () => {
    expect(envParity(composeEnv([...enabled, 'migrate']), chartEnv(ms))).toEqual([]);
  });

  it('serves the console with security headers, proxying the API, Open311 and the bucket', () => {
    const cm = findOne(ms, 'ConfigMap', 'console')!;
    const conf = cm.data!['default.conf']!;
    expect(conf).toMatch(/location \/api\/ \{\s+proxy_pass http:\/\/fengqiao-gateway:3000;/);
    expect(conf).toMatch(/location \/open311\/ \{\s+proxy_pass http:\/\/fengqiao-gateway:3000;/);
    expect(conf).toMatch(
      /location \/fengqiao\/ \{\s+proxy_pass http:\/\/seaweedfs-s3\.storage\.svc\.cluster\.local:8333;\s+proxy_set_header Host \$http_host;/,
    );
    for (const h of ['Content-Security-Policy', 'X-Content-Type-Options', 'X-Frame-Options', 'Referrer-Policy', 'Strict-Transport-Security'])
      expect(cm.data!['security-headers.conf']).toContain(`add_header ${h} `);
    expect(JSON.parse(cm.data!['console-config.json']!)).toEqual({
      keycloakUrl: expect.stringMatching(/^https:\/\/login\./),
      realm: 'fengqiao',
      clientId: 'fq-console',
    });
    expect(findOne(ms, 'Deployment', 'console')).toBeDefined();
  });
});

describe('the Ingress of the cluster example', () => {
  it('sends the console host to the console and the hotline host to the 12345 adapter', () => {
    const ingress = render({ files: [CLUSTER_VALUES] }).find((m) => m.kind === 'Ingress')!;
    const rules = (ingress.spec as { rules: Array<{ host: string; http: { paths: Array<{ path: string; backend: { service: { name: string } } }> } }> }).rules;
    expect(rules.map((r) => [r.host, r.http.paths.map((p) => [p.path, p.backend.service.name])])).toEqual([
      ['fengqiao.city.example', [['/', 'fengqiao-console']]],
      ['hotline.city.example', [['/hotline/', 'fengqiao-hotline-12345']]],
    ]);
  });
});

describe('a Secret created from values', () => {
  const ms = render({ files: [FROM_VALUES] });

  it('is a hook made before the migration job, and every workload reads it', () => {
    const secret = ms.find((m) => m.kind === 'Secret')!;
    expect(secret.metadata.name).toBe('fengqiao-secrets');
    expect(secret.metadata.annotations).toMatchObject({ 'helm.sh/hook': 'pre-install,pre-upgrade', 'helm.sh/hook-weight': '-10' });
    expect(secretsReferenced(ms, SECRETS, 'fengqiao-secrets')).toEqual([]);
  });
});

describe('each rule complains about a broken render', () => {
  const good = render({ files: [CLUSTER_VALUES] });
  const want = expected(APPS, (a) => cluster.apps[a]?.replicas ?? 2);
  const deployment = (ms: Manifest[], app: string) => findOne(ms, 'Deployment', app)!;

  it('a readiness probe on /health, a missing limit, replicas not from values, a missing app', () => {
    const ms = clone(good);
    container(deployment(ms, 'intake')).readinessProbe!.httpGet!.path = '/health';
    delete container(deployment(ms, 'insights')).resources!.limits;
    (deployment(ms, 'webhooks').spec as { replicas: number }).replicas = 1;
    const noGateway = ms.filter((m) => !(m.kind === 'Deployment' && m.metadata.name === 'fengqiao-gateway'));
    expect(appWorkloads(noGateway, want)).toEqual([
      'gateway: no Deployment',
      'intake: readiness probe is not GET /health/ready on http',
      'insights: cpu and memory requests and a memory limit must be set',
      'webhooks: replicas 1, values say 2',
    ]);
  });

  it('a writable root filesystem', () => {
    const ms = clone(good);
    container(deployment(ms, 'orchestrator')).securityContext!['readOnlyRootFilesystem'] = false;
    expect(hardened(ms)).toEqual(['fengqiao-orchestrator/orchestrator: root filesystem not read-only']);
  });

  it('a keyring inlined', () => {
    const ms = clone(good);
    const env = container(deployment(ms, 'intake')).env!;
    env[env.findIndex((e) => e.name === 'PII_KEYRING')] = { name: 'PII_KEYRING', value: 'k1:AAAA;active=k1' };
    expect(secretsReferenced(ms, SECRETS, 'fengqiao-secrets')).toEqual(['fengqiao-intake: PII_KEYRING is inlined, not taken from the Secret']);
  });

  it('a migration job that is no pre-upgrade hook and skips a service', () => {
    const ms = clone(good);
    const job = ms.find((m) => m.kind === 'Job')!;
    job.metadata.annotations!['helm.sh/hook'] = 'pre-install';
    container(job).command = container(job).command!.map((c) => c.replace(/[^&]*webhooks\/src\/migrate\.js[^&]*&&/, ''));
    expect(migrationHook(ms, SCRIPTS)).toEqual([
      'migration Job is not a pre-upgrade hook',
      'migration Job does not run dist/webhooks/apps/webhooks/src/migrate.js',
    ]);
  });

  it('a variable docker-compose.yml gives but the chart lacks, and one it adds', () => {
    const ms = clone(good);
    const c = container(deployment(ms, 'legal-aid'));
    c.env = c.env!.filter((e) => e.name !== 'LEGAL_AID_ISSUER').concat({ name: 'LEGAL_AID_ISSUERS', value: 'x' });
    expect(envParity(composeEnv(['legal-aid']), chartEnv(ms))).toEqual([
      'legal-aid: the chart lacks LEGAL_AID_ISSUER (docker-compose.yml gives them)',
      'legal-aid: the chart gives LEGAL_AID_ISSUERS, which docker-compose.yml does not',
    ]);
  });

  it('pod specs are read where the rules look', () => {
    expect(podSpec(deployment(good, 'gateway')).containers).toHaveLength(1);
  });
});

describe('values the schema refuses (helm lint --strict fails)', () => {
  it('accepts the defaults, the cluster example and secrets given as values', () => {
    expect(lint()).toMatchObject({ ok: true });
    expect(lint({ files: [CLUSTER_VALUES] })).toMatchObject({ ok: true });
    expect(lint({ files: [FROM_VALUES] })).toMatchObject({ ok: true });
  });

  it.each([
    ['replicas that are no number', ['replicas=two'], "at '/replicas': got string, want integer"],
    ['no Secret named and no secret values', ['secrets.existingSecret='], "at '/secrets/values': missing properties 'DATABASE_URL'"],
    ['the 12345 adapter without its push URL', ['apps.hotline-12345.enabled=true'], "at '/apps/hotline-12345/env/HOTLINE_PUSH_URL'"],
    ['a NATS address that is no nats:// URL', ['nats.url=127.0.0.1:4222'], "at '/nats/url'"],
    ['a port the app does not listen on', ['apps.gateway.port=8080'], "at '/apps/gateway/port': value must be 3000"],
    ['an unknown top-level setting', ['databaseUrl=postgres://x'], "additional properties 'databaseUrl' not allowed"],
  ])('%s', (_label, set, complaint) => {
    const r = lint({ set });
    expect(r.ok).toBe(false);
    expect(r.output).toContain(complaint);
  });
});
