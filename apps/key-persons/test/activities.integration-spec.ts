import { resolve } from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { streamName } from '@fengqiao/contracts';
import { JsonLogger } from '@fengqiao/observability';
import { bundleWorkflows, installTemporalLogging, temporalCodecFromEnv, workerTelemetry } from '@fengqiao/temporal';
import { createTestContext, infraEnv, readStream, runAppScript, startApp, waitFor, type RunningApp, type TestContext } from '@fengqiao/testing';
import type { keyPersonSteps } from './support/key-person-steps.workflow';

/**
 * The service's activity worker on `key-persons`, driven by a workflow as a supervision run drives it:
 * each step twice changes nothing the second time, the events carry ids only, and the purge deletes
 * the personal data of an archived record past its retention (once).
 */
let ctx: TestContext;
let app: RunningApp;
let result: { purged: number[] };
const PERSON = '6b1f0c2e-5a0d-4c43-9d0b-000000000003';

beforeAll(async () => {
  installTemporalLogging(new JsonLogger('key-persons-test', 'warn'), 'ERROR');
  ctx = await createTestContext('key_persons_acts');
  await runAppScript('key-persons', 'migrate.js', ['--seed-demo'], ctx.migrationEnv());
  // One demo person archived two days ago with a retention of one day: due for the purge.
  await ctx.sql(
    `UPDATE key_persons.persons SET status = 'archived', archived_at = now() - interval '2 days', purge_after = now() - interval '1 day' WHERE id = $1`,
    [PERSON],
  );
  let bundle;
  [app, bundle] = await Promise.all([startApp('key-persons', ctx.appEnv()), bundleWorkflows(resolve(__dirname, 'support/key-person-steps.workflow.ts'))]);
  const { temporalAddress, temporalNamespace } = infraEnv();
  const connection = await NativeConnection.connect({ address: temporalAddress });
  const queue = `${ctx.prefix}.key-persons-test`;
  const worker = await Worker.create({
    ...workerTelemetry(),
    connection,
    namespace: temporalNamespace,
    taskQueue: queue,
    workflowBundle: bundle,
    dataConverter: { payloadCodecs: [temporalCodecFromEnv({ NODE_ENV: 'test', TEMPORAL_CODEC_KEYRING: process.env['TEMPORAL_CODEC_KEYRING'] })] },
  });
  try {
    result = await worker.runUntil(
      ctx.temporal.workflow.execute<typeof keyPersonSteps>('keyPersonSteps', {
        taskQueue: queue,
        workflowId: `${ctx.prefix}.key-person-steps`,
        args: [
          {
            prefix: ctx.prefix,
            ref: {
              personId: '6b1f0c2e-5a0d-4c43-9d0b-000000000001',
              orgUnit: '621102101',
              obligation: 'contact',
              key: 'contact',
              dueAt: '2026-01-10T16:00:00.000Z',
            },
            purgeAsOf: new Date().toISOString(),
          },
        ],
      }),
    );
  } finally {
    await connection.close();
  }
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await ctx?.dispose();
});

it('plans, warns (yellow, then red for the leader) and meets an obligation once however often each step runs', async () => {
  expect(await ctx.sql(`SELECT key, state, colour, on_time FROM key_persons.obligations WHERE person_id = '6b1f0c2e-5a0d-4c43-9d0b-000000000001'`)).toEqual([
    { key: 'contact', state: 'met', colour: 'red', on_time: true },
  ]);
  expect(await ctx.sql(`SELECT colour FROM key_persons.warnings ORDER BY colour`)).toEqual([{ colour: 'red' }, { colour: 'yellow' }]);
});

it('purges the archived record past its retention once, keeping the counts', async () => {
  expect(result.purged).toEqual([1, 0]);
  const [row] = await ctx.sql<Record<string, unknown>>(
    `SELECT name_enc, id_number_enc, description_enc, category, org_unit, purged_at FROM key_persons.persons WHERE id = $1`,
    [PERSON],
  );
  expect(row).toMatchObject({ name_enc: null, id_number_enc: null, description_enc: null, category: 'community-correction', org_unit: '621102101' });
  expect(await ctx.sql(`SELECT 1 FROM key_persons.responsible WHERE person_id = $1`, [PERSON])).toEqual([]);
});

it('publishes one event per change, ids only (no demo name in any of them)', async () => {
  const subjects = await waitFor(async () => {
    const info = await (await ctx.nats.jetstreamManager()).streams.info(streamName(ctx.prefix), { subjects_filter: `${ctx.prefix}.fq.evt.*.key-person.*` });
    const s = info.state.subjects ?? {};
    return Object.keys(s).length >= 3 ? s : undefined;
  });
  expect(subjects).toEqual({
    [`${ctx.prefix}.fq.evt.621102101.key-person.obligation-planned`]: 1,
    [`${ctx.prefix}.fq.evt.621102101.key-person.warning`]: 2,
    [`${ctx.prefix}.fq.evt.621102101.key-person.obligation-met`]: 1,
  });
  for (const s of Object.keys(subjects))
    for (const m of await readStream(ctx.nats, streamName(ctx.prefix), s)) {
      const text = new TextDecoder().decode(m.data);
      expect(text).not.toMatch(/示例|name|idNumber|phone/);
      expect(JSON.parse(text).data.personId).toBe('6b1f0c2e-5a0d-4c43-9d0b-000000000001');
    }
});
