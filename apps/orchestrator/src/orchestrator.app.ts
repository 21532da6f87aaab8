import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connect, type NatsConnection } from 'nats';
import { NativeConnection, Worker } from '@temporalio/worker';
import { eventFilter, streamName, withPrefix } from '@fengqiao/contracts';
import { natsConnectionOptions, startEventsConsumer } from '@fengqiao/messaging';
import { HealthController, JsonLogger, natsReady, readinessChecks } from '@fengqiao/observability';
import {
  bundleWorkflows,
  checkTemporal,
  connectTemporalClient,
  installTemporalLogging,
  ORCHESTRATOR_QUEUE,
  platformDataConverter,
  taskQueue,
  temporalCodecFromEnv,
  workerTelemetry,
} from '@fengqiao/temporal';
import type { OrchestratorConfig } from './config/orchestrator.config';
import { createCaseStarter } from './case-starter/case-starter';
import { ensureKeyPersonPurgeSchedule } from './key-person-schedule/key-person-purge.schedule';
import { ensureMonthlyReportSchedule } from './reports-schedule/monthly-report.schedule';
import { ensureCheckInRollCallSchedules, parseRollCalls } from './check-in-schedule/check-in.schedule';
import { hostedWorkflowsEntry } from './workflows-entry';

/**
 * The orchestrator hosts the workflows (a Temporal worker on the `orchestrator` queue) and
 * turns domain events into workflow starts (a durable JetStream consumer).
 */
export async function startOrchestrator(config: OrchestratorConfig): Promise<{ app: INestApplication; stop: () => Promise<void> }> {
  const logger = new JsonLogger('orchestrator', config.LOG_LEVEL);
  installTemporalLogging(logger);
  const nats: NatsConnection = await connect(natsConnectionOptions(config.NATS_URL, 'fq-orchestrator'));
  // Workflow inputs, results and memos are encrypted before they reach Temporal's history.
  const payloadCodec = temporalCodecFromEnv(config);
  const temporal = await connectTemporalClient({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, payloadCodec });
  const workerConnection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });

  const worker = await Worker.create({
    // Traces: activities join the workflow's trace; workflow spans leave the sandbox (libs/temporal).

    ...workerTelemetry(),
    connection: workerConnection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, config.FQ_PREFIX),
    dataConverter: platformDataConverter(payloadCodec),
    // Images load the bundle written at build time (bundle-workflows.js); from source it is built here.
    ...(config.WORKFLOW_BUNDLE ? { workflowBundle: { codePath: config.WORKFLOW_BUNDLE } } : { workflowBundle: await bundleWorkflows(hostedWorkflowsEntry()) }),
  });
  const workerRun = worker.run();
  const schedule = await ensureMonthlyReportSchedule(temporal.client, config.FQ_PREFIX);
  logger.event('monthly report schedule', { outcome: schedule });
  const purgeSchedule = await ensureKeyPersonPurgeSchedule(temporal.client, config.FQ_PREFIX);
  logger.event('key-person purge schedule', { outcome: purgeSchedule });
  const rollCalls = await ensureCheckInRollCallSchedules(
    temporal.client,
    parseRollCalls(config.CHECK_IN_ROLL_CALLS, config.CHECK_IN_ROLL_CALL_TIME),
    config.FQ_PREFIX,
  );
  logger.event('check-in roll-call schedules', { outcomes: JSON.stringify(rollCalls) });

  const consumer = await startEventsConsumer(nats, config.FQ_PREFIX, {
    durable: 'orchestrator-dispute-starter',
    filterSubject: withPrefix(config.FQ_PREFIX, eventFilter('case', 'registered')),
    handle: createCaseStarter({ client: temporal.client, logger, prefix: config.FQ_PREFIX }),
    onError: (e) => logger.event('starting a workflow failed, will retry', { error: String(e) }, 'warn'),
  });

  @Module({
    controllers: [HealthController],
    providers: [
      readinessChecks({
        useFactory: () => [
          natsReady(nats),
          { name: 'temporal', check: () => checkTemporal(temporal.connection, config.TEMPORAL_NAMESPACE) },
          {
            name: 'worker',
            check: async () => {
              if (worker.getState() !== 'RUNNING') throw new Error(worker.getState());
            },
          },
        ],
      }),
    ],
  })
  class OrchestratorModule {}

  const app = await NestFactory.create(OrchestratorModule, { logger, abortOnError: false });
  await app.listen(config.PORT, '0.0.0.0');
  logger.event('orchestrator ready', { port: config.PORT, stream: streamName(config.FQ_PREFIX) });

  const stop = async () => {
    await consumer.stop();
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await workerRun;
    await workerConnection.close();
    await temporal.connection.close();
    await nats.drain().catch(() => undefined);
    await app.close();
  };
  return { app, stop };
}
