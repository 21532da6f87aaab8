import { resolve } from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { PetitionStepRecord } from '@fengqiao/contracts';
import { JsonLogger } from '@fengqiao/observability';
import { infraEnv } from '@fengqiao/testing';
import { bundleWorkflows, installTemporalLogging, temporalCodecFromEnv, workerTelemetry } from '@fengqiao/temporal';
import type { Platform } from '../platform.harness';
import type { petitionSteps } from './petition-steps.workflow';

/**
 * Records petition steps on the platform's petitions deployment through Temporal, as the petition
 * process does (a stand-in workflow until that process runs these tests' petitions itself).
 */
export async function recordPetitionSteps(p: Platform, steps: PetitionStepRecord[]): Promise<void> {
  // The test's own worker logs only errors, as JSON like the apps.
  installTemporalLogging(new JsonLogger('petition-steps-test', 'warn'), 'ERROR');
  const bundle = await bundleWorkflows(resolve(__dirname, 'petition-steps.workflow.ts'));
  const { temporalAddress, temporalNamespace } = infraEnv();
  const connection = await NativeConnection.connect({ address: temporalAddress });
  const queue = `${p.ctx.prefix}.petition-steps-test`;
  const codec = temporalCodecFromEnv({ NODE_ENV: 'test', TEMPORAL_CODEC_KEYRING: process.env['TEMPORAL_CODEC_KEYRING'] });
  const worker = await Worker.create({
    ...workerTelemetry(),
    connection,
    namespace: temporalNamespace,
    taskQueue: queue,
    workflowBundle: bundle,
    dataConverter: { payloadCodecs: [codec] },
  });
  try {
    await worker.runUntil(
      p.ctx.temporal.workflow.execute<typeof petitionSteps>('petitionSteps', {
        taskQueue: queue,
        workflowId: `${p.ctx.prefix}.petition-steps-${Date.now()}`,
        args: [{ prefix: p.ctx.prefix, steps }],
      }),
    );
  } finally {
    await connection.close();
  }
}
