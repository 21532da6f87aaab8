import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { freePort, waitFor } from '@fengqiao/testing';
import { ensureEventsStream, natsConnectionOptions, PrefixedNatsClient } from '../src';

/**
 * The Compose deployment's NATS configuration (infra/nats/*.conf, with its accounts.conf) run by a real
 * nats-server (the binary tools/infra builds), on ports of the test's own: no anonymous client gets in,
 * an app gets in with the user and password of its NATS_URL, and three nodes of nats-cluster.conf keep
 * FQ_EVENTS three times (NATS_STREAM_REPLICAS=3), and three nodes of nats-cluster-tls.conf do so over TLS routes
 * and let in TLS clients only.
 */
const ROOT = resolve(__dirname, '../../..');
const BIN = process.env['NATS_SERVER_BIN'] ?? join(process.env['FQ_CACHE_DIR'] ?? join(homedir(), '.cache', 'fengqiao'), 'bin', 'nats-server');
const USERS = ['GATEWAY', 'INTAKE', 'MEDIATION', 'LEGAL_AID', 'PETITIONS', 'KEY_PERSONS', 'ORCHESTRATOR', 'INSIGHTS', 'WEBHOOKS', 'HOTLINE', 'MIGRATE', 'SYS'];
const PASSWORDS = Object.fromEntries(USERS.map((u) => [`NATS_${u}_PASSWORD`, `pw${u.toLowerCase().replace(/_/g, '')}`]));

interface Node {
  url: (user?: string) => string;
  stop: () => Promise<void>;
}

const started: Node[] = [];

async function startNode(conf: string, o: { env?: Record<string, string>; cluster?: { port: number; routes: number[] }; tlsDir?: string } = {}): Promise<Node> {
  const dir = mkdtempSync(join(tmpdir(), 'fq-nats-accounts-'));
  // The repository's files as Compose mounts them, the JetStream store moved to a directory of the test's own
  // (nats-server refuses -sd beside a store_dir) and ./tls's mount point to the test's certificates; the
  // addresses are command-line flags, which win over the file.
  cpSync(join(ROOT, 'infra/nats'), join(dir, 'etc'), { recursive: true });
  let moved = false;
  for (const file of readdirSync(join(dir, 'etc')).filter((f) => f.endsWith('.conf'))) {
    const text = readFileSync(join(dir, 'etc', file), 'utf8');
    moved ||= text.includes('store_dir: /data/jetstream');
    writeFileSync(
      join(dir, 'etc', file),
      text
        .replace('store_dir: /data/jetstream', `store_dir: ${JSON.stringify(join(dir, 'store'))}`)
        .replaceAll('/etc/fengqiao/tls', o.tlsDir ?? '/nonexistent'),
    );
  }
  if (!moved) throw new Error(`${conf}: no store_dir /data/jetstream to move`);
  const confPath = join(dir, 'etc', conf);
  const tls = o.tlsDir ? { tls: { caFile: join(o.tlsDir, 'ca.crt') } } : {};
  const port = await freePort();
  const cluster = o.cluster
    ? ['--cluster', `nats://127.0.0.1:${o.cluster.port}`, '--routes', o.cluster.routes.map((p) => `nats-route://127.0.0.1:${p}`).join(',')]
    : [];
  const child: ChildProcess = spawn(BIN, ['-c', confPath, '-a', '127.0.0.1', '-p', String(port), '-m', String(await freePort()), ...cluster], {
    env: { ...process.env, ...PASSWORDS, ...o.env },
    stdio: 'ignore',
  });
  const node: Node = {
    url: (user) =>
      user ? `nats://${user}:${PASSWORDS[`NATS_${user.toUpperCase().replace(/-/g, '_')}_PASSWORD`]}@127.0.0.1:${port}` : `nats://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null) {
        const done = new Promise((ok) => child.once('exit', ok));
        child.kill('SIGTERM');
        await done;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  started.push(node);
  await waitFor(
    async () => {
      const nc = await connect({ ...natsConnectionOptions(node.url('intake'), 'probe'), ...tls, reconnect: false }).catch(() => undefined);
      await nc?.close();
      return nc !== undefined;
    },
    { what: `nats-server (${conf}) on ${port}`, timeoutMs: 20_000, intervalMs: 100 },
  );
  return node;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.stop()));
});

describe('infra/nats/nats.conf', () => {
  it('refuses a client without a user and password, and a wrong password', async () => {
    const node = await startNode('nats.conf');
    await expect(connect({ servers: node.url(), reconnect: false })).rejects.toThrow(/Authorization Violation/i);
    await expect(connect({ ...natsConnectionOptions(node.url('intake').replace('pwintake', 'nope'), 'bad'), reconnect: false })).rejects.toThrow(
      /Authorization Violation/i,
    );
  });

  it("lets an app in with its NATS_URL's user, with JetStream in its account, through nats.js and Nest's client", async () => {
    const node = await startNode('nats.conf');
    let nc: NatsConnection | undefined;
    try {
      nc = await connect({ ...natsConnectionOptions(node.url('key-persons'), 'fq-test'), reconnect: false });
      const name = await ensureEventsStream(await nc.jetstreamManager(), 'accounts', 1);
      expect((await (await nc.jetstreamManager()).streams.info(name)).config.num_replicas).toBe(1);
      const client = new PrefixedNatsClient({ servers: node.url('gateway'), name: 'fq-test-gateway' });
      await expect(client.connect()).resolves.toBeDefined();
      await client.close();
    } finally {
      await nc?.close();
    }
  });
});

describe('infra/nats/nats-cluster.conf', () => {
  it('forms one JetStream cluster of three nodes that keeps FQ_EVENTS three times', async () => {
    const routes = [await freePort(), await freePort(), await freePort()];
    const nodes = await Promise.all(
      routes.map((port, i) => startNode('nats-cluster.conf', { env: { NATS_SERVER_NAME: `fengqiao-nats-${i + 1}` }, cluster: { port, routes } })),
    );
    const servers = nodes.map((n) => n.url('insights')).join(',');
    const nc = await connect({ ...natsConnectionOptions(servers, 'fq-test'), reconnect: false });
    try {
      // The meta leader is elected once the routes are up: until then JetStream requests time out or say it is not ready.
      const name = await waitFor(async () => ensureEventsStream(await nc.jetstreamManager(), 'cluster', 3).catch(() => undefined), {
        what: 'FQ_EVENTS on the cluster',
        timeoutMs: 60_000,
        intervalMs: 500,
      });
      const jsm = await nc.jetstreamManager();
      const info = await jsm.streams.info(name);
      expect(info.config.num_replicas).toBe(3);
      expect(info.cluster?.name).toBe('fengqiao');
      expect(info.cluster?.replicas).toHaveLength(2);
    } finally {
      await nc.close();
    }
  });
});

/** A CA and the nodes' certificate as docs/deploy-docker.md makes them, with the names the test reaches them by (nats.js names 127.0.0.1 `localhost`). */
function makeCerts(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fq-nats-tls-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=test CA', '-keyout', 'ca.key', '-out', 'ca.crt');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=nats', '-keyout', 'nats.key', '-out', 'nats.csr');
  writeFileSync(join(dir, 'ext'), 'subjectAltName=DNS:nats,DNS:nats-2,DNS:nats-3,DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n');
  ssl('x509', '-req', '-in', 'nats.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'ext', '-out', 'nats.crt');
  return dir;
}

describe('infra/nats/nats-cluster-tls.conf', () => {
  it('forms the cluster over TLS routes, keeps FQ_EVENTS three times, and lets in TLS clients only', async () => {
    const tlsDir = makeCerts();
    try {
      const routes = [await freePort(), await freePort(), await freePort()];
      const nodes = await Promise.all(
        routes.map((port, i) => startNode('nats-cluster-tls.conf', { env: { NATS_SERVER_NAME: `fengqiao-nats-${i + 1}` }, cluster: { port, routes }, tlsDir })),
      );
      // A client that does not trust the CA gets nowhere: the server speaks TLS only.
      await expect(connect({ ...natsConnectionOptions(nodes[0]!.url('insights'), 'plain'), reconnect: false })).rejects.toThrow();
      const servers = nodes.map((n) => n.url('insights')).join(',');
      const nc = await connect({ ...natsConnectionOptions(servers, 'fq-test'), tls: { caFile: join(tlsDir, 'ca.crt') }, reconnect: false });
      try {
        // Three replicas need the routes, which the file sets up with cluster { tls {} } (infra:test checks the block is there).
        const name = await waitFor(async () => ensureEventsStream(await nc.jetstreamManager(), 'tls', 3).catch(() => undefined), {
          what: 'FQ_EVENTS on the TLS cluster',
          timeoutMs: 60_000,
          intervalMs: 500,
        });
        const info = await (await nc.jetstreamManager()).streams.info(name);
        expect(info.config.num_replicas).toBe(3);
        expect(info.cluster?.replicas).toHaveLength(2);
      } finally {
        await nc.close();
      }
    } finally {
      rmSync(tlsDir, { recursive: true, force: true });
    }
  });
});
