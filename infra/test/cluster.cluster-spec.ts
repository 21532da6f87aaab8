import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Client as PgClient } from 'pg';
import { connect } from 'nats';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { EVENTS_STREAM, type CaseView } from '@fengqiao/contracts';
import { findWorkspaceRoot, temporalCodecFromEnv } from '@fengqiao/temporal';
import { DISPUTE_WALK, findLeftBehind, postWithRetries, reconcile, sampleCase, Tally, tokenFor, type Acknowledged, type Found } from '@fengqiao/testing';

/**
 * The scale-out topology of `tools/infra/infra.sh cluster` under failure. Cases are registered and walked
 * (reply → feedback → rate) through both gateways while one NATS node, then one instance of every app, then
 * the Temporal history service are killed (-9) and brought back. Clients retry with the same Idempotency-Key,
 * as real ones do. Afterwards every acknowledged case is stored once with one workflow and one
 * `case.registered` event, every acknowledged step is on its timeline once, FQ_EVENTS is still kept on three
 * nodes, and the replica has every case. Its own cluster (state dir, ports offset) beside the shared stack.
 */
const ROOT = findWorkspaceRoot();
const STATE = mkdtempSync(join(tmpdir(), 'fq-cluster-'));
chmodSync(STATE, 0o755); // PostgreSQL runs as its own OS user under root, and must reach its data dir
const ENV = { ...process.env, FQ_CLUSTER_DIR: STATE, FQ_CLUSTER_PORT_OFFSET: process.env['FQ_CLUSTER_PORT_OFFSET'] ?? '100' };
const CLERK = 'clerk.621102101';
const TOWN = '621102101';
const CLIENTS = 4;
const GAP_MS = 4000;
/** How long one logical request may take, retries included, across a kill and restart. */
const PATIENCE_MS = 120_000;

const run = promisify(execFile);
const cluster = (...args: string[]) => run('bash', [resolve(ROOT, 'tools/infra/infra.sh'), 'cluster', ...args], { env: ENV, maxBuffer: 64 * 1024 * 1024 });
const say = (s: string) => process.stdout.write(`[cluster] ${s}\n`);

let urls: Record<string, string> = {};

beforeAll(async () => {
  await cluster('up');
  const { stdout } = await cluster('env');
  urls = Object.fromEntries([...stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!.replace(/\\(.)/g, '$1')]));
}, 600_000);

afterAll(async () => {
  await cluster('down').catch((e: unknown) => say(`down failed: ${String(e)}`));
  rmSync(STATE, { recursive: true, force: true });
}, 300_000);

it('loses and duplicates nothing while a NATS node, an instance of every app and Temporal history die and come back', async () => {
  const gateways = urls['FQ_GATEWAY_URLS']!.split(',');
  expect(gateways).toHaveLength(2);
  const tally = new Tally();
  const acknowledged: Acknowledged[] = [];
  const walked: string[] = [];
  const unfinished: string[] = [];
  let turn = 0;
  // Round robin over both gateways, attempt by attempt, as a load balancer in front of them would.
  const gateway = () => gateways[turn++ % gateways.length]!;
  const token = () => tokenFor(CLERK);
  await token(); // one login before the clients start: concurrent first logins trip Keycloak's brute-force guard

  const registerAndWalk = async (key: string) => {
    const made = await postWithRetries(gateway, '/api/v1/cases', {
      token,
      key,
      body: sampleCase({ title: `集群 ${key}` }),
      want: 201,
      deadline: Date.now() + PATIENCE_MS,
      tally,
    });
    if (made?.status !== 201)
      return void unfinished.push(`${key}: registration ${made ? `answered ${made.status} ${String(made.body).slice(0, 200)}` : 'never answered 201'}`);
    const c = made.body as CaseView;
    acknowledged.push({ key, caseId: c.id, workflowId: c.workflowId });
    for (const step of DISPUTE_WALK) {
      const done = await postWithRetries(gateway, `/api/v1/cases/${c.id}/actions/${step.action}`, {
        token,
        key: `${key}-${step.action}`,
        body: step.body,
        want: 200,
        deadline: Date.now() + PATIENCE_MS,
        tally,
      });
      if (done?.status !== 200)
        return void unfinished.push(`${key}: ${step.action} ${done ? `answered ${done.status} ${String(done.body).slice(0, 200)}` : 'never answered 200'}`);
    }
    walked.push(c.id);
  };

  let running = true;
  let n = 0;
  const clients = Array.from({ length: CLIENTS }, async (_, i) => {
    while (running) await registerAndWalk(`cl-${process.pid}-${i}-${n++}`);
  });
  const kill = async (nodes: string[]) => {
    say(`kill -9 ${nodes.join(' ')}`);
    for (const node of nodes) await cluster('kill', node);
    await sleep(GAP_MS); // the survivors carry the load for a while
    say(`bringing back ${nodes.join(' ')}`);
    await cluster('up'); // starts exactly what is not running, and waits until it is ready
  };
  try {
    await sleep(GAP_MS);
    await kill(['nats-2']);
    await sleep(GAP_MS);
    const { stdout } = await cluster('nodes');
    await kill(stdout.split('\n').filter((node) => node.endsWith('-1') && !node.startsWith('nats-')));
    await sleep(GAP_MS);
    await kill(['temporal-history']);
    await sleep(GAP_MS);
  } finally {
    running = false;
    await Promise.all(clients);
  }
  say(`acknowledged ${acknowledged.length} registrations, ${walked.length} walked to the end; answers: ${tally.summary()}`);

  const found = await leftBehind(acknowledged);
  const r = reconcile(acknowledged, found);
  say(`reconciliation: ${JSON.stringify(r)}`);
  expect(unfinished).toEqual([]);
  expect(tally.serverErrors).toBe(0);
  expect(acknowledged.length).toBeGreaterThan(CLIENTS);
  expect(r).toMatchObject({ lost: 0, duplicated: 0, workflowsMissing: 0, workflowsDuplicated: 0, eventsMissing: 0, eventsDuplicated: 0, ok: true });
  expect(await stepsNotOnce(walked)).toEqual([]);
  expect(await eventStreamReplicas()).toEqual({ replicas: 3, current: 3 });
  expect(await casesOnReplica(acknowledged.map((a) => a.caseId))).toBe(acknowledged.length);
}, 900_000);

async function withDb<T>(url: string, fn: (db: PgClient) => Promise<T>): Promise<T> {
  const db = new PgClient({ connectionString: url });
  await db.connect();
  try {
    await db.query(`SET fq.scope = '*'`); // every org unit: the reconciliation reads the whole county
    return await fn(db);
  } finally {
    await db.end();
  }
}

/** What the whole cluster left behind (no prefix: it is a deployment of its own), found by the chaos run's own search. */
async function leftBehind(acked: readonly Acknowledged[]): Promise<Found> {
  const connection = await Connection.connect({ address: urls['TEMPORAL_ADDRESS']! });
  // The apps encrypt payloads (the dev keyring unless TEMPORAL_CODEC_KEYRING is set): listing decodes the memo.
  const temporal = new TemporalClient({
    connection,
    namespace: urls['TEMPORAL_NAMESPACE']!,
    dataConverter: { payloadCodecs: [temporalCodecFromEnv({ NODE_ENV: 'test', TEMPORAL_CODEC_KEYRING: process.env['TEMPORAL_CODEC_KEYRING'] })] },
  });
  const nats = await connect({ servers: urls['NATS_URL']!.split(',') });
  try {
    return await findLeftBehind(
      { temporal, nats, sql: (text) => withDb(urls['DATABASE_URL']!, async (db) => (await db.query(text)).rows) },
      acked,
      120_000,
      TOWN,
    );
  } finally {
    await nats.close();
    await connection.close();
  }
}

/** Walked cases whose steps are not each on the timeline exactly once. */
async function stepsNotOnce(caseIds: readonly string[]): Promise<string[]> {
  return withDb(urls['DATABASE_URL']!, async (db) => {
    const { rows } = await db.query<{ caseId: string; type: string; n: number }>(
      `SELECT case_id::text AS "caseId", type, count(*)::int AS n FROM intake.case_timeline WHERE case_id = ANY($1::uuid[]) AND type = ANY($2) GROUP BY 1, 2`,
      [caseIds, DISPUTE_WALK.map((s) => s.type)],
    );
    const once = new Set(rows.filter((r) => r.n === 1).map((r) => `${r.caseId} ${r.type}`));
    return caseIds.flatMap((id) => DISPUTE_WALK.map((s) => `${id} ${s.type}`)).filter((k) => !once.has(k));
  });
}

/** FQ_EVENTS's replica count and how many of its copies are current after the NATS node came back. */
async function eventStreamReplicas(): Promise<{ replicas: number; current: number }> {
  const nats = await connect({ servers: urls['NATS_URL']!.split(',') });
  try {
    const jsm = await nats.jetstreamManager();
    const until = Date.now() + 60_000;
    for (;;) {
      const info = await jsm.streams.info(EVENTS_STREAM);
      const current = 1 + (info.cluster?.replicas ?? []).filter((p) => p.current && !p.offline).length;
      if (current === info.config.num_replicas || Date.now() > until) return { replicas: info.config.num_replicas, current };
      await sleep(500);
    }
  } finally {
    await nats.close();
  }
}

/** How many of the cases the streaming replica has (it replays the primary's WAL moments behind). */
async function casesOnReplica(caseIds: readonly string[]): Promise<number> {
  const until = Date.now() + 60_000;
  for (;;) {
    const n = await withDb(urls['REPLICA_DATABASE_URL']!, async (db) => {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM intake.cases WHERE id = ANY($1::uuid[])`, [caseIds]);
      return rows[0]!.n;
    });
    if (n === caseIds.length || Date.now() > until) return n;
    await sleep(500);
  }
}
