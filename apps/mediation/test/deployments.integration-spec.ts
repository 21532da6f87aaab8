import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { JsonLogger } from '@fengqiao/observability';
import { createTestContext, infraEnv, runAppScript, startApp, type RunningApp, type TestContext } from '@fengqiao/testing';
import { bundleWorkflows, installTemporalLogging, temporalCodecFromEnv, workerTelemetry } from '@fengqiao/temporal';
import type { twoCentres } from './support/two-centres.workflow';

let ctx: TestContext;
let township: RunningApp;
let city: RunningApp;
let bundle: WorkflowBundleWithSourceMap;

const codec = () => temporalCodecFromEnv({ NODE_ENV: 'test', TEMPORAL_CODEC_KEYRING: process.env['TEMPORAL_CODEC_KEYRING'] });

beforeAll(async () => {
  // The test's own worker logs only errors, as JSON like the apps.
  installTemporalLogging(new JsonLogger('mediation-test', 'warn'), 'ERROR');
  ctx = await createTestContext('mediation_deploy');
  await runAppScript('mediation', 'migrate.js', ['--seed-demo'], ctx.migrationEnv());
  [township, city, bundle] = await Promise.all([
    startApp('mediation', ctx.appEnv({ MEDIATION_ORG_UNITS: '621102101' })),
    startApp('mediation', ctx.appEnv({ MEDIATION_ORG_UNITS: '621100' })),
    bundleWorkflows(resolve(__dirname, 'support/two-centres.workflow.ts')),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([township?.stop(), city?.stop()]);
  await ctx?.dispose();
});

describe('one mediation deployment per centre, reached by task queue', () => {
  it('reports its activity workers in readiness', async () => {
    const body = (await (await fetch(`${township.url}/health/ready`)).json()) as { checks: Array<{ name: string; status: string }> };
    expect(body.checks).toEqual(
      expect.arrayContaining([
        { name: 'postgres', status: 'up' },
        { name: 'nats', status: 'up' },
        { name: 'temporal-workers', status: 'up' },
      ]),
    );
  });

  it("successful-joint-handling: a workflow's activities on mediation@621102101 and mediation@621100 run in the deployment serving each", async () => {
    const { temporalAddress, temporalNamespace } = infraEnv();
    const connection = await NativeConnection.connect({ address: temporalAddress });
    const queue = `${ctx.prefix}.mediation-test`;
    const worker = await Worker.create({
      ...workerTelemetry(),
      connection,
      namespace: temporalNamespace,
      taskQueue: queue,
      workflowBundle: bundle,
      dataConverter: { payloadCodecs: [codec()] },
    });
    const caseId = randomUUID();
    const caseNo = '621102101-2026-000042';
    try {
      const assigned = await worker.runUntil(
        ctx.temporal.workflow.execute<typeof twoCentres>('twoCentres', {
          taskQueue: queue,
          workflowId: `${ctx.prefix}.two-centres-${caseNo}`,
          args: [
            { prefix: ctx.prefix, caseId, caseNo, at: '2026-03-02T02:00:00.000Z', reportInDue: '2026-03-04T09:00:00.000Z', centres: ['621102101', '621100'] },
          ],
        }),
      );
      // Chankou's only land specialist (demo seed), through the township deployment.
      expect(assigned).toEqual({ id: '5e0d1a7e-0000-4000-8000-000000000104', name: '孙国强', username: null, team: 'land', orgUnit: '621102101' });
    } finally {
      await connection.close();
    }
    expect(await ctx.sql(`SELECT org_unit, handled_by, lead_org_unit FROM mediation.joint_parts WHERE case_id = $1 ORDER BY org_unit`, [caseId])).toEqual([
      { org_unit: '621100', handled_by: '621100', lead_org_unit: '621102101' },
      { org_unit: '621102101', handled_by: '621102101', lead_org_unit: '621102101' },
    ]);
  });

  it('stops cleanly: both processes exit on SIGTERM after draining their workers', async () => {
    await Promise.all([township.stop(), city.stop()]);
    const errors = [...township.output, ...city.output].filter((l) => l.includes('"level":"error"'));
    expect(errors).toEqual([]);
  });
});
