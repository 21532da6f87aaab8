/**
 * Records test/histories/*.json for replay.workflow-spec.ts: runs supervision on the time-skipping
 * server with the fake key-persons service and saves each run's history.
 *
 *   npx nx run workflow-key-person-supervision:record-histories
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
  completed,
  createFakeService,
  createTimeSkippingEnv,
  DAY,
  HOUR,
  iso,
  quietTemporalLogs,
  signal,
  skipTo,
  startPurge,
  startSupervision,
  startWorkers,
  type FakeService,
} from './support/key-persons.harness';

const PREFIX = 'record-kp';
const OUT = join(__dirname, 'histories');
const START = '2027-03-01T10:00:00+08:00';
const person = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

type Scenario = (env: TestWorkflowEnvironment, service: FakeService) => Promise<WorkflowHandle>;

const scenarios: Array<[string, Scenario]> = [
  [
    // A high-risk person: the contact missed (yellow, red), then made; a risk change to medium; removal.
    'missed-contact-risk-change-removed.json',
    async (env, service) => {
      const personId = person(1);
      const registeredAt = iso(await env.currentTimeMs());
      const handle = await startSupervision(env, { personId, orgUnit: '621102101', riskLevel: 'high', registeredAt, queuePrefix: PREFIX });
      await skipTo(env, Date.parse(registeredAt) + 9 * DAY + HOUR);
      await callsWhen(service, personId, (c) => c.filter((x) => x.name === 'raiseWarning').length === 2, 'yellow and red');
      await signal(handle, 'contactRecorded', { contactId: 'c-1', at: iso(await env.currentTimeMs()) });
      await signal(handle, 'riskChanged', { riskLevel: 'medium', at: iso(await env.currentTimeMs()) });
      await callsWhen(service, personId, (c) => c.filter((x) => x.name === 'planObligation').length === 5, 'the re-plans');
      await signal(handle, 'removed', { at: iso(await env.currentTimeMs()) });
      await completed(env, handle);
      return handle;
    },
  ],
  [
    // A special period: one day reported, one missed (yellow, red); an assessment approved; removal.
    'special-period-assessment-removed.json',
    async (env, service) => {
      const personId = person(2);
      const now = await env.currentTimeMs();
      const day = (n: number) => new Date(now + 8 * HOUR + n * DAY).toISOString().slice(0, 10);
      const handle = await startSupervision(env, { personId, orgUnit: '621102102', riskLevel: 'low', registeredAt: iso(now), queuePrefix: PREFIX });
      await signal(handle, 'specialPeriodDeclared', { periodId: 'p-1', startsOn: day(0), endsOn: day(1) });
      await callsWhen(service, personId, (c) => c.filter((x) => x.name === 'planObligation').length === 5, 'the days planned');
      await signal(handle, 'dailyReportRecorded', { periodId: 'p-1', day: day(0), at: iso(now + HOUR) });
      await skipTo(env, now + 3 * DAY);
      await callsWhen(service, personId, (c) => c.filter((x) => x.name === 'raiseWarning').length === 2, 'day 2 yellow and red');
      await signal(handle, 'assessmentApproved', { assessmentId: 'a-1', at: iso(await env.currentTimeMs()), riskLevel: 'medium' });
      await callsWhen(service, personId, (c) => c.filter((x) => x.name === 'obligationMet').length === 2, 'the assessment met');
      await signal(handle, 'removed', { at: iso(await env.currentTimeMs()) });
      await completed(env, handle);
      return handle;
    },
  ],
  ['purge.json', async (env) => completedHandle(env, await startPurge(env, `${PREFIX}.purge`, { queuePrefix: PREFIX }))],
];

async function completedHandle(env: TestWorkflowEnvironment, handle: WorkflowHandle): Promise<WorkflowHandle> {
  await completed(env, handle);
  return handle;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  quietTemporalLogs();
  const env = await createTimeSkippingEnv(START);
  const service = createFakeService();
  const workers = await startWorkers(env, PREFIX, service);
  try {
    for (const [file, run] of scenarios) {
      const handle = await run(env, service);
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
