import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { findWorkspaceRoot } from '@fengqiao/temporal';
import { startPlatform, type Platform, reconcile } from '@fengqiao/testing';
import { httpBare, jetstreamPublish, natsRequest, nestNats, pgInsert, temporalNoop, temporalStart, typeormInsert, type Subject } from './baselines';
import { highestRate, ratios, sustained, type Pair, type Row, type SustainedRun } from './figures';
import { closedLoop, openLoop, type Outcome } from './load';
import { parseOptions, WORKFLOW_BUNDLES } from './options';
import { PlatformPaths } from './paths';
import { ratiosTable, reconciliationLine, rowsTable, sustainedLine } from './report';

/**
 * `npm run bench` (not a test): raw baselines, then the platform's paths through the gateway at
 * fixed concurrency steps, a sustained run at half the highest registration rate, and the
 * reconciliation of every acknowledged case. docs/benchmarks.md explains each row.
 */
const PAIRS: Pair[] = [
  { path: 'register', baseline: 'temporal-start' },
  { path: 'action', baseline: 'temporal-noop' },
  { path: 'stats', baseline: 'http-bare' },
  { path: 'board', baseline: 'http-bare' },
  { path: 'nest-nats', baseline: 'nats-request' },
  { path: 'typeorm-insert', baseline: 'pg-insert' },
];

/** How long the bench waits, after the registrations' sustained run, for their processes to catch up. */
const SETTLE_PATIENCE_MS = 180_000;
/** Arrivals allowed to wait at once in the sustained run before further ones are dropped. */
const SUSTAIN_MAX_IN_FLIGHT = 512;

const say = (s: string) => process.stdout.write(`${s}\n`);

async function main() {
  const o = parseOptions(process.argv.slice(2), process.env);
  const root = findWorkspaceRoot();
  const machine = {
    host: hostname(),
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  say(
    `fengqiao bench: ${machine.cpus} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}; steps ${o.steps.join(', ')} × ${o.stepSeconds} s, sustained ${o.sustainSeconds} s, ${o.bundle} workflow bundle`,
  );
  const started = new Date();
  // Other work on the machine shows here: the figures are only this machine's when it was quiet.
  const load = { atStart: loadavg()[0]!, atEnd: Number.NaN };
  const rows: Row[] = [];

  const measure = async (subject: Pick<Subject, 'name' | 'op'>, record = true) => {
    for (const c of o.steps) {
      const run = await closedLoop(c, o.stepSeconds, subject.op);
      const note = [run.exhausted ? 'ran out of cases' : '', ...run.failures].filter(Boolean).join('; ');
      const row: Row = {
        name: subject.name,
        concurrency: c,
        ok: run.ok,
        errors: run.errors,
        seconds: run.seconds,
        perSecond: run.perSecond,
        p50: run.p50,
        p95: run.p95,
        p99: run.p99,
        ...(note ? { note } : {}),
      };
      if (record) rows.push(row);
      say(
        `  ${subject.name.padEnd(18)} ${String(c).padStart(3)} in flight: ${row.perSecond.toFixed(1)}/s, p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms${note ? ` (${note})` : ''}`,
      );
    }
  };
  const warmUp = (op: () => Promise<Outcome>) => closedLoop(Math.min(4, Math.max(...o.steps)), 2, op);

  say('starting the platform (gateway, intake, orchestrator, insights) on its own database, prefix and stream…');
  const p: Platform = await startPlatform('bench', {
    insights: true,
    env: { LOG_LEVEL: 'warn', WORKFLOW_BUNDLE: resolve(root, WORKFLOW_BUNDLES[o.bundle]) },
  });
  try {
    say(`prefix ${p.ctx.prefix}\n\nraw baselines`);
    const poolSize = Math.max(...o.steps);
    for (const make of [
      () => temporalStart(p.ctx),
      () => temporalNoop(p.ctx),
      () => pgInsert(p.ctx, poolSize),
      () => typeormInsert(p.ctx, poolSize),
      () => jetstreamPublish(p.ctx),
      () => natsRequest(p.ctx),
      () => nestNats(p.ctx),
      () => httpBare(),
    ]) {
      const subject = await make();
      try {
        await warmUp(subject.op);
        await measure(subject);
      } finally {
        await subject.close();
      }
    }

    say('\nthe platform through the gateway');
    const paths = new PlatformPaths(p);
    for (const [name, op] of [
      ['register', paths.register],
      ['stats', paths.stats],
      ['board', paths.board],
      ['action', paths.action],
    ] as const) {
      await warmUp(op);
      await measure({ name, op });
    }

    // Each path at half its own highest rate: registrations first, whose cases feed the actions.
    const sustainedResults: SustainedRun[] = [];
    for (const [name, op] of [
      ['register', paths.register],
      ['action', paths.action],
    ] as const) {
      const target = highestRate(rows, name) / 2;
      if (o.sustainSeconds <= 0 || target <= 0) continue;
      say(`\nsustained: ${o.sustainSeconds} s of ${name} at ${target.toFixed(1)}/s (${paths.actionable} cases actionable)`);
      const [from, since] = [paths.acknowledged.length, new Date(Date.now() - 1000)];
      const run = await openLoop(target, o.sustainSeconds, SUSTAIN_MAX_IN_FLIGHT, op);
      // A registration's process goes on after its 201; the actions' run starts once they caught up.
      const settledMs = name === 'register' ? await paths.actionableSince(from, since, SETTLE_PATIENCE_MS) : undefined;
      sustainedResults.push({ path: name, ...sustained(run.samples, run.errors, run.dropped, target, o.sustainSeconds, settledMs), failures: run.failures });
    }

    say('\nreconciling (waiting for the event relay and the visibility index)…');
    const found = await paths.found(120_000);
    const reconciliation = reconcile(paths.acknowledged, found);

    load.atEnd = loadavg()[0]!;
    const ratioRows = ratios(rows, PAIRS);
    say(`\n${rowsTable(rows)}\n\n${ratiosTable(ratioRows)}\n`);
    for (const r of sustainedResults) say(sustainedLine(r, o.sustainSeconds));
    say(reconciliationLine(reconciliation));
    say(`load average (1 min): ${load.atStart.toFixed(1)} at the start, ${load.atEnd.toFixed(1)} at the end, on ${machine.cpus} cores`);

    const out = resolve(root, o.outDir);
    mkdirSync(out, { recursive: true });
    const json = JSON.stringify(
      {
        startedAt: started.toISOString(),
        finishedAt: new Date().toISOString(),
        machine,
        options: o,
        prefix: p.ctx.prefix,
        rows,
        ratios: ratioRows,
        sustained: sustainedResults,
        reconciliation,
        reconciliationWaitMs: found.waitedMs,
      },
      null,
      2,
    );
    const file = resolve(out, `bench-${started.toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${json}\n`);
    writeFileSync(resolve(out, 'latest.json'), `${json}\n`);
    say(`\nwritten ${file} (and latest.json)`);
    if (!reconciliation.ok) process.exitCode = 2;
  } finally {
    await terminateRunning(p);
    await p.stop();
  }
}

/** The run's workflows still running, ended in parallel (the context's cleanup would end them one by one). */
async function terminateRunning(p: Platform): Promise<void> {
  const ids: string[] = [];
  for await (const w of p.ctx.temporal.workflow.list({ query: `ExecutionStatus = 'Running' AND TaskQueue STARTS_WITH '${p.ctx.prefix}.'` }))
    ids.push(w.workflowId);
  const queue = [...ids];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let id = queue.pop(); id; id = queue.pop())
        await p.ctx.temporal.workflow
          .getHandle(id)
          .terminate('benchmark finished')
          .catch(() => undefined);
    }),
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
