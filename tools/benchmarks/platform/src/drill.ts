import 'reflect-metadata';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { Client, Connection } from '@temporalio/client';
import type { CaseView, Page } from '@fengqiao/contracts';
import { findWorkspaceRoot, temporalCodecFromEnv } from '@fengqiao/temporal';
import {
  runAppScript,
  sampleCase,
  startApp,
  startPlatform,
  type Platform,
  type RunningApp,
  reconcile,
  findLeftBehind,
  type Acknowledged,
} from '@fengqiao/testing';
import { PrivateInfra } from './private-infra';
import { freshSql } from './fresh-sql';
import { compare, table, type Row, type Snapshot } from './drill-report';

/**
 * `npm run backup:drill` (not a test; the last phase of `npm test`): the backup and restore drill of
 * docs/backup-restore.md. On its own copy of PostgreSQL, nats-server and Temporal (tools/infra/infra.sh on
 * other ports, never the shared servers; Keycloak is the shared one, read only) it starts the platform,
 * walks cases of several kinds to several steps, records what the public API, the audit verifier and
 * Temporal say, backs up with tools/infra/backup.sh, stops the apps, wipes the servers' data, brings them
 * up empty, restores, starts the apps again and compares. Exit 0 when everything is as it was, 2 on
 * any difference, 1 when the drill itself failed.
 */
const CLERK = 'clerk.621102101';
const LEADER = 'leader.621102';
const DISTRICT = '621102';
/** Ports of the drill's own servers: neither the shared stack's nor the chaos run's. */
const PORTS = { pg: 25432, nats: 24222, natsHttp: 28222, temporal: 27233, temporalUi: 28233 };

const say = (s: string) => process.stdout.write(`${s}\n`);

type Step = readonly [action: string, body: unknown];
const reply = (resolved: boolean): Step => ['reply', { message: resolved ? '已受理，当场答复' : '已受理，正在办理', resolved }];
const conclude: Step = ['conclude', { outcome: 'resolved', summary: '已办结' }];
const feedback: Step = ['feedback', { message: '已电话告知处理结果', channel: 'phone' }];
const rate = (score: number): Step => ['rate', { score }];

/** A case to register and walk before the backup; `next` is taken after the restore (the process must go on). */
interface Walk {
  label: string;
  kind: string;
  category?: string;
  steps: Step[];
  next?: Step;
}

const WALKS: Walk[] = [
  { label: 'dispute, closed', kind: 'dispute', steps: [reply(true), feedback, rate(5)] },
  { label: 'dispute, awaiting rating', kind: 'dispute', steps: [reply(true), feedback], next: rate(4) },
  { label: 'dispute, registered', kind: 'dispute', steps: [], next: reply(true) },
  { label: 'consultation, closed', kind: 'consultation', category: 'other', steps: [reply(false), conclude, feedback, rate(5)] },
  { label: 'complaint, awaiting feedback', kind: 'complaint', category: 'other', steps: [reply(false), conclude], next: feedback },
  { label: 'hazard, handling', kind: 'hazard', category: 'other', steps: [reply(false)], next: conclude },
  { label: 'petition, awaiting acceptance', kind: 'petition', category: 'other', steps: [] },
  { label: 'legal aid, awaiting the application', kind: 'legal-aid', category: 'labour', steps: [] },
];

interface Walked extends Acknowledged {
  walk: Walk;
}

interface Clients {
  nats: NatsConnection;
  temporal: Client;
  close(): Promise<void>;
}

async function openClients(p: Platform): Promise<Clients> {
  const nats = await connect({ servers: `nats://127.0.0.1:${PORTS.nats}`, name: `fq-drill-${p.ctx.prefix}` });
  const connection = await Connection.connect({ address: `127.0.0.1:${PORTS.temporal}` });
  const temporal = new Client({
    connection,
    namespace: process.env['TEMPORAL_NAMESPACE'] ?? 'fengqiao',
    dataConverter: { payloadCodecs: [temporalCodecFromEnv({ NODE_ENV: 'test', TEMPORAL_CODEC_KEYRING: process.env['TEMPORAL_CODEC_KEYRING'] })] },
  });
  return {
    nats,
    temporal,
    close: async () => {
      await nats.close().catch(() => undefined);
      await connection.close().catch(() => undefined);
    },
  };
}

class Api {
  constructor(
    private readonly p: Platform,
    public gateway: RunningApp,
  ) {}

  async call(user: string, path: string, body?: unknown, key?: string): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = { authorization: `Bearer ${await this.p.ctx.tokenFor(user)}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (key) headers['idempotency-key'] = key;
    const res = await fetch(`${this.gateway.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  }

  async must<T>(want: number, user: string, path: string, body?: unknown, key?: string): Promise<T> {
    const r = await this.call(user, path, body, key);
    if (r.status !== want)
      throw new Error(`${body === undefined ? 'GET' : 'POST'} ${path} answered ${r.status} (wanted ${want}): ${JSON.stringify(r.body).slice(0, 300)}`);
    return r.body as T;
  }
}

async function register(api: Api, p: Platform, walk: Walk, n: number): Promise<Walked> {
  const key = `${p.ctx.prefix}-drill-${n}`;
  const body = sampleCase({ kind: walk.kind, ...(walk.category ? { category: walk.category } : {}), title: `备份演练 ${walk.label} ${n}` });
  const c = await api.must<CaseView>(201, CLERK, '/api/v1/cases', body, key);
  for (const [action, b] of walk.steps) await api.must(200, CLERK, `/api/v1/cases/${c.id}/actions/${action}`, b);
  return { key, caseId: c.id, workflowId: c.workflowId, walk };
}

/** The audit chain, verified by the intake service's own verifier (the IT admin's `verify-audit`). */
async function verifyAudit(p: Platform, anchor?: { lastSeq: number; lastHash: string }): Promise<Snapshot['audit']> {
  const args = ['--json', ...(anchor ? ['--anchor', `${anchor.lastSeq}:${anchor.lastHash}`] : [])];
  const out = await runAppScript('intake', 'verify-audit.js', args, { ...p.ctx.appEnv(), DATABASE_URL: p.ctx.databaseUrl }).catch((e: unknown) =>
    String(e instanceof Error ? e.message : e),
  );
  const line = out.split('\n').find((l) => l.trim().startsWith('{'));
  if (!line) return { ok: false, count: 0, lastSeq: 0, lastHash: `verify-audit printed no result: ${out.slice(0, 200)}` };
  const r = JSON.parse(line) as Snapshot['audit'];
  return { ok: r.ok, count: r.count, lastSeq: r.lastSeq, lastHash: r.lastHash };
}

async function workflows(c: Clients, walked: readonly Walked[]): Promise<Snapshot['workflows']> {
  const out: Snapshot['workflows'] = {};
  for (const w of walked) {
    let runs = 0;
    for await (const _ of c.temporal.workflow.list({ query: `WorkflowId = '${w.workflowId}'` })) runs++;
    const d = await c.temporal.workflow
      .getHandle(w.workflowId)
      .describe()
      .catch(() => undefined);
    out[w.workflowId] = { runs, status: d?.status.name ?? 'NOT FOUND' };
  }
  return out;
}

/**
 * Waits until nothing is in flight: every outbox row relayed, every consumer of the run's streams
 * caught up (insights' statistics follow the stream), and Temporal's visibility showing each workflow's
 * status (the list the reconciliation reads). The drill then reads a still system. Gives '' when it did,
 * else why not after `patienceMs`.
 */
async function settle(p: Platform, c: Clients, walked: readonly Walked[], patienceMs = 60_000): Promise<string> {
  const deadline = Date.now() + patienceMs;
  let why = '';
  for (;;) {
    why = '';
    const outboxes = await freshSql<{ s: string }>(p, `SELECT table_schema AS s FROM information_schema.tables WHERE table_name = 'outbox'`);
    for (const { s } of outboxes) {
      const [row] = await freshSql<{ n: number }>(p, `SELECT count(*)::int AS n FROM "${s}".outbox WHERE published_at IS NULL`);
      if ((row?.n ?? 0) > 0) why ||= `${row!.n} event(s) waiting in ${s}.outbox`;
    }
    const jsm = await c.nats.jetstreamManager();
    for await (const s of jsm.streams.list()) {
      if (!s.config.name.includes(p.ctx.prefix)) continue;
      for await (const ci of jsm.consumers.list(s.config.name))
        if (ci.num_pending > 0 || ci.num_ack_pending > 0) why ||= `consumer ${ci.name} of ${s.config.name} behind by ${ci.num_pending + ci.num_ack_pending}`;
    }
    for (const w of walked) {
      if (why) break;
      const d = await c.temporal.workflow
        .getHandle(w.workflowId)
        .describe()
        .catch(() => undefined);
      if (!d) {
        why = `workflow ${w.workflowId} not found`;
        break;
      }
      let listed = '';
      for await (const x of c.temporal.workflow.list({ query: `WorkflowId = '${w.workflowId}'` })) if (x.runId === d.runId) listed = x.status.name;
      if (listed !== d.status.name) why = `visibility of ${w.workflowId}: ${listed || 'absent'}, describe: ${d.status.name}`;
    }
    if (!why || Date.now() > deadline) return why;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function snapshot(p: Platform, api: Api, c: Clients, walked: readonly Walked[], anchor?: Snapshot['audit']): Promise<Snapshot> {
  const unsettled = await settle(p, c, walked);
  if (unsettled && !anchor) throw new Error(`the platform did not settle before the backup: ${unsettled}`);
  // The chain first: the reads below are audited, they append to it.
  const audit = await verifyAudit(p, anchor);
  // The chaos run's reconciliation; its workflow listing knows the dispute process (the rows below cover every kind).
  const disputes = walked.filter((w) => w.walk.kind === 'dispute');
  const found = await findLeftBehind({ prefix: p.ctx.prefix, nats: c.nats, temporal: c.temporal, sql: (text) => freshSql(p, text) }, disputes, 30_000);
  const cases: Snapshot['cases'] = {};
  for (const w of walked) {
    const { warning: _w, clocks: _c, ...rest } = await api.must<CaseView>(200, LEADER, `/api/v1/cases/${w.caseId}`);
    cases[w.caseId] = rest;
  }
  const listed: Snapshot['listed'] = {};
  for (let page = 1; ; page++) {
    const r = await api.must<Page<CaseView>>(200, LEADER, `/api/v1/cases?orgUnit=${DISTRICT}&page=${page}`);
    for (const item of r.items) listed[item.id] = (listed[item.id] ?? 0) + 1;
    if (r.items.length === 0 || page * r.pageSize >= r.total) break;
  }
  const stats = {
    district: await api.must(200, LEADER, `/api/v1/stats?orgUnit=${DISTRICT}`),
    town: await api.must(200, CLERK, `/api/v1/stats`),
  };
  const streams: Snapshot['streams'] = {};
  const jsm = await c.nats.jetstreamManager();
  for await (const s of jsm.streams.list()) {
    const consumers: Record<string, number> = {};
    for await (const ci of jsm.consumers.list(s.config.name)) if (ci.config.durable_name) consumers[ci.name] = ci.ack_floor.stream_seq;
    streams[s.config.name] = { messages: s.state.messages, lastSeq: s.state.last_seq, consumers };
  }
  return { unsettled, audit, cases, listed, workflows: await workflows(c, walked), stats, streams, reconciliation: reconcile(disputes, found) };
}

async function main() {
  const argv = process.argv.slice(2);
  const outDir = argv.includes('--out') ? (argv[argv.indexOf('--out') + 1] ?? '.local/bench') : '.local/bench';
  const keep = argv.includes('--keep-backup');
  // `--parts postgres,temporal`: restore only these (backup.sh restore DIR <part>...): the drill must then find differences.
  const parts = argv.includes('--parts') ? (argv[argv.indexOf('--parts') + 1] ?? '').split(',').filter(Boolean) : [];
  const root = findWorkspaceRoot();
  const t0 = Date.now();
  const secs = () => `${((Date.now() - t0) / 1000).toFixed(0)} s`;
  const infra = new PrivateInfra(root, join(tmpdir(), `fq-drill-${process.pid}`), PORTS);
  const backupDir = join(tmpdir(), `fq-drill-${process.pid}-backup`);
  say(`fengqiao backup drill: private PostgreSQL, nats-server and Temporal in ${infra.stateDir} (ports ${PORTS.pg}, ${PORTS.nats}, ${PORTS.temporal})`);
  await infra.up();
  process.once('exit', () => {
    infra.downSync();
    rmSync(infra.stateDir, { recursive: true, force: true });
    if (!keep) rmSync(backupDir, { recursive: true, force: true });
  });
  Object.assign(process.env, infra.urls());
  const env = { LOG_LEVEL: 'warn', WORKFLOW_BUNDLE: resolve(root, 'dist/orchestrator/workflow-bundle.js') };
  const p = await startPlatform('drill', { insights: true, env });
  const apps = { intake: p.intake, orchestrator: p.orchestrator, insights: p.insights!, gateway: p.gateway };
  const api = new Api(p, p.gateway);
  await p.ctx.tokenFor(CLERK);
  await p.ctx.tokenFor(LEADER);

  say(`[${secs()}] walking ${WALKS.length * 2} cases of ${new Set(WALKS.map((w) => w.kind)).size} kinds`);
  const walked: Walked[] = [];
  for (let round = 0; round < 2; round++) for (const walk of WALKS) walked.push(await register(api, p, walk, walked.length));

  let clients = await openClients(p);
  const before = await snapshot(p, api, clients, walked);
  await clients.close();
  // The reads above are in the chain too: its head as the backup will hold it.
  before.audit = await verifyAudit(p);
  say(`[${secs()}] recorded; backing up with tools/infra/backup.sh`);
  await infra.backupScript('backup', backupDir);

  say(`[${secs()}] stopping the apps, wiping PostgreSQL, NATS and Temporal, starting them empty`);
  await Promise.all(Object.values(apps).map((a) => a.stop()));
  await p.ctx.nats.close().catch(() => undefined);
  await infra.wipe();
  await infra.up();
  say(`[${secs()}] restoring${parts.length ? ` only ${parts.join(', ')}` : ''}`);
  await infra.backupScript('restore', backupDir, ...parts);
  say(`[${secs()}] starting the apps again`);
  const appEnv = p.ctx.appEnv(env);
  const [intake, orchestrator, insights] = await Promise.all([startApp('intake', appEnv), startApp('orchestrator', appEnv), startApp('insights', appEnv)]);
  Object.assign(apps, { intake, orchestrator, insights, gateway: await startApp('gateway', appEnv) });
  api.gateway = apps.gateway;

  clients = await openClients(p);
  const after = await snapshot(p, api, clients, walked, before.audit);
  const rows: Row[] = compare(
    walked.map((w) => w.caseId),
    before,
    after,
  );

  // The restored processes go on: the next step of each open case, and a new registration.
  const goOn: string[] = [];
  for (const w of walked.filter((x) => x.walk.next)) {
    const [action, body] = w.walk.next!;
    const r = await api.call(CLERK, `/api/v1/cases/${w.caseId}/actions/${action}`, body);
    if (r.status !== 200) goOn.push(`${w.walk.label}: ${action} answered ${r.status}`);
  }
  const fresh = await api.call(CLERK, '/api/v1/cases', sampleCase({ title: '恢复后新登记' }), `${p.ctx.prefix}-drill-after`);
  if (fresh.status !== 201) goOn.push(`a new registration answered ${fresh.status}`);
  const taken = walked.filter((x) => x.walk.next).length;
  rows.push({
    check: 'processes go on after restore',
    before: `${taken} next steps, 1 registration`,
    after: goOn.length ? `${goOn.length} refused, e.g. ${goOn[0]}` : 'all answered',
    ok: goOn.length === 0,
  });
  await clients.close();

  const ok = rows.every((x) => x.ok);
  say('');
  say(table(rows));
  say('');
  say(`backup drill: ${ok ? 'intact' : 'DIFFERENCES FOUND'} (${secs()})${keep ? `; backup kept in ${backupDir}` : ''}`);
  const out = resolve(root, outDir);
  mkdirSync(out, { recursive: true });
  writeFileSync(resolve(out, 'drill-latest.json'), `${JSON.stringify({ finishedAt: new Date().toISOString(), ok, rows, before, after }, null, 2)}\n`);
  await Promise.all(Object.values(apps).map((a) => a.stop()));
  await p.ctx.temporal.connection.close().catch(() => undefined);
  await infra.down();
  process.exit(ok ? 0 : 2);
}

main().catch((e: unknown) => {
  process.stderr.write(`backup drill failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
