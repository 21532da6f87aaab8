/**
 * Regenerates test/histories/*.json for replay.workflow-spec.ts: runs each scenario on the
 * time-skipping server until its red warning is recorded, then saves the run's history.
 *
 *   npx nx run workflow-dispute-path:record-histories
 *
 * Record new histories when the workflow gains behaviour; keep the old files as long as runs
 * recorded with that code may still be open in production.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DisputePathInput } from '@fengqiao/contracts';
import {
  bundleDisputePath,
  caseWithWorkingDays,
  createRecordingIntake,
  createTimeSkippingEnv,
  disputeCase,
  eventually,
  skipTo,
  startDisputePath,
  startWorkers,
  warningReached,
} from './support/dispute-path.harness';
import { historyToJSON } from './support/history-json';

const PREFIX = 'record-dispute-path';
const HOUR = 3_600_000;

const scenarios: { file: string; warnings: number; input: (env: TestWorkflowEnvironment, now: number) => Promise<DisputePathInput> | DisputePathInput }[] = [
  { file: 'on-time-green-yellow-red.json', warnings: 2, input: (env) => caseWithWorkingDays(env, PREFIX, 1) },
  { file: 'late-start-yellow-red.json', warnings: 2, input: (_env, now) => disputeCase(PREFIX, now - 20 * HOUR, now + 2 * HOUR) },
  { file: 'overdue-at-start-red.json', warnings: 1, input: (_env, now) => disputeCase(PREFIX, now - 48 * HOUR, now - HOUR) },
];

async function main(): Promise<void> {
  const env = await createTimeSkippingEnv();
  const intake = createRecordingIntake();
  const workers = await startWorkers(env, PREFIX, await bundleDisputePath(), intake.activities);
  try {
    for (const s of scenarios) {
      const input = await s.input(env, await env.currentTimeMs());
      const handle = await startDisputePath(env, input);
      await skipTo(env, Date.parse(input.firstReplyDue) + 60_000);
      await warningReached(handle, intake, input.caseNo, 'red', s.warnings);
      // Wait until the red activity's result has been handled by a completed workflow task.
      const history = await eventually(async () => {
        const h = await handle.fetchHistory();
        const events = h.events ?? [];
        const completed = events.filter((e) => e.activityTaskCompletedEventAttributes).length;
        return completed === s.warnings && events[events.length - 1]?.workflowTaskCompletedEventAttributes ? h : undefined;
      }, `${s.file}: history after the red warning`);
      await handle.terminate('history recorded');
      writeFileSync(join(__dirname, 'histories', s.file), `${await historyToJSON(history)}\n`);
      console.log(`recorded ${s.file} (${history.events?.length} events)`);
    }
  } finally {
    await workers.stop();
    await env.teardown();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
