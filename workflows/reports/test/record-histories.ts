/**
 * Records test/histories/*.json for replay.workflow-spec.ts: runs the monthly report on the
 * time-skipping server with the fake insights activities and saves each run's history.
 *
 *   npx nx run workflow-reports:record-histories
 *
 * Keep old files as long as runs recorded with that code may still be open in production.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { completed, createFakeInsights, createTimeSkippingEnv, quietTemporalLogs, startMonthlyReport, startWorkers } from './support/reports.harness';
import { historyToJSON } from '@fengqiao/testing/workflow';
import { createFakeIntake, startRollCall, startRollCallWorkers } from './support/check-in.harness';

const PREFIX = 'record-reports';
const OUT = join(__dirname, 'histories');

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  quietTemporalLogs();
  // The Schedule's time: 5 December 2026, 08:00 Beijing time.
  const env = await createTimeSkippingEnv('2026-12-05T08:00:00+08:00');
  const insights = createFakeInsights();
  const workers = await startWorkers(env, PREFIX, insights);
  try {
    const runs: Array<[string, Parameters<typeof startMonthlyReport>[2]]> = [
      ['scheduled-previous-month.json', { queuePrefix: PREFIX }],
      ['admin-month-one-unit.json', { month: '2026-10', orgUnits: ['621102101'], queuePrefix: PREFIX, requestedBy: 'admin' }],
    ];
    for (const [file, input] of runs) {
      const handle = await startMonthlyReport(env, `${PREFIX}.${file.replace('.json', '')}`, input);
      await completed(env, handle);
      const history = await handle.fetchHistory();
      writeFileSync(join(OUT, file), `${await historyToJSON(history)}\n`);
      console.log(`recorded ${file} (${history.events?.length} events)`);
    }
    // The check-in roll call of the demo county at 10:00 on the Schedule's day.
    const intakeWorkers = await startRollCallWorkers(env, `${PREFIX}-check-in`, createFakeIntake());
    try {
      const handle = await startRollCall(env, `${PREFIX}.check-in-roll-call`, { county: '621102', hour: 10, minute: 0, queuePrefix: `${PREFIX}-check-in` });
      await completed(env, handle);
      const history = await handle.fetchHistory();
      writeFileSync(join(OUT, 'check-in-roll-call.json'), `${await historyToJSON(history)}\n`);
      console.log(`recorded check-in-roll-call.json (${history.events?.length} events)`);
    } finally {
      await intakeWorkers.stop();
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
