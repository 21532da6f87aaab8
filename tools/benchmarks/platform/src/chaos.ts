import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client as PgClient } from 'pg';
import type { CaseView } from '@fengqiao/contracts';
import { findWorkspaceRoot } from '@fengqiao/temporal';
import {
  sampleCase,
  startApp,
  startPlatform,
  type Platform,
  type RunningApp,
  postWithRetries,
  Tally,
  reconcile,
  findLeftBehind,
  DISPUTE_WALK,
  type Acknowledged,
} from '@fengqiao/testing';
import { parseChaosOptions, type ChaosTarget } from './chaos-options';
import { PrivateInfra, type InfraService } from './private-infra';
import { freshSql } from './fresh-sql';

/**
 * `npm run chaos` (not a test): registrations and a first action under load while each app, then
 * nats-server, PostgreSQL and the Temporal server, is killed (-9) and restarted in turn. Clients retry
 * with the same Idempotency-Key as real ones do. It reconciles every acknowledged case and action at
 * the end and prints lost, duplicated, workflows and events missing, and the time to recover from each
 * kill. The servers it kills are its own copies (tools/infra/infra.sh on other ports), never the shared ones.
 */
const CLERK = 'clerk.621102101';
const APPS = ['gateway', 'intake', 'orchestrator'] as const;
type AppName = (typeof APPS)[number];
const INFRA: readonly ChaosTarget[] = ['nats', 'postgres', 'temporal'];

const say = (s: string) => process.stdout.write(`${s}\n`);

interface Recovery {
  target: ChaosTarget;
  /** From the kill to the first registration sent after it that was answered 201. */
  recoverMs: number;
}

async function main() {
  const o = parseChaosOptions(process.argv.slice(2), process.env);
  const root = findWorkspaceRoot();
  const infra = new PrivateInfra(root, join(tmpdir(), `fq-chaos-${process.pid}`));
  say(`fengqiao chaos: ${o.clients} clients; kills ${o.targets.join(' → ')}, ${o.gapSeconds} s apart`);
  say(`starting private PostgreSQL, nats-server and Temporal (${infra.stateDir})…`);
  await infra.up();
  // Whatever happens next, the private servers go down with the run.
  process.once('exit', () => void infra.downSync());
  Object.assign(process.env, infra.urls());
  const env = { LOG_LEVEL: 'warn', WORKFLOW_BUNDLE: resolve(root, 'dist/orchestrator/workflow-bundle.js') };
  const p: Platform = await startPlatform('chaos', { env });
  const apps: Record<AppName, RunningApp> = { gateway: p.gateway, intake: p.intake, orchestrator: p.orchestrator };
  const restartApp = async (name: AppName) => {
    apps[name] = await startApp(name, p.ctx.appEnv(env), { port: apps[name].port, readyTimeoutMs: 120_000 });
  };
  const tally = new Tally();
  const acknowledged: Acknowledged[] = [];
  const replied: Array<{ caseId: string; type: string }> = [];
  const unfinished: string[] = [];
  const token = () => p.ctx.tokenFor(CLERK);
  let n = 0;

  /** One logical registration and its first action, each retried until it is acknowledged. */
  const registerAndReply = async (label: string): Promise<boolean> => {
    const key = `${p.ctx.prefix}-${label}-${n++}`;
    const deadline = Date.now() + o.patienceSeconds * 1000;
    const made = await postWithRetries(() => apps.gateway.url, '/api/v1/cases', {
      token,
      key,
      body: sampleCase({ title: `混沌 ${key}` }),
      want: 201,
      deadline,
      tally,
    });
    if (made?.status !== 201) {
      unfinished.push(`${key}: registration ${made ? `answered ${made.status}` : 'never answered 201'}`);
      return false;
    }
    const c = made.body as CaseView;
    acknowledged.push({ key, caseId: c.id, workflowId: c.workflowId });
    const reply = await postWithRetries(() => apps.gateway.url, `/api/v1/cases/${c.id}/actions/reply`, {
      token,
      key: `${key}-reply`,
      body: DISPUTE_WALK[0]!.body,
      want: 200,
      deadline: Date.now() + o.patienceSeconds * 1000,
      tally,
    });
    if (reply?.status !== 200) {
      unfinished.push(`${key}: reply ${reply ? `answered ${reply.status}` : 'never answered 200'}`);
      return true;
    }
    const timeline = (reply.body as CaseView).timeline;
    replied.push({ caseId: c.id, type: timeline[timeline.length - 1]!.type });
    return true;
  };

  // One token before the clients start: concurrent first logins of one user trip Keycloak's brute-force guard.
  await token();
  let running = true;
  const clients = Array.from({ length: o.clients }, async (_, i) => {
    while (running) await registerAndReply(`c${i}`);
  });

  const recoveries: Recovery[] = [];
  try {
    for (const target of o.targets) {
      await sleep(o.gapSeconds * 1000);
      say(`  kill -9 ${target}`);
      const killedAt = Date.now();
      if (INFRA.includes(target)) {
        infra.kill(target as InfraService);
        await sleep(500); // down for a moment, not a blip
        await upWithRetries(infra, target as InfraService);
      } else {
        await apps[target as AppName].kill();
        await restartApp(target as AppName);
      }
      // A process that died of the outage is restarted, as its supervisor (Docker, systemd) would.
      for (const name of APPS)
        if (!(await healthy(apps[name]))) {
          await apps[name].kill(); // a process that is alive but not answering goes too
          await restartApp(name);
        }
      const probe = await registerAndReply(`probe-${target}`);
      recoveries.push({ target, recoverMs: probe ? Date.now() - killedAt : Number.NaN });
      say(`    recovered in ${((Date.now() - killedAt) / 1000).toFixed(1)} s`);
    }
    await sleep(o.gapSeconds * 1000);
  } finally {
    running = false;
    await Promise.all(clients);
  }

  say('reconciling (waiting for the event relay and the visibility index)…');
  const found = await findLeftBehind({ ...p.ctx, sql: (text) => freshSql(p, text) }, acknowledged, 120_000);
  const r = reconcile(acknowledged, found);
  const actionsDuplicated = await duplicatedReplies(p, replied);
  const ok = r.ok && actionsDuplicated === 0 && tally.serverErrors === 0 && unfinished.length === 0;
  say('');
  say(`registrations acknowledged ${r.acknowledged}, replies acknowledged ${replied.length}`);
  say(
    `lost ${r.lost}, duplicated ${r.duplicated}, workflows missing ${r.workflowsMissing}, workflows duplicated ${r.workflowsDuplicated}, events missing ${r.eventsMissing}, events duplicated ${r.eventsDuplicated}, replies recorded twice ${actionsDuplicated}`,
  );
  say(`answers seen by the clients: ${tally.summary()}; server errors (5xx other than 503): ${tally.serverErrors}`);
  if (unfinished.length) say(`not acknowledged within ${o.patienceSeconds} s:\n  ${unfinished.slice(0, 10).join('\n  ')}`);
  say(`recovery after each kill: ${recoveries.map((x) => `${x.target} ${(x.recoverMs / 1000).toFixed(1)} s`).join(', ')}`);
  say(ok ? 'chaos: held' : 'chaos: FAILED');

  const out = resolve(root, o.outDir);
  mkdirSync(out, { recursive: true });
  writeFileSync(
    resolve(out, 'chaos-latest.json'),
    `${JSON.stringify({ finishedAt: new Date().toISOString(), options: o, reconciliation: r, actionsDuplicated, statuses: Object.fromEntries(tally.statuses), dropped: tally.dropped, unfinished, recoveries, ok }, null, 2)}\n`,
  );
  await Promise.all(APPS.map((a) => apps[a].stop()));
  await Promise.all([...p.mediation, ...p.petitions, ...p.legalAid].map((a) => a.stop()));
  await p.ctx.dispose().catch(() => undefined);
  await infra.down();
  process.exitCode = ok ? 0 : 2;
}

async function healthy(app: RunningApp): Promise<boolean> {
  return fetch(`${app.url}/health`, { signal: AbortSignal.timeout(5000) }).then(
    (r) => r.ok,
    () => false,
  );
}

/** A PostgreSQL killed -9 leaves backends that take a moment to notice: starting again may need a retry. */
async function upWithRetries(infra: PrivateInfra, service: InfraService): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      await infra.up(service);
      return;
    } catch (e) {
      if (i >= 5) throw e;
      await sleep(1000);
    }
  }
}

/** Acknowledged replies whose step shows more than once on the case's timeline. */
async function duplicatedReplies(p: Platform, replied: ReadonlyArray<{ caseId: string; type: string }>): Promise<number> {
  const db = new PgClient({ connectionString: p.ctx.databaseUrl });
  await db.connect();
  await db.query(`SET fq.scope = '*'`);
  let twice = 0;
  for (const r of replied) {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM intake.case_timeline WHERE case_id = $1 AND type = $2`, [r.caseId, r.type]);
    if ((rows[0]?.n ?? 0) !== 1) twice++;
  }
  await db.end();
  return twice;
}

main().catch((e: unknown) => {
  process.stderr.write(`chaos failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
