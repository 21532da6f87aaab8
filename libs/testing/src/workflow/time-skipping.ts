import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type LogEntry, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWorkflows } from '@fengqiao/temporal';
import { waitFor } from '../wait-for';

/** Temporal's Java time-skipping test server, provisioned by `tools/infra/infra.sh`. */
export function testServerPath(): string {
  return process.env['TEMPORAL_TEST_SERVER'] ?? `${homedir()}/.cache/fengqiao/bin/temporal-test-server`;
}

let launcherDir: string | undefined;

/**
 * A time-skipping server whose clock starts at `startAt` (without it, now). Each call starts its
 * own server process. The start goes through a one-line launcher that sets FQ_TEST_SERVER_START_MS
 * (read by tools/infra/temporal-test-server/src/FengqiaoTestServer.java): Jest gives each test file
 * its own copy of process.env, which never reaches the environment the SDK spawns the server with.
 */
export async function createTimeSkippingEnv(startAt?: string | number): Promise<TestWorkflowEnvironment> {
  let path = testServerPath();
  if (startAt !== undefined) {
    const ms = typeof startAt === 'number' ? startAt : Date.parse(startAt);
    if (!Number.isFinite(ms)) throw new Error(`unreadable server start ${startAt}`);
    launcherDir ??= mkdtempSync(join(tmpdir(), 'fq-test-server-'));
    path = join(launcherDir, `start-${ms}.sh`);
    writeFileSync(path, `#!/usr/bin/env bash\nexport FQ_TEST_SERVER_START_MS=${ms}\nexec ${JSON.stringify(testServerPath())} "$@"\n`);
    chmodSync(path, 0o755);
  }
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
}

/** Skips the server clock forward to `instant` (no real waiting); never backwards. */
export async function skipTo(env: TestWorkflowEnvironment, instant: string | number): Promise<void> {
  const target = typeof instant === 'number' ? instant : Date.parse(instant);
  const now = await env.currentTimeMs();
  if (target > now) await env.sleep(target - now);
}

/** Polls until `probe` returns a value (see waitFor), failing after a real-time deadline. */
export function eventually<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 20_000): Promise<T> {
  return waitFor(probe, { what, timeoutMs, intervalMs: 50 });
}

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/** Bundles a workflow entry once per process (bundling takes seconds). */
export function bundleOnce(workflowsPath: string, o: { tracing?: boolean } = {}): Promise<WorkflowBundleWithSourceMap> {
  const key = o.tracing === false ? `${workflowsPath} (untraced)` : workflowsPath;
  let bundle = bundles.get(key);
  if (!bundle) {
    bundle = bundleWorkflows(workflowsPath, undefined, o);
    bundles.set(key, bundle);
  }
  return bundle;
}

let logsQuieted = false;

/**
 * Keeps the SDK's warnings and errors (a failing workflow task shows up there) but drops its
 * per-worker chatter. FQ_TEMPORAL_LOG=INFO (or DEBUG) shows everything.
 */
export function quietTemporalLogs(): void {
  if (logsQuieted) return;
  logsQuieted = true;
  const level = (process.env['FQ_TEMPORAL_LOG'] ?? 'WARN') as 'WARN' | 'INFO' | 'DEBUG';
  const chatter = /^No (activities|workflows|Nexus services) registered/;
  const log = new DefaultLogger(level);
  try {
    Runtime.install({
      logger: new DefaultLogger(level, (entry: LogEntry) => {
        if (!chatter.test(entry.message)) log.log(entry.level, entry.message, entry.meta);
      }),
      telemetryOptions: {
        // The Java test server does not advertise every capability: core warns once per worker.
        logging: { filter: level === 'WARN' ? 'temporalio_sdk_core=WARN,temporalio_sdk_core::worker=ERROR,temporalio_sdk_core::worker::workflow=WARN' : level },
      },
    });
  } catch {
    // a runtime already exists in this module registry: keep its settings
  }
}
