/**
 * Records test/histories/*.json for replay.workflow-spec.ts: runs the deadline run on the time-skipping
 * server with the fake adapter and saves each run's history.
 *
 *   npx nx run workflow-hotline-order:record-histories
 *
 * Keep old files as long as runs recorded with that code may still be open in production.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { historyToJSON } from '@fengqiao/testing/workflow';
import {
  callsWhen,
  close,
  completed,
  createFakeAdapter,
  createTimeSkippingEnv,
  DAY,
  HOUR,
  iso,
  quietTemporalLogs,
  skipTo,
  startDeadline,
  startWorkers,
  type FakeAdapter,
} from './support/hotline-order.harness';

const PREFIX = 'record-hl';
const OUT = join(__dirname, 'histories');
const START = '2026-12-07T09:00:00+08:00';

type Scenario = (env: TestWorkflowEnvironment, adapter: FakeAdapter) => Promise<WorkflowHandle>;

const scenarios: Array<[string, Scenario]> = [
  [
    // Five days to the deadline: warned a day before, overdue when it falls.
    'warned-overdue.json',
    async (env, adapter) => {
      const orderNo = 'GS12345-REC-1';
      const deadline = (await env.currentTimeMs()) + 5 * DAY;
      const handle = await startDeadline(env, { centre: 'gs-demo', orderNo, deadline: iso(deadline), queuePrefix: PREFIX });
      await skipTo(env, deadline + HOUR);
      await callsWhen(adapter, orderNo, (c) => c.length === 2, 'warned and overdue');
      await completed(env, handle);
      return handle;
    },
  ],
  [
    // Warned, then the result recorded before the deadline: the run stops.
    'warned-finished.json',
    async (env, adapter) => {
      const orderNo = 'GS12345-REC-2';
      const deadline = (await env.currentTimeMs()) + 2 * DAY;
      const handle = await startDeadline(env, { centre: 'gs-demo', orderNo, deadline: iso(deadline), queuePrefix: PREFIX });
      await skipTo(env, deadline - 12 * HOUR);
      await callsWhen(adapter, orderNo, (c) => c.length === 1, 'warned');
      await close(handle, 'finished', iso(await env.currentTimeMs()));
      await completed(env, handle);
      return handle;
    },
  ],
];

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  quietTemporalLogs();
  const env = await createTimeSkippingEnv(START);
  const adapter = createFakeAdapter();
  const workers = await startWorkers(env, PREFIX, adapter);
  try {
    for (const [file, run] of scenarios) {
      const handle = await run(env, adapter);
      const history = await handle.fetchHistory();
      writeFileSync(join(OUT, file), `${await historyToJSON(history)}\n`);
      console.log(`recorded ${file} (${history.events?.length} events)`);
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
