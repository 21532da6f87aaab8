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
import { parse } from 'yaml';

const ROOT = resolve(__dirname, '../..');
const DOCKERFILE = 'infra/docker/Dockerfile';
const REALM_DEV = 'infra/keycloak/fengqiao-realm.dev.json';
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
const PUBLISHING_SERVICES = ['gateway', 'keycloak', 'temporal-ui', 'jaeger', 'prometheus', 's3', 'hotline-12345'];

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

function loadCompose(text: string): Compose {
  // merge: true resolves `<<: *anchor` like Compose does; duplicate keys throw.
  const doc: unknown = parse(text, { merge: true });
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

function checkKeycloak(compose: Compose, repo: Repo): string[] {
  const keycloak = compose.services['keycloak'];
  if (!keycloak) return ['no keycloak service'];
  const problems: string[] = [];
  if (!commandOf(keycloak).includes('--import-realm')) problems.push('keycloak: command lacks --import-realm');
  const imports = mountsOf(keycloak).filter((m) => m.type === 'bind' && m.target.startsWith('/opt/keycloak/data/import'));
  if (imports.length === 0) problems.push('keycloak: nothing mounted into /opt/keycloak/data/import');
  for (const m of imports) {
    const source = repoPath(m.source);
    if (source !== REALM_DEV) problems.push(`keycloak: imports ${source}, expected the dev realm ${REALM_DEV}`);
    if (!repo.exists(source)) problems.push(`keycloak: realm file ${source} does not exist`);
  }
  const env = envOf(keycloak);
  if (env['KC_DB'] !== 'postgres' || env['KC_DB_URL_DATABASE'] !== 'keycloak' || env['KC_DB_URL_HOST'] !== 'postgres') {
    problems.push('keycloak: not on the keycloak database of the postgres service');
  }
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

// ---------------------------------------------------------------------------------
// The real files
// ---------------------------------------------------------------------------------

const composeText = disk.read('docker-compose.yml');

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

  it('imports the dev realm file of infra/keycloak/ (which must exist)', () => {
    expect(checkKeycloak(compose, disk)).toEqual([]);
  });

  it('publishes ports for gateway, keycloak and the operators’ views (temporal-ui, jaeger, prometheus) only', () => {
    expect(checkPorts(compose)).toEqual([]);
  });

  it('mounts only host files that exist', () => {
    expect(checkBindSources(compose, disk)).toEqual([]);
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

  it('notices a missing realm file or import flag', () => {
    expect(checkKeycloak(fresh(), withFiles(disk, { [REALM_DEV]: null }))).toEqual([`keycloak: realm file ${REALM_DEV} does not exist`]);
    const present = withFiles(disk, { [REALM_DEV]: '{"realm":"fengqiao"}' });
    const c = fresh();
    svc(c, 'keycloak')['command'] = ['start-dev'];
    expect(checkKeycloak(c, present)).toEqual(['keycloak: command lacks --import-realm']);
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
