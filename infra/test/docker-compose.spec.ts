// long file: one checklist of the Compose deployment — the readers of the compose structure, every rule, and each rule's broken-copy test, read together.
/**
 * Checks the Docker Compose deployment without a Docker engine: parses
 * docker-compose.yml (with the `yaml` package, as Compose would, anchors and `<<`
 * merges included) and the files it points at, and asserts what an IT admin relies on.
 *
 * Every rule is a function returning a list of problems (empty = fine). The first
 * block runs the rules on the real files; the second feeds each rule a broken copy
 * and expects a complaint, so no rule can silently pass everything.
 */
import { existsSync, readFileSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import { parse, YAMLSeq, type CollectionTag } from 'yaml';

const ROOT = resolve(__dirname, '../..');
const DOCKERFILE = 'infra/docker/Dockerfile';
const REALM_DEV = 'infra/keycloak/fengqiao-realm.dev.json';
const REALM_PROD = 'infra/keycloak/fengqiao-realm.prod-template.json';
const CLUSTER = 'docker-compose.cluster.yml';
const TLS = 'docker-compose.tls.yml';
const DEMO = 'docker-compose.demo.yml';
const CLUSTER_TLS = 'docker-compose.cluster-tls.yml';
const GUIDE = 'docs/deploy-docker.md';
/** Where the TLS override mounts ./tls. */
const TLS_DIR = '/etc/fengqiao/tls';
/** Each service owns its migrations: the migrate job runs every service's migrate script. */
const MIGRATE_SCRIPTS = [
  'dist/gateway/apps/gateway/src/migrate.js',
  'dist/intake/apps/intake/src/migrate.js',
  'dist/mediation/apps/mediation/src/migrate.js',
  'dist/key-persons/apps/key-persons/src/migrate.js',
  'dist/insights/apps/insights/src/migrate.js',
  'dist/webhooks/apps/webhooks/src/migrate.js',
  'dist/hotline-12345/apps/hotline-12345/src/migrate.js',
];

/** App service -> the PORT it listens on (GET /health there). */
const APPS: Record<string, number> = {
  gateway: 3000,
  intake: 3101,
  mediation: 3102,
  'legal-aid': 3103,
  petitions: 3104,
  'key-persons': 3105,
  orchestrator: 3106,
  insights: 3107,
  webhooks: 3108,
  'hotline-12345': 3109,
};
// The 12345 adapter's order endpoint is published: the hotline centre calls it (signed, docs/hotline-12345.md).
const PUBLISHING_SERVICES = ['console', 'gateway', 'keycloak', 'temporal-ui', 'jaeger', 'prometheus', 's3', 'hotline-12345'];

// ---------------------------------------------------------------------------------
// Reading files and the compose model
// ---------------------------------------------------------------------------------

/** Where the rules read files; tests swap it to simulate missing or edited files. */
interface Repo {
  exists(path: string): boolean;
  read(path: string): string;
}

const disk: Repo = {
  exists: (path) => existsSync(resolve(ROOT, path)),
  read: (path) => readFileSync(resolve(ROOT, path), 'utf8'),
};

function withFiles(base: Repo, files: Record<string, string | null>): Repo {
  return {
    exists: (path) => (path in files ? files[path] !== null : base.exists(path)),
    read: (path) => {
      const replaced = files[path];
      if (replaced === null) throw new Error(`ENOENT: ${path}`);
      return replaced ?? base.read(path);
    },
  };
}

type Dict = Record<string, unknown>;
type Service = Dict;
interface Compose {
  services: Record<string, Service>;
  volumes?: Dict;
}

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Compose's `!reset []` (an override drops the base file's list): read as an array marked RESET. */
const RESET = Symbol('!reset');
class ResetSeq extends YAMLSeq {
  override toJSON(...args: Parameters<YAMLSeq['toJSON']>): unknown[] {
    return Object.assign(super.toJSON(...args), { [RESET]: true });
  }
}
const RESET_TAG: CollectionTag = {
  tag: '!reset',
  collection: 'seq',
  nodeClass: ResetSeq,
  resolve: (value) => Object.assign(new ResetSeq(), { items: (value as YAMLSeq).items }),
};

function loadCompose(text: string): Compose {
  // merge: true resolves `<<: *anchor` like Compose does; duplicate keys throw.
  const doc: unknown = parse(text, { merge: true, customTags: [RESET_TAG] });
  if (!isDict(doc) || !isDict(doc['services'])) throw new Error('docker-compose.yml has no services mapping');
  return doc as unknown as Compose;
}

/**
 * Compose variable interpolation for checking purposes: `${X:-default}` -> default,
 * `${X:?msg}` / `${X}` -> a URL-safe stand-in, `$$` -> `$`.
 */
function interpolate(value: string): string {
  return value
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}/g, (_m, name: string, op?: string, arg?: string) => {
      if (op === '-' || op === ':-') return arg ?? '';
      return `REQUIRED_${name}`;
    })
    .replace(/\$\$/g, '$');
}

function str(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/** environment as a map, from either the mapping or the list (`KEY=value`) form. */
function envOf(service: Service): Record<string, string> {
  const env = service['environment'];
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry): [string, string] => {
        const text = str(entry);
        const eq = text.indexOf('=');
        return eq < 0 ? [text, ''] : [text.slice(0, eq), text.slice(eq + 1)];
      }),
    );
  }
  if (isDict(env)) return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, str(v)]));
  return {};
}

/** depends_on as service -> condition (the list form means service_started). */
function dependsOnOf(service: Service): Record<string, string> {
  const deps = service['depends_on'];
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d): [string, string] => [str(d), 'service_started']));
  if (isDict(deps)) {
    return Object.fromEntries(
      Object.entries(deps).map(([name, spec]) => [name, isDict(spec) ? str(spec['condition'] ?? 'service_started') : 'service_started']),
    );
  }
  return {};
}

function buildOf(service: Service): { context: string; dockerfile: string; args: Record<string, string> } | null {
  const build = service['build'];
  if (typeof build === 'string') return { context: build, dockerfile: 'Dockerfile', args: {} };
  if (!isDict(build)) return null;
  const rawArgs = build['args'];
  const args: Record<string, string> = Array.isArray(rawArgs)
    ? Object.fromEntries(
        rawArgs.map((a): [string, string] => {
          const [key, value = ''] = str(a).split(/=(.*)/s);
          return [key, value];
        }),
      )
    : isDict(rawArgs)
      ? Object.fromEntries(Object.entries(rawArgs).map(([k, v]) => [k, str(v)]))
      : {};
  return { context: str(build['context'] ?? '.'), dockerfile: str(build['dockerfile'] ?? 'Dockerfile'), args };
}

/** Repo-relative path of a path written in docker-compose.yml (which sits at the root). */
function repoPath(path: string): string {
  return posix.normalize(interpolate(path)).replace(/^\.\//, '').replace(/\/$/, '') || '.';
}

interface Mount {
  type: string;
  source: string;
  target: string;
}

function mountsOf(service: Service): Mount[] {
  const volumes = service['volumes'];
  if (!Array.isArray(volumes)) return [];
  return volumes.map((v): Mount => {
    if (isDict(v)) return { type: str(v['type'] ?? 'volume'), source: str(v['source']), target: str(v['target']) };
    const [source, target] = interpolate(str(v)).split(':');
    const isPath = /^[./~]/.test(source);
    return target === undefined
      ? { type: 'volume', source: '', target: source } // anonymous volume
      : { type: isPath ? 'bind' : 'volume', source, target };
  });
}

/** The host file (repo-relative) mounted at `containerPath`, directly or via a mounted directory. */
function hostPathFor(service: Service, containerPath: string): string | null {
  for (const m of mountsOf(service).filter((x) => x.type === 'bind')) {
    const target = posix.normalize(m.target);
    if (containerPath === target) return repoPath(m.source);
    if (containerPath.startsWith(target + '/')) return repoPath(posix.join(m.source, containerPath.slice(target.length + 1)));
  }
  return null;
}

interface Published {
  hostIp: string;
  published: string;
  target: string;
}

function portsOf(service: Service): Published[] {
  const ports = service['ports'];
  if (!Array.isArray(ports)) return [];
  return ports.map((p): Published => {
    if (isDict(p)) return { hostIp: str(p['host_ip']), published: interpolate(str(p['published'])), target: str(p['target']) };
    const parts = interpolate(str(p))
      .replace(/\/(tcp|udp)$/, '')
      .split(':');
    const target = parts.pop() ?? '';
    const published = parts.pop() ?? '';
    return { hostIp: parts.join(':'), published, target };
  });
}

function commandOf(service: Service): string[] {
  const command = service['command'];
  if (Array.isArray(command)) return command.map(str);
  if (typeof command === 'string') return command.split(/\s+/).filter(Boolean);
  return [];
}

function hostOf(address: string): string {
  try {
    return new URL(address).hostname;
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------------------------
// Rules (each returns the problems it found)
// ---------------------------------------------------------------------------------

/** `name[:tag][@digest]` is pinned when it has a digest or a tag starting with major.minor. */
function imageProblem(ref: string): string | null {
  const image = interpolate(ref);
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return null;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  if (colon < 0) return `${ref}: no tag (means latest)`;
  const tag = image.slice(colon + 1);
  if (/latest/i.test(tag)) return `${ref}: "latest" is not a version`;
  if (!/^v?\d+\.\d+/.test(tag)) return `${ref}: tag "${tag}" is not an explicit version (major.minor at least)`;
  return null;
}

function checkImagesPinned(compose: Compose, repo: Repo): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    const image = service['image'];
    if (image === undefined) {
      if (!buildOf(service)) problems.push(`${name}: neither image nor build`);
      continue;
    }
    const problem = imageProblem(str(image));
    if (problem) problems.push(`${name}: ${problem}`);
  }
  // Base images of the app Dockerfile too (FROM <image> [AS stage]; skip stage names).
  if (repo.exists(DOCKERFILE)) {
    const stages = new Set<string>();
    for (const match of repo.read(DOCKERFILE).matchAll(/^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/gim)) {
      const [, from, stage] = match;
      if (!stages.has(from)) {
        const problem = imageProblem(from);
        if (problem) problems.push(`${DOCKERFILE}: ${problem}`);
      }
      if (stage) stages.add(stage);
    }
  }
  return problems;
}

function checkAppServices(compose: Compose): string[] {
  const problems: string[] = [];
  for (const [app, port] of Object.entries(APPS)) {
    const service = compose.services[app];
    if (!service) {
      problems.push(`${app}: no service`);
      continue;
    }
    const build = buildOf(service);
    if (!build) {
      problems.push(`${app}: not built from ${DOCKERFILE}`);
      continue;
    }
    if (repoPath(build.context) !== '.') problems.push(`${app}: build context ${build.context} is not the repository root`);
    if (repoPath(posix.join(build.context, build.dockerfile)) !== DOCKERFILE) problems.push(`${app}: dockerfile ${build.dockerfile}`);
    if (build.args['APP'] !== app) problems.push(`${app}: build arg APP is ${build.args['APP'] ?? 'missing'}`);
    if (envOf(service)['PORT'] !== String(port)) problems.push(`${app}: PORT is ${envOf(service)['PORT'] ?? 'missing'}, expected ${port}`);
  }
  return problems;
}

function checkAppEnvironment(compose: Compose): string[] {
  const problems: string[] = [];
  const has = (name: string) => name in compose.services;
  for (const app of Object.keys(APPS)) {
    const service = compose.services[app];
    if (!service) continue; // reported by checkAppServices
    const env = envOf(service);
    const say = (msg: string) => problems.push(`${app}: ${msg}`);

    const db = interpolate(env['DATABASE_URL'] ?? '');
    let dbUrl: URL | null = null;
    try {
      dbUrl = new URL(db);
    } catch {
      say(`DATABASE_URL "${env['DATABASE_URL'] ?? ''}" is not a URL`);
    }
    if (dbUrl) {
      if (!['postgres:', 'postgresql:'].includes(dbUrl.protocol)) say(`DATABASE_URL scheme ${dbUrl.protocol}`);
      if (dbUrl.hostname !== 'postgres' || !has('postgres')) say(`DATABASE_URL host ${dbUrl.hostname} is not the postgres service`);
      if (dbUrl.pathname !== '/fengqiao') say(`DATABASE_URL database ${dbUrl.pathname}`);
      // The apps log in as the app role (neither owner nor superuser), never as the schema owner.
      if (dbUrl.username !== 'fengqiao_app') say(`DATABASE_URL user ${dbUrl.username}, expected fengqiao_app`);
    }
    // The password must come from .env as a required variable, never be written here.
    const rawPassword = /^[a-z]+:\/\/[^:/]+:(.*)@[^@]+$/.exec(env['DATABASE_URL'] ?? '')?.[1] ?? '';
    if (!/^\$\{[A-Z0-9_]+:\?[^}]*\}$/.test(rawPassword)) say(`DATABASE_URL password "${rawPassword}" is not a required \${VAR:?} reference`);

    const nats = interpolate(env['NATS_URL'] ?? '');
    if (!nats.startsWith('nats://') || hostOf(nats) !== 'nats' || !has('nats')) say(`NATS_URL "${nats}" is not the nats service`);
    const [temporalHost, temporalPort] = interpolate(env['TEMPORAL_ADDRESS'] ?? '').split(':');
    if (temporalHost !== 'temporal' || temporalPort !== '7233' || !has('temporal'))
      say(`TEMPORAL_ADDRESS "${env['TEMPORAL_ADDRESS'] ?? ''}" is not temporal:7233`);
    const keycloak = interpolate(env['KEYCLOAK_URL'] ?? '');
    if (hostOf(keycloak) !== 'keycloak' || !has('keycloak')) say(`KEYCLOAK_URL "${keycloak}" is not the keycloak service`);

    const fixed: Record<string, string> = { TEMPORAL_NAMESPACE: 'fengqiao', KEYCLOAK_REALM: 'fengqiao', NODE_ENV: 'production', LOG_LEVEL: 'info' };
    for (const [key, expected] of Object.entries(fixed)) {
      if (interpolate(env[key] ?? '') !== expected) say(`${key} is "${env[key] ?? ''}", expected ${expected}`);
    }
    for (const secret of ['PII_KEYRING', 'PII_BLIND_INDEX_KEY']) {
      if (!new RegExp(`^\\$\\{${secret}:\\?[^}]*\\}$`).test(env[secret] ?? '')) say(`${secret} is not the required \${${secret}:?} variable`);
    }
  }
  if (envOf(compose.services['gateway'] ?? {})['KEYCLOAK_AUDIENCE'] !== 'fq-gateway') problems.push('gateway: KEYCLOAK_AUDIENCE is not fq-gateway');
  return problems;
}

/** No secret is written into the compose file: they come from required variables. */
function checkSecrets(compose: Compose, repo: Repo, composeText: string): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    for (const [key, value] of Object.entries(envOf(service))) {
      if (/PASSWORD|PWD|SECRET|KEYRING|_KEY$/.test(key) && !/^\$\{[A-Z0-9_]+:\?[^}]*\}$/.test(value)) {
        problems.push(`${name}: ${key} is not a required \${VAR:?} reference`);
      }
    }
  }
  const example = repo.exists('.env.example') ? repo.read('.env.example') : '';
  if (!example) problems.push('.env.example is missing');
  const required = new Set([...composeText.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*):?\?/g)].map((m) => m[1]));
  for (const variable of required) {
    if (!new RegExp(`^${variable}=\\S`, 'm').test(example)) problems.push(`.env.example does not document ${variable}`);
  }
  return problems;
}

/** A service with a HEALTHCHECK: in compose, or inherited from the app Dockerfile. */
function hasHealthcheck(service: Service, repo: Repo): boolean {
  const hc = service['healthcheck'];
  if (isDict(hc)) return hc['disable'] !== true && (hc['test'] !== undefined || buildOf(service) !== null);
  const build = buildOf(service);
  if (!build) return false;
  const dockerfile = repoPath(posix.join(build.context, build.dockerfile));
  return repo.exists(dockerfile) && /^HEALTHCHECK\s+(?!NONE)/im.test(repo.read(dockerfile));
}

function checkDependencies(compose: Compose, repo: Repo): string[] {
  const problems: string[] = [];
  const required: Record<string, string> = {
    postgres: 'service_healthy',
    nats: 'service_healthy',
    temporal: 'service_healthy',
    migrate: 'service_completed_successfully',
  };
  for (const app of Object.keys(APPS)) {
    const service = compose.services[app];
    if (!service) continue;
    const deps = dependsOnOf(service);
    const needs = app === 'gateway' ? { ...required, keycloak: 'service_healthy' } : required;
    for (const [dep, condition] of Object.entries(needs)) {
      if (deps[dep] !== condition) problems.push(`${app}: depends_on ${dep} is ${deps[dep] ?? 'missing'}, expected ${condition}`);
    }
  }
  // Every dependency must exist, and service_healthy needs a healthcheck (or compose waits forever).
  for (const [name, service] of Object.entries(compose.services)) {
    for (const [dep, condition] of Object.entries(dependsOnOf(service))) {
      const target = compose.services[dep];
      if (!target) problems.push(`${name}: depends on unknown service ${dep}`);
      else if (condition === 'service_healthy' && !hasHealthcheck(target, repo))
        problems.push(`${name}: waits for ${dep} to be healthy, but ${dep} has no healthcheck`);
      else if (condition === 'service_completed_successfully' && /^(always|unless-stopped)$/.test(str(target['restart']))) {
        problems.push(`${name}: waits for ${dep} to complete, but ${dep} restarts forever`);
      }
    }
  }
  return problems;
}

function checkMigrate(compose: Compose): string[] {
  const migrate = compose.services['migrate'];
  if (!migrate) return ['no migrate service'];
  const problems: string[] = [];
  const command = commandOf(migrate).join(' ');
  for (const script of MIGRATE_SCRIPTS) {
    if (!command.includes(script)) problems.push(`migrate: command "${command}" does not run ${script}`);
  }
  if (!command.includes('./tools/runtime/aliases.js')) problems.push(`migrate: command "${command}" does not load the aliases`);
  const build = buildOf(migrate);
  if (!build || repoPath(posix.join(build.context, build.dockerfile)) !== DOCKERFILE) problems.push(`migrate: not built from ${DOCKERFILE}`);
  if (/^(always|unless-stopped)$/.test(str(migrate['restart']))) problems.push('migrate: a one-shot job must not restart');
  if (dependsOnOf(migrate)['postgres'] !== 'service_healthy') problems.push('migrate: does not wait for a healthy postgres');
  const env = envOf(migrate);
  if (hostOf(interpolate(env['DATABASE_URL'] ?? '')) !== 'postgres') problems.push('migrate: DATABASE_URL is not the postgres service');
  return problems;
}

/** Minimal reader for nats-server's config format: the body of `name { ... }`. */
function natsBlock(conf: string, name: string): string | null {
  const text = conf.replace(/(^|\s)(#|\/\/).*$/gm, '$1');
  const start = new RegExp(`(^|\\s)${name}\\s*[:=]?\\s*\\{`, 'm').exec(text);
  if (!start) return null;
  let depth = 0;
  for (let i = start.index + start[0].length - 1; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(start.index + start[0].length, i);
  }
  return null;
}

function checkNats(compose: Compose, repo: Repo): string[] {
  const nats = compose.services['nats'];
  if (!nats) return ['no nats service'];
  const command = commandOf(nats);
  const flag = command.findIndex((c) => c === '-c' || c === '--config');
  if (flag < 0 || !command[flag + 1]) return [`nats: command ${JSON.stringify(command)} does not pass a config file`];
  const confPath = hostPathFor(nats, command[flag + 1]);
  if (!confPath) return [`nats: ${command[flag + 1]} is not mounted from the repository`];
  if (!repo.exists(confPath)) return [`nats: ${confPath} does not exist`];
  const jetstream = natsBlock(repo.read(confPath), 'jetstream');
  if (jetstream === null) return [`${confPath}: no jetstream block`];
  const problems: string[] = [];
  if (!/(^|\s)sync_interval\s*[:=]\s*"?always"?\s*($|[\s,;])/m.test(jetstream)) problems.push(`${confPath}: jetstream has no sync_interval: always`);
  const storeDir = /(^|\s)store_dir\s*[:=]\s*"?([^"\s,;]+)/m.exec(jetstream)?.[2];
  if (!storeDir) problems.push(`${confPath}: jetstream has no store_dir`);
  else if (!mountsOf(nats).some((m) => m.type === 'volume' && (storeDir === m.target || storeDir.startsWith(m.target.replace(/\/$/, '') + '/')))) {
    problems.push(`nats: store_dir ${storeDir} is not on a named volume`);
  }
  return problems;
}

/** The realm files mounted into Keycloak's import folder (repo paths). */
function realmImports(keycloak: Service): string[] {
  return mountsOf(keycloak)
    .filter((m) => m.type === 'bind' && m.target.startsWith('/opt/keycloak/data/import'))
    .map((m) => repoPath(m.source));
}

/**
 * Production: `start` (not `start-dev`) importing the production realm template, whose ${FQ_*}
 * placeholders the service's environment fills; the hostname from .env; behind the TLS proxy.
 */
function checkKeycloak(compose: Compose, repo: Repo): string[] {
  const keycloak = compose.services['keycloak'];
  if (!keycloak) return ['no keycloak service'];
  const problems: string[] = [];
  const command = commandOf(keycloak);
  if (command[0] !== 'start') problems.push(`keycloak: command ${JSON.stringify(command)} is not production mode (start)`);
  if (!command.includes('--import-realm')) problems.push('keycloak: command lacks --import-realm');
  const imports = realmImports(keycloak);
  if (imports.length === 0) problems.push('keycloak: nothing mounted into /opt/keycloak/data/import');
  const env = envOf(keycloak);
  for (const source of imports) {
    if (source !== REALM_PROD) problems.push(`keycloak: imports ${source}, expected the production realm template ${REALM_PROD}`);
    if (!repo.exists(source)) {
      problems.push(`keycloak: realm file ${source} does not exist`);
      continue;
    }
    for (const name of new Set([...repo.read(source).matchAll(/\$\{(FQ_[A-Z0-9_]+)\}/g)].map((m) => m[1]))) {
      if (!env[name]) problems.push(`keycloak: the realm's placeholder \${${name}} is not in its environment`);
    }
  }
  if (env['KC_DB'] !== 'postgres' || env['KC_DB_URL_DATABASE'] !== 'keycloak' || env['KC_DB_URL_HOST'] !== 'postgres') {
    problems.push('keycloak: not on the keycloak database of the postgres service');
  }
  if (!/^\$\{KEYCLOAK_PUBLIC_URL[:}-]/.test(env['KC_HOSTNAME'] ?? '')) problems.push('keycloak: KC_HOSTNAME does not come from KEYCLOAK_PUBLIC_URL in .env');
  if (env['KC_PROXY_HEADERS'] !== 'xforwarded') problems.push('keycloak: KC_PROXY_HEADERS is not xforwarded (it sits behind the TLS proxy)');
  return problems;
}

/** docker-compose.demo.yml: the trial's dev mode, the dev realm on the same mount target, the demo seed. */
function checkDemo(demo: Compose, base: Compose, repo: Repo): string[] {
  const problems: string[] = [];
  const keycloak = demo.services['keycloak'];
  if (!keycloak) return [`${DEMO}: no keycloak service`];
  if (commandOf(keycloak)[0] !== 'start-dev' || !commandOf(keycloak).includes('--import-realm'))
    problems.push(`${DEMO}: keycloak does not run start-dev --import-realm`);
  const targets = (c: Service) =>
    mountsOf(c)
      .filter((m) => m.target.startsWith('/opt/keycloak/data/import'))
      .map((m) => m.target);
  if (JSON.stringify(targets(keycloak)) !== JSON.stringify(targets(base.services['keycloak'] ?? {})))
    problems.push(`${DEMO}: the dev realm is not mounted on the production realm's target (Compose would import both)`);
  for (const source of realmImports(keycloak)) {
    if (source !== REALM_DEV) problems.push(`${DEMO}: imports ${source}, expected the dev realm ${REALM_DEV}`);
    else if (!repo.exists(source)) problems.push(`${DEMO}: realm file ${source} does not exist`);
  }
  if (envOf(demo.services['migrate'] ?? {})['SEED_DEMO_COUNTY'] !== '1') problems.push(`${DEMO}: migrate does not load the demo county`);
  if (interpolate(envOf(base.services['migrate'] ?? {})['SEED_DEMO_COUNTY'] ?? '') !== '') problems.push('migrate: loads the demo county by default');
  return problems;
}

function checkPorts(compose: Compose): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    const ports = portsOf(service);
    if (ports.length > 0 && !PUBLISHING_SERVICES.includes(name))
      problems.push(`${name}: publishes ${ports.map((p) => p.target).join(', ')}; only ${PUBLISHING_SERVICES.join(', ')} may`);
  }
  const expect = (name: string, target: string, published: string) => {
    const ports = portsOf(compose.services[name] ?? {});
    if (!ports.some((p) => p.target === target && p.published === published)) problems.push(`${name}: does not publish ${published}->${target}`);
  };
  expect('console', '8080', '80');
  expect('gateway', '3000', '3000');
  expect('keycloak', '8080', '8080');
  expect('temporal-ui', '8080', '8233');
  // The operators' trace and metric views (docs/observability.md).
  expect('jaeger', '16686', '16686');
  expect('prometheus', '9090', '9090');
  // Presigned attachment URLs are the S3 API's own (docs/api.md#attachments).
  expect('s3', '8333', '8333');
  return problems;
}

/** Every bind-mounted host path exists (Docker would otherwise create an empty directory). */
function checkBindSources(compose: Compose, repo: Repo): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    for (const m of mountsOf(service).filter((x) => x.type === 'bind')) {
      if (!repo.exists(repoPath(m.source))) problems.push(`${name}: mounted ${m.source} does not exist`);
    }
  }
  return problems;
}

function checkPostgres(compose: Compose, repo: Repo): string[] {
  const postgres = compose.services['postgres'];
  if (!postgres) return ['no postgres service'];
  const problems: string[] = [];
  if (!mountsOf(postgres).some((m) => m.type === 'volume' && m.source !== '' && m.target === '/var/lib/postgresql/data'))
    problems.push('postgres: data is not on a named volume');
  const hc = postgres['healthcheck'];
  if (!isDict(hc) || !JSON.stringify(hc['test']).includes('pg_isready')) problems.push('postgres: healthcheck is not pg_isready');
  const initDir = hostPathFor(postgres, '/docker-entrypoint-initdb.d');
  const init = initDir ? ['01-databases.sh', '01-databases.sql'].map((f) => `${initDir}/${f}`).find((f) => repo.exists(f)) : undefined;
  if (!init) return [...problems, 'postgres: no init script mounted at /docker-entrypoint-initdb.d'];
  const sql = repo.read(init);
  for (const database of ['fengqiao', 'temporal', 'temporal_visibility', 'keycloak']) {
    if (!new RegExp(`CREATE DATABASE\\s+"?${database}"?[\\s;]`, 'i').test(sql)) problems.push(`${init}: does not create database ${database}`);
  }
  return problems;
}

function checkTemporal(compose: Compose, repo: Repo): string[] {
  const temporal = compose.services['temporal'];
  if (!temporal) return ['no temporal service'];
  const problems: string[] = [];
  const env = envOf(temporal);
  if (env['DB'] !== 'postgres12' || env['POSTGRES_SEEDS'] !== 'postgres')
    problems.push('temporal: not on the postgres service (DB=postgres12, POSTGRES_SEEDS=postgres)');
  const dynamic = env['DYNAMIC_CONFIG_FILE_PATH'] ?? '';
  const file = hostPathFor(temporal, posix.resolve('/etc/temporal', dynamic));
  if (!file || !repo.exists(file)) problems.push(`temporal: dynamic config ${dynamic} is not a mounted repository file`);
  else if (!isDict(parse(repo.read(file)))) problems.push(`${file}: not a YAML mapping`);
  // The namespace the apps use must be created by something.
  const creators = Object.values(compose.services).filter((s) => envOf(s)['DEFAULT_NAMESPACE'] === 'fengqiao');
  if (creators.length === 0) problems.push('nothing creates the Temporal namespace fengqiao (DEFAULT_NAMESPACE)');
  return problems;
}

function checkDockerfile(repo: Repo): string[] {
  if (!repo.exists(DOCKERFILE)) return [`${DOCKERFILE} does not exist`];
  const text = repo.read(DOCKERFILE).replace(/\\\n/g, ' ');
  const problems: string[] = [];
  const stages = text.split(/^FROM\s/im).slice(1);
  if (stages.length < 2) problems.push('not a multi-stage build');
  const build = stages.slice(0, -1).join('\n');
  const runtime = stages[stages.length - 1] ?? '';
  const need = (where: string, pattern: RegExp, what: string) => {
    if (!pattern.test(where)) problems.push(`${DOCKERFILE}: ${what}`);
  };
  need(build, /^RUN\b.*\bnpm ci\b/m, 'build stage does not run npm ci');
  // Every app: run-many over all projects, not a --projects/--exclude subset.
  need(
    build,
    /^RUN\b.*\bnx run-many (-t|--targets?)[ =]build\b(?!.*--(projects|exclude)\b)(?!.*\s-p\s)/m,
    'build stage does not run `nx run-many -t build` for every project',
  );
  need(build, /^RUN\b.*\bnpm prune --omit=dev\b/m, 'build stage does not prune devDependencies');
  // tsconfig.base.json: tools/runtime/aliases.js reads its "paths" at start-up.
  for (const path of ['node_modules', 'dist', 'tools/runtime', 'tsconfig.base.json', 'package.json']) {
    need(runtime, new RegExp(`^COPY\\s+--from=\\S+\\s+(\\S+/)?${path.replace(/[./]/g, '\\$&')}\\s`, 'm'), `runtime stage does not copy ${path}`);
  }
  need(runtime, /^ARG APP\b/m, 'runtime stage has no ARG APP');
  need(runtime, /^ENV APP=\$\{?APP\}?/m, 'runtime stage does not set ENV APP from the build arg');
  const user = [...runtime.matchAll(/^USER\s+(\S+)/gm)].pop()?.[1];
  if (!user || /^(root|0)(:|$)/.test(user)) problems.push(`${DOCKERFILE}: runtime stage runs as ${user ?? 'root'}`);
  need(runtime, /^HEALTHCHECK\b.*\bnode\b.*127\.0\.0\.1.*\/health/m, 'no HEALTHCHECK that GETs http://127.0.0.1:$PORT/health with node');
  need(
    runtime,
    /^CMD\b.*node --require \.\/tools\/runtime\/aliases\.js "?dist\/\$\{APP\}\/apps\/\$\{APP\}\/src\/main\.js/m,
    'CMD does not start dist/${APP}/apps/${APP}/src/main.js with the aliases',
  );
  return problems;
}

function checkDockerignore(repo: Repo): string[] {
  if (!repo.exists('.dockerignore')) return ['.dockerignore does not exist'];
  const entries = new Set(
    repo
      .read('.dockerignore')
      .split('\n')
      .map((l) => l.trim().replace(/^\/|\/$/g, '')),
  );
  return ['node_modules', 'dist', '.local', '.nx', 'coverage', '.git', '.env'].filter((e) => !entries.has(e)).map((e) => `.dockerignore does not exclude ${e}`);
}

/** Each app's Nx build writes dist/<app>, the folder the image's CMD starts from. */
function checkAppProjects(repo: Repo): string[] {
  const problems: string[] = [];
  for (const app of Object.keys(APPS)) {
    const path = `apps/${app}/project.json`;
    if (!repo.exists(path)) {
      problems.push(`${path} does not exist`);
      continue;
    }
    const project = JSON.parse(repo.read(path)) as { name?: string; targets?: Record<string, unknown> };
    const build = JSON.stringify(project.targets?.['build'] ?? '');
    if (project.name !== app) problems.push(`${path}: project name ${project.name}, expected ${app}`);
    if (!build.includes(`dist/${app}`)) problems.push(`${path}: build target does not write dist/${app}`);
  }
  return problems;
}

/** The migrate scripts the job runs exist as sources (apps/<app>/src/migrate.ts). */
function checkMigrateSources(repo: Repo): string[] {
  return MIGRATE_SCRIPTS.map((d) => d.replace(/^dist\/[^/]+\//, '').replace(/\.js$/, '.ts'))
    .filter((src) => !repo.exists(src))
    .map((src) => `${src} does not exist`);
}

/** The console: the Dockerfile's nginx stage, its server from infra/console/templates, headers and proxies. */
function checkConsole(compose: Compose, repo: Repo): string[] {
  const console = compose.services['console'];
  if (!console) return ['no console service'];
  const problems: string[] = [];
  const build = buildOf(console);
  const target = isDict(console['build']) ? str(console['build']['target']) : '';
  if (!build || repoPath(posix.join(build.context, build.dockerfile)) !== DOCKERFILE || target !== 'console')
    problems.push(`console: not built from the console stage of ${DOCKERFILE}`);
  else if (!new RegExp(`^FROM\\s+\\S*nginx\\S*\\s+AS\\s+console\\b`, 'im').test(repo.read(DOCKERFILE)))
    problems.push(`${DOCKERFILE}: no nginx stage named console`);
  const templates = hostPathFor(console, '/etc/nginx/templates/default.conf.template');
  if (!templates || !repo.exists(templates)) return [...problems, 'console: no server template mounted at /etc/nginx/templates/default.conf.template'];
  const server = repo.read(templates).replace(/^\s*#.*$/gm, '');
  const headersFile = /include\s+\/etc\/nginx\/conf\.d\/([\w.-]+\.inc);/.exec(server)?.[1];
  const headersPath = headersFile ? hostPathFor(console, `/etc/nginx/templates/${headersFile}.template`) : null;
  const headers = headersPath && repo.exists(headersPath) ? repo.read(headersPath).replace(/^\s*#.*$/gm, '') : '';
  if (!headers) problems.push('console: the server includes no security headers file from its templates');
  for (const h of ['Content-Security-Policy', 'X-Content-Type-Options', 'X-Frame-Options', 'Referrer-Policy', 'Strict-Transport-Security']) {
    if (!new RegExp(`add_header\\s+${h}\\s.*\\balways;`).test(headers)) problems.push(`console: no ${h} header (add_header … always)`);
  }
  if (!/frame-ancestors 'none'/.test(headers)) problems.push("console: the CSP lacks frame-ancestors 'none'");
  // Every location that sets headers of its own drops the server's: it must include them again.
  for (const m of server.matchAll(/location\s+[^{]*\{([^}]*)\}/g)) {
    if (/add_header/.test(m[1]) && !/include\s+\/etc\/nginx\/conf\.d\/[\w.-]+\.inc;/.test(m[1]))
      problems.push(`console: a location adds headers without the security headers: ${m[0].split('{')[0].trim()}`);
  }
  const proxied = (path: string) => {
    const body = new RegExp(`location\\s+${path.replace(/\//g, '\\/')}\\s*\\{([^}]*)\\}`).exec(server)?.[1] ?? '';
    const target = /proxy_pass\s+(\S+);/.exec(body)?.[1] ?? '';
    const variable = /^\$(\w+)$/.exec(target)?.[1];
    return variable ? (new RegExp(`set\\s+\\$${variable}\\s+(\\S+);`).exec(server)?.[1] ?? '') : target;
  };
  for (const path of ['/api/', '/open311/']) {
    if (proxied(path) !== 'http://gateway:3000') problems.push(`console: ${path} is not proxied to http://gateway:3000`);
  }
  if (!/resolver\s+127\.0\.0\.11\b/.test(server)) problems.push("console: no resolver 127.0.0.11 (Compose's DNS) for the proxied services' replicas");
  const hc = console['healthcheck'];
  if (!isDict(hc) || !JSON.stringify(hc['test']).includes('/healthz')) problems.push('console: healthcheck does not GET /healthz');
  if (!portsOf(console).some((p) => p.target === '8080' && p.published === '80')) problems.push('console: does not publish 80->8080');
  return problems;
}

/** temporal-schema runs Temporal's own SQL tool on both databases; the server waits for it. */
function checkTemporalSchema(compose: Compose, repo: Repo): string[] {
  const job = compose.services['temporal-schema'];
  if (!job) return ['no temporal-schema service'];
  const problems: string[] = [];
  const entry = Array.isArray(job['entrypoint']) ? job['entrypoint'].map(str) : [];
  const script = entry.map((e) => hostPathFor(job, e)).find((p): p is string => p !== null);
  if (!script || !repo.exists(script)) return ['temporal-schema: its entrypoint is not a mounted repository script'];
  const text = repo.read(script).replace(/^\s*#.*$/gm, '');
  if (!/temporal-sql-tool\b/.test(text)) problems.push(`${script}: does not run temporal-sql-tool`);
  for (const db of ['temporal', 'temporal_visibility']) {
    for (const step of ['setup-schema', 'update-schema']) if (!new RegExp(`\\b${db}\\s+${step}\\b`).test(text)) problems.push(`${script}: no ${step} of ${db}`);
  }
  if (dependsOnOf(compose.services['temporal'] ?? {})['temporal-schema'] !== 'service_completed_successfully')
    problems.push('temporal: does not wait for temporal-schema to complete');
  return problems;
}

/** nats-server's `include` lines resolved (relative to the including file), comments dropped. */
function natsConf(repo: Repo, path: string, depth = 0): string {
  if (!repo.exists(path)) throw new Error(`${path} does not exist`);
  const text = repo.read(path).replace(/(^|\s)(#|\/\/).*$/gm, '$1');
  if (depth > 5) return text;
  return text.replace(/^\s*include\s+"?([^"\s;]+)"?\s*;?\s*$/gm, (_m, file: string) => natsConf(repo, posix.join(posix.dirname(path), file), depth + 1));
}

/** The NATS user of each service that connects (the apps and the migrate job). */
const NATS_CLIENTS = [...Object.keys(APPS), 'migrate'];

/** The users of the NATS config's accounts: user -> the `$VARIABLE` its password reads; plus the system account's name. */
function natsUsers(conf: string): { users: Map<string, Map<string, string>>; system: string | undefined; noAuthUser: boolean } {
  const users = new Map<string, Map<string, string>>();
  const accounts = natsBlock(conf, 'accounts') ?? '';
  for (const m of accounts.matchAll(/(^|\s)([A-Za-z0-9_-]+)\s*[:=]?\s*\{/g)) {
    const body = natsBlock(accounts.slice(m.index), m[2]) ?? '';
    const inAccount = new Map<string, string>();
    for (const u of body.matchAll(/\{\s*user\s*[:=]\s*"?([\w-]+)"?\s*[,\s]\s*password\s*[:=]\s*"?([^"\s,}]+)"?\s*\}/g)) inAccount.set(u[1], u[2]);
    if (inAccount.size) users.set(m[2], inAccount);
  }
  return { users, system: /(^|\s)system_account\s*[:=]\s*"?(\w+)/.exec(conf)?.[2], noAuthUser: /(^|\s)no_auth_user\s*[:=]/.test(conf) };
}

/**
 * NATS accounts: no anonymous access, a user per service in one account (passwords from .env through the
 * nats service's environment), the system account; each app's NATS_URL logs in as its own user.
 */
function checkNatsAccounts(compose: Compose, repo: Repo, confInContainer = '/etc/nats/nats.conf', node = 'nats'): string[] {
  const nats = compose.services[node];
  if (!nats) return [`no ${node} service`];
  const confPath = hostPathFor(nats, confInContainer);
  if (!confPath || !repo.exists(confPath)) return [`${node}: ${confInContainer} is not a mounted repository file`];
  let conf: string;
  try {
    conf = natsConf(repo, confPath);
  } catch (e) {
    return [`${confPath}: ${(e as Error).message}`];
  }
  const problems: string[] = [];
  const { users, system, noAuthUser } = natsUsers(conf);
  if (noAuthUser) problems.push(`${confPath}: no_auth_user lets clients in without a password`);
  if (/(^|\s)authorization\s*[:=]?\s*\{/.test(conf.replace(/cluster\s*\{[\s\S]*$/, '')))
    problems.push(`${confPath}: a server-wide authorization block beside the accounts`);
  if (!system || !users.get(system)?.size) problems.push(`${confPath}: no system account with a user (system_account)`);
  const appAccounts = [...users.entries()].filter(([name]) => name !== system);
  if (appAccounts.length !== 1)
    problems.push(`${confPath}: the apps' users are not in one account (found ${appAccounts.map(([n]) => n).join(', ') || 'none'})`);
  const appUsers = appAccounts[0]?.[1] ?? new Map<string, string>();
  const natsEnv = envOf(nats);
  for (const [user, password] of [...appUsers, ...(system ? [...(users.get(system) ?? [])] : [])]) {
    const variable = /^\$(\w+)$/.exec(password)?.[1];
    if (!variable) problems.push(`${confPath}: the password of ${user} is written out, not a $VARIABLE`);
    else if (!new RegExp(`^\\$\\{${variable}:\\?[^}]*\\}$`).test(natsEnv[variable] ?? ''))
      problems.push(`${node}: ${variable} (${user}'s password) is not a required \${${variable}:?} variable`);
  }
  for (const service of NATS_CLIENTS) {
    const env = envOf(compose.services[service] ?? {});
    const urls = (env['NATS_URL'] ?? '').split(',').filter(Boolean);
    if (urls.length === 0) {
      problems.push(`${service}: no NATS_URL`);
      continue;
    }
    for (const raw of urls) {
      const m = /^nats:\/\/([^:@/]+):(\$\{(\w+):\?[^}]*\})@[^@]+$/.exec(raw);
      if (!m) {
        problems.push(`${service}: NATS_URL "${raw}" does not log in with a user and a required \${VAR:?} password`);
        continue;
      }
      const [, user, , variable] = m;
      if (user !== service) problems.push(`${service}: NATS_URL logs in as ${user}, not as ${service}`);
      if (!appUsers.has(user)) problems.push(`${service}: NATS user ${user} is not in the apps' account`);
      else if (appUsers.get(user) !== `$${variable}`) problems.push(`${service}: NATS_URL's password ${variable} is not the one ${confPath} gives ${user}`);
    }
  }
  return problems;
}

/** App healthchecks ask for readiness (/health/ready), with a start period. */
function checkReadiness(compose: Compose): string[] {
  const problems: string[] = [];
  for (const app of Object.keys(APPS)) {
    const hc = compose.services[app]?.['healthcheck'];
    if (!isDict(hc) || hc['disable'] === true || !JSON.stringify(hc['test'] ?? '').includes('/health/ready'))
      problems.push(`${app}: healthcheck does not ask /health/ready`);
    else if (!hc['start_period']) problems.push(`${app}: healthcheck has no start_period`);
  }
  return problems;
}

/** Every service has CPU and memory limits (deploy.resources.limits). */
function checkResources(compose: Compose): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    const deploy = service['deploy'];
    const limits = isDict(deploy) && isDict(deploy['resources']) ? deploy['resources']['limits'] : undefined;
    if (!isDict(limits) || !limits['memory'] || !limits['cpus']) problems.push(`${name}: no deploy.resources.limits (cpus and memory)`);
  }
  return problems;
}

const NATS_NODES = ['nats', 'nats-2', 'nats-3'];

/**
 * docker-compose.cluster.yml: three NATS nodes routed to each other (R3 streams, sync_interval always, the
 * same accounts), a PostgreSQL streaming replica insights reads from, two replicas of every app.
 */
function checkCluster(cluster: Compose, base: Compose, repo: Repo): string[] {
  const problems: string[] = [];
  const merged = (name: string): Service => {
    const b = base.services[name] ?? {};
    const o = cluster.services[name] ?? {};
    const deploy = { ...(isDict(b['deploy']) ? b['deploy'] : {}), ...(isDict(o['deploy']) ? o['deploy'] : {}) };
    const byTarget = new Map<string, unknown>();
    for (const v of [...(Array.isArray(b['volumes']) ? b['volumes'] : []), ...(Array.isArray(o['volumes']) ? o['volumes'] : [])])
      byTarget.set(mountsOf({ volumes: [v] })[0]!.target, v);
    return { ...b, ...o, deploy, volumes: [...byTarget.values()], environment: { ...envOf(b), ...envOf(o) } };
  };
  // NATS: the three nodes.
  const names = new Set<string>();
  for (const node of NATS_NODES) {
    if (!cluster.services[node]) {
      problems.push(`${CLUSTER}: no ${node} service`);
      continue;
    }
    const service = merged(node);
    const command = commandOf(service);
    const conf = command[command.indexOf('-c') + 1] ?? '';
    const confPath = command.includes('-c') ? hostPathFor(service, conf) : null;
    if (!confPath || !repo.exists(confPath)) {
      problems.push(`${node}: its config ${conf || '(none)'} is not a mounted repository file`);
      continue;
    }
    const text = natsConf(repo, confPath);
    const clusterBlock = natsBlock(text, 'cluster') ?? '';
    const routes = [...clusterBlock.matchAll(/nats-route:\/\/(?:[^@\s]+@)?([\w-]+):6222/g)].map((m) => m[1]);
    for (const peer of NATS_NODES) if (!routes.includes(peer)) problems.push(`${confPath}: no route to ${peer}`);
    const jetstream = natsBlock(text, 'jetstream') ?? '';
    if (!/(^|\s)sync_interval\s*[:=]\s*"?always"?/m.test(jetstream)) problems.push(`${confPath}: jetstream has no sync_interval: always`);
    const storeDir = /(^|\s)store_dir\s*[:=]\s*"?([^"\s,;]+)/m.exec(jetstream)?.[2] ?? '';
    const volume = mountsOf(service).find((m) => m.type === 'volume' && m.source && storeDir.startsWith(m.target));
    if (!volume) problems.push(`${node}: store_dir ${storeDir} is not on a named volume`);
    else if (names.has(`volume:${volume.source}`)) problems.push(`${node}: shares the volume ${volume.source} with another node`);
    else names.add(`volume:${volume.source}`);
    const serverName = /(^|\s)server_name\s*[:=]\s*"?(\$?[\w-]+)/m.exec(text)?.[2] ?? '';
    const resolved = serverName.startsWith('$') ? envOf(service)[serverName.slice(1)] : serverName;
    if (!resolved) problems.push(`${node}: no server_name`);
    else if (names.has(resolved)) problems.push(`${node}: server_name ${resolved} is another node's`);
    else names.add(resolved);
    problems.push(
      ...checkNatsAccounts({ services: { ...base.services, [node]: service } }, repo, conf, node).filter(
        (p) => p.startsWith(`${node}:`) || p.startsWith(confPath),
      ),
    );
    const hc = service['healthcheck'];
    if (!isDict(hc) || !JSON.stringify(hc['test']).includes('/healthz')) problems.push(`${node}: healthcheck does not ask /healthz`);
  }
  // The apps: all nodes, R3, two replicas; the published ports dropped where two replicas would clash.
  for (const service of NATS_CLIENTS) {
    const env = envOf(cluster.services[service] ?? {});
    const hosts = (env['NATS_URL'] ?? '').split(',').map((u) => hostOf(interpolate(u)));
    if (NATS_NODES.some((n) => !hosts.includes(n))) problems.push(`${service}: NATS_URL does not list ${NATS_NODES.join(', ')}`);
    if (env['NATS_STREAM_REPLICAS'] !== '3') problems.push(`${service}: NATS_STREAM_REPLICAS is not 3`);
    if (service === 'migrate') continue;
    const deploy = merged(service)['deploy'];
    if (!isDict(deploy) || deploy['replicas'] !== 2) problems.push(`${service}: deploy.replicas is not 2`);
    if (portsOf(base.services[service] ?? {}).length > 0) {
      const ports = cluster.services[service]?.['ports'];
      if (!Array.isArray(ports) || !(RESET in ports)) problems.push(`${service}: two replicas publish the same host port (ports: !reset [])`);
    }
  }
  // PostgreSQL: the streaming replica and insights on it.
  const replica = cluster.services['postgres-replica'];
  if (!replica) problems.push(`${CLUSTER}: no postgres-replica service`);
  else {
    if (str(replica['image']) !== str(base.services['postgres']?.['image'])) problems.push("postgres-replica: not the primary's image");
    const entry = Array.isArray(replica['entrypoint']) ? replica['entrypoint'].map(str) : [];
    const script = entry.map((e) => hostPathFor(replica, e)).find((p): p is string => p !== null);
    const text = script && repo.exists(script) ? repo.read(script).replace(/^\s*#.*$/gm, '') : '';
    if (!/pg_basebackup\b[^\n]*(\\\n[^\n]*)*\s-R\b/.test(text))
      problems.push('postgres-replica: its entrypoint does not pg_basebackup -R (a standby that follows the primary)');
    if (envOf(replica)['PRIMARY_HOST'] !== 'postgres') problems.push('postgres-replica: PRIMARY_HOST is not the postgres service');
    if (dependsOnOf(replica)['postgres'] !== 'service_healthy') problems.push('postgres-replica: does not wait for a healthy postgres');
    if (!mountsOf(replica).some((m) => m.type === 'volume' && m.source && m.target === '/var/lib/postgresql/data'))
      problems.push('postgres-replica: data is not on a named volume');
    const hc = replica['healthcheck'];
    if (!isDict(hc) || !JSON.stringify(hc['test']).includes('pg_is_in_recovery')) problems.push('postgres-replica: healthcheck does not check it is a standby');
  }
  const initDir = hostPathFor(base.services['postgres'] ?? {}, '/docker-entrypoint-initdb.d');
  const init = initDir ? `${initDir}/02-replication.sh` : '';
  const initText = init && repo.exists(init) ? repo.read(init) : '';
  if (!/CREATE ROLE replicator WITH REPLICATION/.test(initText) || !/host replication replicator/.test(initText))
    problems.push('postgres: no init script creating the replication role and its pg_hba line');
  const readUrl = interpolate(envOf(cluster.services['insights'] ?? {})['INSIGHTS_READ_DATABASE_URL'] ?? '');
  if (hostOf(readUrl) !== 'postgres-replica') problems.push('insights: INSIGHTS_READ_DATABASE_URL is not the postgres-replica service');
  if (dependsOnOf(cluster.services['insights'] ?? {})['postgres-replica'] !== 'service_healthy')
    problems.push('insights: does not wait for a healthy postgres-replica');
  if (!('INSIGHTS_READ_DATABASE_URL' in envOf(base.services['insights'] ?? {})))
    problems.push('insights: docker-compose.yml does not pass INSIGHTS_READ_DATABASE_URL');
  for (const name of Object.keys(cluster.services).filter((n) => !base.services[n])) problems.push(...checkResources({ services: { [name]: merged(name) } }));
  return problems;
}

/** docker-compose.tls.yml: certificates from ./tls; PostgreSQL ssl=on and verified; NATS tls {}; Temporal and Keycloak verify too. */
function checkTls(tls: Compose, base: Compose, repo: Repo): string[] {
  const problems: string[] = [];
  const tlsMounted = (name: string) =>
    mountsOf(tls.services[name] ?? {}).some((m) => m.type === 'bind' && repoPath(m.source) === 'tls' && m.target === TLS_DIR);
  const postgres = commandOf(tls.services['postgres'] ?? {}).join(' ');
  if (!/-c ssl=on\b/.test(postgres) || !postgres.includes(`ssl_cert_file=${TLS_DIR}/`) || !postgres.includes(`ssl_key_file=${TLS_DIR}/`))
    problems.push('postgres: not ssl=on with the certificate and key of ./tls');
  const natsCommand = commandOf(tls.services['nats'] ?? {});
  const conf = natsCommand[natsCommand.indexOf('-c') + 1] ?? '';
  const confPath = natsCommand.includes('-c') ? hostPathFor(base.services['nats'] ?? {}, conf) : null;
  if (!confPath || !repo.exists(confPath)) problems.push(`nats: ${conf || 'its config'} is not a repository file`);
  else {
    const text = natsConf(repo, confPath);
    const block = natsBlock(text, 'tls') ?? '';
    if (!block.includes(`cert_file: ${TLS_DIR}/`) || !block.includes(`key_file: ${TLS_DIR}/`))
      problems.push(`${confPath}: no tls { cert_file, key_file } from ${TLS_DIR}`);
    if (!natsBlock(text, 'jetstream') || !natsBlock(text, 'accounts'))
      problems.push(`${confPath}: does not keep nats.conf's jetstream and accounts (include ./nats.conf)`);
  }
  for (const service of ['postgres', 'nats', 'temporal-schema', 'temporal', 'keycloak', ...NATS_CLIENTS]) {
    if (!tlsMounted(service)) problems.push(`${service}: ./tls is not mounted at ${TLS_DIR}`);
  }
  for (const service of NATS_CLIENTS) {
    const env = envOf(tls.services[service] ?? {});
    if (env['PGSSLMODE'] !== 'verify-full') problems.push(`${service}: PGSSLMODE is not verify-full`);
    if (env['NODE_EXTRA_CA_CERTS'] !== `${TLS_DIR}/ca.crt`) problems.push(`${service}: NODE_EXTRA_CA_CERTS is not ${TLS_DIR}/ca.crt`);
  }
  if (envOf(tls.services['temporal'] ?? {})['POSTGRES_TLS_ENABLED'] !== 'true') problems.push('temporal: POSTGRES_TLS_ENABLED is not true');
  if (envOf(tls.services['temporal-schema'] ?? {})['SQL_TLS'] !== 'true') problems.push('temporal-schema: SQL_TLS is not true');
  if (!/sslmode=verify-full/.test(envOf(tls.services['keycloak'] ?? {})['KC_DB_URL_PROPERTIES'] ?? ''))
    problems.push('keycloak: KC_DB_URL_PROPERTIES does not verify-full');
  for (const name of Object.keys(tls.services)) if (!base.services[name]) problems.push(`${TLS}: ${name} is not a service of docker-compose.yml`);
  return problems;
}

/**
 * docker-compose.cluster-tls.yml, over the cluster and TLS overrides: each NATS node serves TLS to its clients
 * and on its routes (the certificate files of ./tls, mounted), with the cluster's routes and JetStream kept;
 * postgres-replica serves TLS, and its WAL stream verifies the primary.
 */
function checkClusterTls(clusterTls: Compose, cluster: Compose, tls: Compose, base: Compose, repo: Repo): string[] {
  const problems: string[] = [];
  const tlsMounted = (s: Service) => mountsOf(s).some((m) => m.type === 'bind' && repoPath(m.source) === 'tls' && m.target === TLS_DIR);
  const certs = (block: string | null) => !!block && block.includes(`cert_file: ${TLS_DIR}/`) && block.includes(`key_file: ${TLS_DIR}/`);
  for (const node of NATS_NODES) {
    const o = clusterTls.services[node];
    if (!o) {
      problems.push(`${CLUSTER_TLS}: no ${node} service`);
      continue;
    }
    // The node's mounts: nats's from docker-compose.yml and the TLS override, nats-2's and nats-3's from the cluster override and this one.
    const mounts = {
      volumes: [base.services[node], cluster.services[node], tls.services[node], o].flatMap((x) => (Array.isArray(x?.['volumes']) ? x['volumes'] : [])),
    };
    const command = commandOf(o);
    const conf = command[command.indexOf('-c') + 1] ?? '';
    const confPath = command.includes('-c') ? hostPathFor(mounts, conf) : null;
    if (!confPath || !repo.exists(confPath)) {
      problems.push(`${node}: ${conf || 'its config'} is not a mounted repository file`);
      continue;
    }
    const text = natsConf(repo, confPath);
    const clusterBlock = natsBlock(text, 'cluster') ?? '';
    if (!certs(natsBlock(clusterBlock, 'tls'))) problems.push(`${confPath}: its routes have no tls { cert_file, key_file } from ${TLS_DIR}`);
    if (!certs(natsBlock(text.replace(clusterBlock, ''), 'tls'))) problems.push(`${confPath}: no tls { cert_file, key_file } for clients from ${TLS_DIR}`);
    for (const peer of NATS_NODES)
      if (!new RegExp(`nats-route://(?:[^@\\s]+@)?${peer}:6222`).test(clusterBlock)) problems.push(`${confPath}: no route to ${peer}`);
    if (!/(^|\s)sync_interval\s*[:=]\s*"?always"?/m.test(natsBlock(text, 'jetstream') ?? '') || !natsBlock(text, 'accounts'))
      problems.push(`${confPath}: does not keep the cluster node's jetstream and accounts (include ./cluster-node.conf)`);
    if (!tlsMounted(mounts)) problems.push(`${node}: ./tls is not mounted at ${TLS_DIR}`);
  }
  const replica = clusterTls.services['postgres-replica'];
  if (!replica) problems.push(`${CLUSTER_TLS}: no postgres-replica service`);
  else {
    const command = commandOf(replica).join(' ');
    if (!/-c ssl=on\b/.test(command) || !command.includes(`ssl_cert_file=${TLS_DIR}/`) || !command.includes(`ssl_key_file=${TLS_DIR}/`))
      problems.push('postgres-replica: not ssl=on with the certificate and key of ./tls');
    const script = (
      Array.isArray(cluster.services['postgres-replica']?.['entrypoint']) ? (cluster.services['postgres-replica']!['entrypoint'] as unknown[]) : []
    )
      .map((e) => hostPathFor(cluster.services['postgres-replica'] ?? {}, str(e)))
      .find((x): x is string => x !== null);
    if (!script || !/exec\s+docker-entrypoint\.sh\s+postgres\b.*"\$@"/.test(repo.read(script)))
      problems.push('postgres-replica: its entrypoint does not pass its arguments on to the server');
    const env = envOf(replica);
    if (env['PRIMARY_SSLMODE'] !== 'verify-full' || env['PRIMARY_SSLROOTCERT'] !== `${TLS_DIR}/ca.crt`)
      problems.push(`postgres-replica: its replication does not verify the primary (PRIMARY_SSLMODE verify-full, PRIMARY_SSLROOTCERT ${TLS_DIR}/ca.crt)`);
    else if (!script || !/PGSSLMODE=\$PRIMARY_SSLMODE/.test(repo.read(script)) || !/PGSSLROOTCERT=\$PRIMARY_SSLROOTCERT/.test(repo.read(script)))
      problems.push('postgres-replica: its entrypoint does not give PRIMARY_SSLMODE and PRIMARY_SSLROOTCERT to pg_basebackup');
    // Container-wide, libpq would verify the healthcheck's 127.0.0.1 against the certificate, and fail.
    if ('PGSSLMODE' in env) problems.push('postgres-replica: PGSSLMODE set for the whole container breaks its healthcheck (pg_isready on 127.0.0.1)');
    if (!tlsMounted(replica)) problems.push(`postgres-replica: ./tls is not mounted at ${TLS_DIR}`);
  }
  for (const name of Object.keys(clusterTls.services))
    if (!cluster.services[name] && !base.services[name]) problems.push(`${CLUSTER_TLS}: ${name} is not a service of the cluster`);
  return problems;
}

/** The IT admin's guide covers what the files leave to the admin. */
function checkGuide(repo: Repo): string[] {
  if (!repo.exists(GUIDE)) return [`${GUIDE} does not exist`];
  const text = repo.read(GUIDE);
  const headings = [...text.matchAll(/^#{2,3}\s+(.+)$/gm)].map((m) => m[1].toLowerCase());
  const problems: string[] = [];
  for (const [what, pattern] of [
    ['single machine', /single machine|one machine/],
    ['cluster', /cluster/],
    ['secrets', /secret/],
    ['upgrade order', /upgrad/],
    ['migrations', /migration/],
    ['TLS between services', /tls between services/],
    ['backups', /backup/],
  ] as const) {
    if (!headings.some((h) => pattern.test(h))) problems.push(`${GUIDE}: no section on ${what}`);
  }
  for (const file of [CLUSTER, TLS, DEMO]) if (!text.includes(file)) problems.push(`${GUIDE}: does not name ${file}`);
  return problems;
}

// ---------------------------------------------------------------------------------
// The real files
// ---------------------------------------------------------------------------------

const composeText = disk.read('docker-compose.yml');
const clusterText = disk.read(CLUSTER);
const tlsText = disk.read(TLS);
const demoText = disk.read(DEMO);
const clusterTlsText = disk.read(CLUSTER_TLS);

describe('docker-compose.yml', () => {
  let compose: Compose;
  beforeAll(() => {
    compose = loadCompose(composeText);
  });

  it('parses (anchors and << merges resolved, no duplicate keys)', () => {
    expect(() => loadCompose(composeText)).not.toThrow();
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining([...Object.keys(APPS), 'postgres', 'nats', 'temporal', 'temporal-ui', 'keycloak', 'migrate']),
    );
  });

  it('shares one anchored block between the app services', () => {
    expect(composeText).toMatch(/^x-app: &app$/m);
    expect((composeText.match(/^\s+<<: \*app$/gm) ?? []).length).toBe(Object.keys(APPS).length);
  });

  it('builds every app from infra/docker/Dockerfile with its APP arg and PORT', () => {
    expect(checkAppServices(compose)).toEqual([]);
  });

  it('pins every image (compose and Dockerfile) to an explicit version', () => {
    expect(checkImagesPinned(compose, disk)).toEqual([]);
  });

  it('wires each app to postgres, nats, temporal and keycloak by service name', () => {
    expect(checkAppEnvironment(compose)).toEqual([]);
  });

  it('keeps secrets out of the file and documents them in .env.example', () => {
    expect(checkSecrets(compose, disk, composeText)).toEqual([]);
  });

  it('starts apps after healthy infrastructure and a successful migrate', () => {
    expect(checkDependencies(compose, disk)).toEqual([]);
  });

  it('runs migrations and the seed as a one-shot migrate job', () => {
    expect(checkMigrate(compose)).toEqual([]);
  });

  it('runs NATS with the repository config: JetStream, sync_interval always, store on a volume', () => {
    expect(checkNats(compose, disk)).toEqual([]);
  });

  it('creates the temporal, temporal_visibility and keycloak databases in postgres', () => {
    expect(checkPostgres(compose, disk)).toEqual([]);
  });

  it('runs Temporal on postgres with the repository dynamic config and the fengqiao namespace', () => {
    expect(checkTemporal(compose, disk)).toEqual([]);
  });

  it('runs Keycloak in production mode, importing the production realm template with its placeholders filled', () => {
    expect(checkKeycloak(compose, disk)).toEqual([]);
  });

  it('serves the console with nginx: security headers, /api/ and /open311/ to the gateway', () => {
    expect(checkConsole(compose, disk)).toEqual([]);
  });

  it("sets Temporal's schema up with temporal-sql-tool before the server starts", () => {
    expect(checkTemporalSchema(compose, disk)).toEqual([]);
  });

  it('admits no anonymous NATS client: a user per service, passwords from .env, a system account', () => {
    expect(checkNatsAccounts(compose, disk)).toEqual([]);
  });

  it('checks the apps’ readiness (/health/ready), with a start period', () => {
    expect(checkReadiness(compose)).toEqual([]);
  });

  it('limits every service’s CPU and memory', () => {
    expect(checkResources(compose)).toEqual([]);
  });

  it('publishes ports for the console, gateway, keycloak and the operators’ views (temporal-ui, jaeger, prometheus) only', () => {
    expect(checkPorts(compose)).toEqual([]);
  });

  it('mounts only host files that exist', () => {
    expect(checkBindSources(compose, disk)).toEqual([]);
  });
});

describe('the overrides', () => {
  const base = loadCompose(composeText);

  it(`${CLUSTER}: three NATS nodes, R3 streams, a PostgreSQL replica for insights, two of every app`, () => {
    expect(checkCluster(loadCompose(clusterText), base, disk)).toEqual([]);
  });

  it(`${TLS}: TLS to PostgreSQL and NATS, verified by every client`, () => {
    expect(checkTls(loadCompose(tlsText), base, disk)).toEqual([]);
  });

  it(`${CLUSTER_TLS}: TLS on every NATS node's clients and routes, and on the PostgreSQL replica`, () => {
    expect(checkClusterTls(loadCompose(clusterTlsText), loadCompose(clusterText), loadCompose(tlsText), base, disk)).toEqual([]);
  });

  it(`${DEMO}: dev mode, the dev realm and the demo county for a trial`, () => {
    expect(checkDemo(loadCompose(demoText), base, disk)).toEqual([]);
  });

  it('keep secrets out of the files and document them in .env.example', () => {
    for (const text of [clusterText, tlsText, clusterTlsText, demoText]) expect(checkSecrets(loadCompose(text), disk, text)).toEqual([]);
  });

  it('mount only host files that exist (./tls aside: the admin makes it)', () => {
    for (const text of [clusterText, demoText]) expect(checkBindSources(loadCompose(text), disk)).toEqual([]);
  });
});

describe(GUIDE, () => {
  it('covers one machine, the cluster, secrets, upgrades, migrations, TLS and backups', () => {
    expect(checkGuide(disk)).toEqual([]);
  });
});

describe('infra/docker/Dockerfile', () => {
  it('builds every app in a build stage and runs one as non-root', () => {
    expect(checkDockerfile(disk)).toEqual([]);
  });

  it('has a .dockerignore that keeps host builds, caches and secrets out', () => {
    expect(checkDockerignore(disk)).toEqual([]);
  });

  it('matches the apps: each app project builds into dist/<app>', () => {
    expect(checkAppProjects(disk)).toEqual([]);
  });

  it('matches the services: every migrate script the job runs has its source', () => {
    expect(checkMigrateSources(disk)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------
// The rules catch broken files
// ---------------------------------------------------------------------------------

describe('the checks catch broken files', () => {
  const fresh = () => loadCompose(composeText);
  const svc = (c: Compose, name: string) => {
    const service = c.services[name];
    if (!service) throw new Error(`fixture lacks ${name}`);
    return service;
  };
  const env = (c: Compose, name: string) => svc(c, name)['environment'] as Dict;

  it('rejects unparseable YAML and duplicate keys', () => {
    expect(() => loadCompose('services:\n  a: [')).toThrow();
    expect(() => loadCompose('services:\n  a: {}\n  a: {}\n')).toThrow();
  });

  it('rejects latest, missing and non-version tags', () => {
    expect(imageProblem('postgres:latest')).not.toBeNull();
    expect(imageProblem('postgres')).not.toBeNull();
    expect(imageProblem('registry:5000/team/postgres')).not.toBeNull();
    expect(imageProblem('postgres:16')).not.toBeNull();
    expect(imageProblem('nats:alpine')).not.toBeNull();
    expect(imageProblem('postgres:16.13-bookworm')).toBeNull();
    expect(imageProblem('registry:5000/team/ui:2.53.3')).toBeNull();
    const c = fresh();
    svc(c, 'nats')['image'] = 'nats:latest';
    expect(checkImagesPinned(c, disk)).toEqual([expect.stringContaining('nats')]);
    const unpinnedBase = withFiles(disk, { [DOCKERFILE]: 'FROM node AS build\nFROM build\n' });
    expect(checkImagesPinned(fresh(), unpinnedBase)).toEqual([expect.stringContaining(DOCKERFILE)]);
  });

  it('notices a missing app, a wrong APP arg, another Dockerfile or a wrong PORT', () => {
    let c = fresh();
    delete c.services['insights'];
    expect(checkAppServices(c)).toEqual([expect.stringContaining('insights')]);
    c = fresh();
    (svc(c, 'intake')['build'] as Dict)['args'] = { APP: 'mediation' };
    expect(checkAppServices(c)).toEqual([expect.stringContaining('intake: build arg APP')]);
    c = fresh();
    svc(c, 'petitions')['build'] = { context: '.', dockerfile: 'Dockerfile', args: { APP: 'petitions' } };
    expect(checkAppServices(c)).toEqual([expect.stringContaining('petitions: dockerfile')]);
    c = fresh();
    env(c, 'legal-aid')['PORT'] = '3000';
    expect(checkAppServices(c)).toEqual([expect.stringContaining('legal-aid: PORT')]);
  });

  it('notices environment that points elsewhere', () => {
    const cases: Array<[string, string, string]> = [
      ['DATABASE_URL', 'postgres://fengqiao_app:${FENGQIAO_APP_DB_PASSWORD:?x}@localhost:5432/fengqiao', 'DATABASE_URL host'],
      ['DATABASE_URL', 'postgres://fengqiao_app:hunter2@postgres:5432/fengqiao', 'DATABASE_URL password'],
      ['NATS_URL', 'nats://127.0.0.1:4222', 'NATS_URL'],
      ['TEMPORAL_ADDRESS', 'localhost:7233', 'TEMPORAL_ADDRESS'],
      ['KEYCLOAK_URL', 'http://localhost:8080', 'KEYCLOAK_URL'],
      ['PII_KEYRING', 'k1:AAAA;active=k1', 'PII_KEYRING'],
    ];
    for (const [key, value, message] of cases) {
      const c = fresh();
      env(c, 'mediation')[key] = value;
      expect(checkAppEnvironment(c)).toEqual([expect.stringContaining(`mediation: ${message}`)]);
    }
    const c = fresh();
    delete env(c, 'gateway')['KEYCLOAK_AUDIENCE'];
    expect(checkAppEnvironment(c)).toEqual(['gateway: KEYCLOAK_AUDIENCE is not fq-gateway']);
  });

  it('notices a written-out secret and an undocumented variable', () => {
    const c = fresh();
    env(c, 'postgres')['POSTGRES_PASSWORD'] = 'postgres';
    expect(checkSecrets(c, disk, composeText)).toEqual([expect.stringContaining('postgres: POSTGRES_PASSWORD')]);
    const example = disk.read('.env.example').replace(/^PII_KEYRING=.*$/m, '');
    expect(checkSecrets(fresh(), withFiles(disk, { '.env.example': example }), composeText)).toEqual(['.env.example does not document PII_KEYRING']);
  });

  it('notices missing dependencies and waits that can never end', () => {
    // Aliased blocks are one shared object after parsing: edit a copy.
    const without = (c: Compose, app: string, dep: string) => {
      const deps = { ...(svc(c, app)['depends_on'] as Dict) };
      delete deps[dep];
      svc(c, app)['depends_on'] = deps;
    };
    let c = fresh();
    without(c, 'orchestrator', 'migrate');
    expect(checkDependencies(c, disk)).toEqual([expect.stringContaining('orchestrator: depends_on migrate')]);
    c = fresh();
    without(c, 'gateway', 'keycloak');
    expect(checkDependencies(c, disk)).toEqual([expect.stringContaining('gateway: depends_on keycloak')]);
    c = fresh();
    delete svc(c, 'nats')['healthcheck'];
    expect(checkDependencies(c, disk)).toContain('intake: waits for nats to be healthy, but nats has no healthcheck');
    c = fresh();
    svc(c, 'migrate')['restart'] = 'unless-stopped';
    expect(checkDependencies(c, disk)).toContain('gateway: waits for migrate to complete, but migrate restarts forever');
  });

  it('notices a migrate job that runs the wrong thing', () => {
    const c = fresh();
    svc(c, 'migrate')['command'] = ['node', 'dist/gateway/apps/gateway/src/main.js'];
    expect(checkMigrate(c)).toEqual(expect.arrayContaining([expect.stringContaining('does not run dist/intake/apps/intake/src/migrate.js')]));
    const gone = fresh();
    delete gone.services['migrate'];
    expect(checkMigrate(gone)).toEqual(['no migrate service']);
  });

  it('notices NATS without sync_interval: always, or without its config', () => {
    const confPath = hostPathFor(svc(fresh(), 'nats'), '/etc/nats/nats.conf') ?? 'infra/nats/nats.conf';
    const conf = disk.read(confPath);
    const relaxed = conf.replace(/^(\s*)sync_interval:.*$/m, '$1sync_interval: "2m"');
    expect(checkNats(fresh(), withFiles(disk, { [confPath]: relaxed }))).toEqual([expect.stringContaining('sync_interval')]);
    const commented = conf.replace(/^(\s*)sync_interval:/m, '$1# sync_interval:');
    expect(checkNats(fresh(), withFiles(disk, { [confPath]: commented }))).toEqual([expect.stringContaining('sync_interval')]);
    expect(checkNats(fresh(), withFiles(disk, { [confPath]: null }))).toEqual([expect.stringContaining('does not exist')]);
    const c = fresh();
    svc(c, 'nats')['command'] = [];
    expect(checkNats(c, disk)).toEqual([expect.stringContaining('does not pass a config file')]);
  });

  it('notices a missing realm file or import flag, dev mode, the dev realm or an unfilled placeholder', () => {
    expect(checkKeycloak(fresh(), withFiles(disk, { [REALM_PROD]: null }))).toEqual([`keycloak: realm file ${REALM_PROD} does not exist`]);
    const present = withFiles(disk, { [REALM_PROD]: '{"realm":"fengqiao"}' });
    let c = fresh();
    svc(c, 'keycloak')['command'] = ['start'];
    expect(checkKeycloak(c, present)).toEqual(['keycloak: command lacks --import-realm']);
    c = fresh();
    svc(c, 'keycloak')['command'] = ['start-dev', '--import-realm'];
    expect(checkKeycloak(c, disk)).toEqual([expect.stringContaining('not production mode')]);
    c = fresh();
    (svc(c, 'keycloak')['volumes'] as Dict[])[0]!['source'] = `./${REALM_DEV}`;
    expect(checkKeycloak(c, disk)).toEqual([expect.stringContaining('expected the production realm template')]);
    c = fresh();
    delete env(c, 'keycloak')['FQ_CONSOLE_URL'];
    expect(checkKeycloak(c, disk)).toEqual(["keycloak: the realm's placeholder ${FQ_CONSOLE_URL} is not in its environment"]);
    c = fresh();
    env(c, 'keycloak')['KC_HOSTNAME'] = 'http://localhost:8080';
    expect(checkKeycloak(c, disk)).toEqual([expect.stringContaining('KC_HOSTNAME')]);
  });

  it('notices a demo override that keeps production mode or mounts the dev realm beside the production one', () => {
    const base = fresh();
    let d = loadCompose(demoText);
    svc(d, 'keycloak')['command'] = ['start', '--import-realm'];
    expect(checkDemo(d, base, disk)).toEqual([expect.stringContaining('start-dev')]);
    d = loadCompose(demoText);
    (svc(d, 'keycloak')['volumes'] as Dict[])[0]!['target'] = '/opt/keycloak/data/import/dev.json';
    expect(checkDemo(d, base, disk)).toEqual([expect.stringContaining('import both')]);
    d = loadCompose(demoText);
    delete env(d, 'migrate')['SEED_DEMO_COUNTY'];
    expect(checkDemo(d, base, disk)).toEqual([expect.stringContaining('demo county')]);
    const seeding = fresh();
    env(seeding, 'migrate')['SEED_DEMO_COUNTY'] = '${SEED_DEMO_COUNTY-1}';
    expect(checkDemo(loadCompose(demoText), seeding, disk)).toEqual(['migrate: loads the demo county by default']);
  });

  it('notices a console without a header, with a location that drops them, or proxying elsewhere', () => {
    const server = 'infra/console/templates/default.conf.template';
    const headers = 'infra/console/templates/security-headers.inc.template';
    const noCsp = disk.read(headers).replace(/^add_header Content-Security-Policy.*$/m, '');
    expect(checkConsole(fresh(), withFiles(disk, { [headers]: noCsp }))).toEqual(
      expect.arrayContaining([expect.stringContaining('Content-Security-Policy'), expect.stringContaining('frame-ancestors')]),
    );
    const dropping = disk.read(server).replace(/(location \/assets\/ \{\n)\s*include [^\n]*\n/, '$1');
    expect(checkConsole(fresh(), withFiles(disk, { [server]: dropping }))).toEqual([expect.stringContaining('/assets/')]);
    const elsewhere = disk.read(server).replace('set $gateway http://gateway:3000;', 'set $gateway http://intake:3101;');
    expect(checkConsole(fresh(), withFiles(disk, { [server]: elsewhere }))).toEqual([
      'console: /api/ is not proxied to http://gateway:3000',
      'console: /open311/ is not proxied to http://gateway:3000',
    ]);
    const c = fresh();
    (svc(c, 'console')['build'] as Dict)['target'] = 'runtime';
    expect(checkConsole(c, disk)).toEqual([expect.stringContaining('console stage')]);
  });

  it("notices a Temporal schema job that skips Temporal's tool or a database", () => {
    const script = 'infra/temporal/setup-schema.sh';
    const skipped = disk.read(script).replace(/^sql_tool temporal_visibility update-schema.*$/m, '');
    expect(checkTemporalSchema(fresh(), withFiles(disk, { [script]: skipped }))).toEqual([`${script}: no update-schema of temporal_visibility`]);
    const c = fresh();
    svc(c, 'temporal')['depends_on'] = { postgres: { condition: 'service_healthy' } };
    expect(checkTemporalSchema(c, disk)).toEqual(['temporal: does not wait for temporal-schema to complete']);
  });

  it('notices anonymous NATS access, a written-out password, or an app logging in as another', () => {
    const accounts = 'infra/nats/accounts.conf';
    const text = disk.read(accounts);
    expect(checkNatsAccounts(fresh(), withFiles(disk, { [accounts]: `${text}\nno_auth_user: gateway\n` }))).toEqual([expect.stringContaining('no_auth_user')]);
    expect(checkNatsAccounts(fresh(), withFiles(disk, { [accounts]: text.replace('$NATS_INTAKE_PASSWORD', 'hunter2') }))).toEqual(
      expect.arrayContaining([expect.stringContaining('password of intake is written out')]),
    );
    // Without system_account, SYS is one more account of users: both are said.
    expect(checkNatsAccounts(fresh(), withFiles(disk, { [accounts]: text.replace(/^system_account:.*$/m, '') }))).toEqual([
      expect.stringContaining('system account'),
      expect.stringContaining('not in one account (found FENGQIAO, SYS)'),
    ]);
    expect(checkNatsAccounts(fresh(), withFiles(disk, { 'infra/nats/nats.conf': disk.read('infra/nats/nats.conf').replace(/^include .*$/m, '') }))).toEqual(
      expect.arrayContaining([expect.stringContaining('system account'), expect.stringContaining('NATS user gateway is not in')]),
    );
    let c = fresh();
    env(c, 'mediation')['NATS_URL'] = 'nats://intake:${NATS_INTAKE_PASSWORD:?x}@nats:4222';
    expect(checkNatsAccounts(c, disk)).toEqual(['mediation: NATS_URL logs in as intake, not as mediation']);
    c = fresh();
    env(c, 'webhooks')['NATS_URL'] = 'nats://nats:4222';
    expect(checkNatsAccounts(c, disk)).toEqual([expect.stringContaining('webhooks: NATS_URL "nats://nats:4222" does not log in')]);
    c = fresh();
    env(c, 'nats')['NATS_SYS_PASSWORD'] = 'sys';
    expect(checkNatsAccounts(c, disk)).toEqual([expect.stringContaining('NATS_SYS_PASSWORD')]);
  });

  it('notices a liveness-only healthcheck and a service without limits', () => {
    let c = fresh();
    svc(c, 'insights')['healthcheck'] = { test: ['CMD', 'node', '-e', "require('http').get('http://127.0.0.1:3107/health')"], start_period: '60s' };
    expect(checkReadiness(c)).toEqual(['insights: healthcheck does not ask /health/ready']);
    c = fresh();
    svc(c, 'gateway')['healthcheck'] = { ...(svc(c, 'gateway')['healthcheck'] as Dict), start_period: undefined };
    expect(checkReadiness(c)).toEqual(['gateway: healthcheck has no start_period']);
    c = fresh();
    delete svc(c, 'jaeger')['deploy'];
    svc(c, 'orchestrator')['deploy'] = { resources: { limits: { cpus: '1' } } };
    expect(checkResources(c)).toEqual([expect.stringContaining('jaeger'), expect.stringContaining('orchestrator')]);
  });

  it('notices a cluster without a route, with a shared volume, an R1 app, one replica, or insights on the primary', () => {
    const base = fresh();
    // The node's settings and its routes are files nats-cluster.conf includes: the problems name nats-cluster.conf.
    const conf = 'infra/nats/nats-cluster.conf';
    const routes = 'infra/nats/cluster-routes.conf';
    const noRoute = disk.read(routes).replace(/^\s*nats-route:\/\/nats-3:6222\s*$/m, '');
    expect(checkCluster(loadCompose(clusterText), base, withFiles(disk, { [routes]: noRoute }))).toEqual(NATS_NODES.map(() => `${conf}: no route to nats-3`));
    const node = 'infra/nats/cluster-node.conf';
    const relaxed = disk.read(node).replace(/^(\s*)sync_interval:.*$/m, '$1sync_interval: "2m"');
    expect(checkCluster(loadCompose(clusterText), base, withFiles(disk, { [node]: relaxed }))).toEqual(
      NATS_NODES.map(() => `${conf}: jetstream has no sync_interval: always`),
    );
    let k = loadCompose(clusterText);
    (svc(k, 'nats-3')['volumes'] as unknown[])[1] = 'nats-2-data:/data';
    expect(checkCluster(k, base, disk)).toEqual(['nats-3: shares the volume nats-2-data with another node']);
    k = loadCompose(clusterText);
    svc(k, 'nats-2')['environment'] = { ...envOf(svc(k, 'nats-2')), NATS_SERVER_NAME: 'fengqiao-nats' };
    expect(checkCluster(k, base, disk)).toEqual(["nats-2: server_name fengqiao-nats is another node's"]);
    k = loadCompose(clusterText);
    env(k, 'petitions')['NATS_STREAM_REPLICAS'] = '1';
    expect(checkCluster(k, base, disk)).toEqual(['petitions: NATS_STREAM_REPLICAS is not 3']);
    k = loadCompose(clusterText);
    env(k, 'intake')['NATS_URL'] = 'nats://intake:${NATS_INTAKE_PASSWORD:?x}@nats:4222';
    expect(checkCluster(k, base, disk)).toEqual([expect.stringContaining('intake: NATS_URL does not list')]);
    k = loadCompose(clusterText);
    svc(k, 'key-persons')['deploy'] = {};
    expect(checkCluster(k, base, disk)).toEqual(['key-persons: deploy.replicas is not 2']);
    k = loadCompose(clusterText);
    delete svc(k, 'gateway')['ports'];
    expect(checkCluster(k, base, disk)).toEqual([expect.stringContaining('gateway: two replicas publish')]);
    k = loadCompose(clusterText);
    env(k, 'insights')['INSIGHTS_READ_DATABASE_URL'] = 'postgres://fengqiao_app:${FENGQIAO_APP_DB_PASSWORD:?x}@postgres:5432/fengqiao';
    expect(checkCluster(k, base, disk)).toEqual(['insights: INSIGHTS_READ_DATABASE_URL is not the postgres-replica service']);
    const script = 'infra/postgres/replica/start-replica.sh';
    const noFollow = disk.read(script).replace(/ -R /, ' ');
    expect(checkCluster(loadCompose(clusterText), base, withFiles(disk, { [script]: noFollow }))).toEqual([expect.stringContaining('pg_basebackup -R')]);
    const init = 'infra/postgres/init/02-replication.sh';
    expect(checkCluster(loadCompose(clusterText), base, withFiles(disk, { [init]: null }))).toEqual([expect.stringContaining('replication role')]);
    k = loadCompose(clusterText);
    delete svc(k, 'postgres-replica')['deploy'];
    expect(checkCluster(k, base, disk)).toEqual(['postgres-replica: no deploy.resources.limits (cpus and memory)']);
  });

  it('notices a TLS override that leaves a client unverified or the server without certificates', () => {
    const base = fresh();
    let t = loadCompose(tlsText);
    env(t, 'orchestrator')['PGSSLMODE'] = 'require';
    expect(checkTls(t, base, disk)).toEqual(['orchestrator: PGSSLMODE is not verify-full']);
    t = loadCompose(tlsText);
    svc(t, 'postgres')['command'] = ['postgres'];
    expect(checkTls(t, base, disk)).toEqual([expect.stringContaining('postgres: not ssl=on')]);
    const conf = 'infra/nats/nats-tls.conf';
    expect(checkTls(loadCompose(tlsText), base, withFiles(disk, { [conf]: 'include ./nats.conf\n' }))).toEqual([expect.stringContaining('no tls {')]);
    expect(checkTls(loadCompose(tlsText), base, withFiles(disk, { [conf]: disk.read(conf).replace(/^include .*$/m, '') }))).toEqual([
      expect.stringContaining('include ./nats.conf'),
    ]);
    t = loadCompose(tlsText);
    svc(t, 'keycloak')['environment'] = {};
    expect(checkTls(t, base, disk)).toEqual(['keycloak: KC_DB_URL_PROPERTIES does not verify-full']);
    t = loadCompose(tlsText);
    svc(t, 'webhooks')['volumes'] = [];
    expect(checkTls(t, base, disk)).toEqual([`webhooks: ./tls is not mounted at ${TLS_DIR}`]);
  });

  it('notices a cluster-TLS override with a plain route, a node left plain, or a replica without TLS', () => {
    const base = fresh();
    const cluster = loadCompose(clusterText);
    const tls = loadCompose(tlsText);
    const conf = 'infra/nats/nats-cluster-tls.conf';
    const plainRoutes = disk.read(conf).replace(/(cluster \{[^]*?)tls \{[^}]*\}/, '$1');
    expect(checkClusterTls(loadCompose(clusterTlsText), cluster, tls, base, withFiles(disk, { [conf]: plainRoutes }))).toEqual(
      NATS_NODES.map(() => expect.stringContaining('its routes have no tls')),
    );
    let t = loadCompose(clusterTlsText);
    svc(t, 'nats-3')['command'] = ['-c', '/etc/nats/nats-cluster.conf'];
    expect(checkClusterTls(t, cluster, tls, base, disk)).toEqual([
      expect.stringContaining('nats-cluster.conf: its routes have no tls'),
      expect.stringContaining('nats-cluster.conf: no tls { cert_file, key_file } for clients'),
    ]);
    t = loadCompose(clusterTlsText);
    svc(t, 'nats-2')['volumes'] = [];
    expect(checkClusterTls(t, cluster, tls, base, disk)).toEqual([`nats-2: ./tls is not mounted at ${TLS_DIR}`]);
    t = loadCompose(clusterTlsText);
    delete svc(t, 'postgres-replica')['command'];
    expect(checkClusterTls(t, cluster, tls, base, disk)).toEqual([expect.stringContaining('postgres-replica: not ssl=on')]);
    t = loadCompose(clusterTlsText);
    env(t, 'postgres-replica')['PRIMARY_SSLMODE'] = 'prefer';
    expect(checkClusterTls(t, cluster, tls, base, disk)).toEqual([expect.stringContaining('its replication does not verify the primary')]);
    t = loadCompose(clusterTlsText);
    env(t, 'postgres-replica')['PGSSLMODE'] = 'verify-full';
    expect(checkClusterTls(t, cluster, tls, base, disk)).toEqual([expect.stringContaining('breaks its healthcheck')]);
    const script = 'infra/postgres/replica/start-replica.sh';
    const dropsArgs = disk.read(script).replace(' "$@"', '');
    expect(checkClusterTls(loadCompose(clusterTlsText), cluster, tls, base, withFiles(disk, { [script]: dropsArgs }))).toEqual([
      'postgres-replica: its entrypoint does not pass its arguments on to the server',
    ]);
  });

  it('notices a guide without a section the admin needs', () => {
    const text = disk.read(GUIDE);
    const noTls = text.replace(/^(#{2,3}\s+.*)TLS between services/gim, '$1Transport');
    expect(checkGuide(withFiles(disk, { [GUIDE]: noTls }))).toEqual([`${GUIDE}: no section on TLS between services`]);
    const noUpgrade = text.replace(/^(#{2,3}\s+.*)[Uu]pgrad\w*/gm, '$1Changes');
    expect(checkGuide(withFiles(disk, { [GUIDE]: noUpgrade }))).toEqual([`${GUIDE}: no section on upgrade order`]);
  });

  it('notices an extra published port', () => {
    const c = fresh();
    svc(c, 'postgres')['ports'] = ['5432:5432'];
    svc(c, 'nats')['ports'] = [{ target: 8222, published: '8222' }];
    expect(checkPorts(c)).toEqual([expect.stringContaining('postgres: publishes'), expect.stringContaining('nats: publishes')]);
  });

  it('notices a bind mount of a missing file', () => {
    const c = fresh();
    svc(c, 'temporal')['volumes'] = ['./infra/temporal/nowhere:/etc/temporal/config/dynamicconfig:ro'];
    expect(checkBindSources(c, disk)).toEqual([expect.stringContaining('nowhere')]);
    expect(checkTemporal(c, disk)).toEqual([expect.stringContaining('dynamic config')]);
  });

  it('notices missing databases in the postgres init script', () => {
    const postgres = svc(fresh(), 'postgres');
    const initDir = hostPathFor(postgres, '/docker-entrypoint-initdb.d') ?? '';
    const script = `${initDir}/01-databases.sh`;
    const edited = disk.read(script).replace(/CREATE DATABASE temporal_visibility/g, '-- removed');
    expect(checkPostgres(fresh(), withFiles(disk, { [script]: edited }))).toEqual([`${script}: does not create database temporal_visibility`]);
  });

  it('notices a Dockerfile that skips a step or runs as root', () => {
    const dockerfile = disk.read(DOCKERFILE);
    const variants: Array<[string, string]> = [
      [dockerfile.replace(/npm prune --omit=dev/, 'true'), 'prune'],
      [dockerfile.replace(/nx run-many -t build/, 'nx run-many -t build --projects=gateway'), 'nx run-many'],
      [dockerfile.replace(/^USER .*$/m, 'USER root'), 'runs as root'],
      [dockerfile.replace(/^HEALTHCHECK[\s\S]*?\n(?=\n)/m, ''), 'HEALTHCHECK'],
      [dockerfile.replace(/^COPY --from=build \S*\/dist \.\/dist$/m, ''), 'copy dist'], // the runtime stage's (the console stage copies dist/console)
      [dockerfile.replace(/^COPY .*tsconfig\.base\.json.*$/m, ''), 'copy tsconfig.base.json'],
    ];
    for (const [text, message] of variants) {
      expect(checkDockerfile(withFiles(disk, { [DOCKERFILE]: text }))).toEqual([expect.stringContaining(message)]);
    }
    expect(checkDockerignore(withFiles(disk, { '.dockerignore': 'node_modules\n' }))).toContain('.dockerignore does not exclude dist');
  });

  it('notices an app whose build does not write dist/<app>', () => {
    const path = 'apps/intake/project.json';
    const project = JSON.parse(disk.read(path)) as { targets: Record<string, unknown> };
    project.targets['build'] = { executor: 'nx:run-commands', options: { command: 'tsc -p apps/intake/tsconfig.app.json --outDir out/intake' } };
    expect(checkAppProjects(withFiles(disk, { [path]: JSON.stringify(project) }))).toEqual([`${path}: build target does not write dist/intake`]);
  });
});
