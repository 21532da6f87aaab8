import { Inject, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { taskQueue } from '@fengqiao/contracts';
import type { JsonLogger } from '@fengqiao/observability';
import { connectTemporalClient, platformDataConverter, temporalCodecFromEnv, workerTelemetry } from '@fengqiao/temporal';
import { INSIGHTS_CONFIG, INSIGHTS_LOGGER, type InsightsConfig } from '../config/insights.config';
import { StatsRepository } from '../stats/stats.repository';
import { KeyPersonStatsRepository } from '../key-persons/key-person-stats.repository';
import { createReportsActivities } from './reports.activities';
import { ReportsRepository } from './reports.repository';

/**
 * Insights' Temporal side: the report activities on the `insights` queue, and a client that
 * starts the runs admins order. Payloads are encrypted with the orchestrator's keyring.
 */
export class ReportsWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker: Worker | undefined;
  private run: Promise<void> | undefined;
  private native: NativeConnection | undefined;
  private temporal: { client: Client; connection: Connection } | undefined;

  constructor(
    @Inject(INSIGHTS_CONFIG) private readonly config: InsightsConfig,
    @Inject(INSIGHTS_LOGGER) private readonly logger: JsonLogger,
    @Inject(ReportsRepository) private readonly reports: ReportsRepository,
    @Inject(StatsRepository) private readonly stats: StatsRepository,
    @Inject(KeyPersonStatsRepository) private readonly keyPersons: KeyPersonStatsRepository,
  ) {}

  running(): boolean {
    return this.worker?.getState() === 'RUNNING';
  }

  client(): Client {
    if (!this.temporal) throw new Error('Temporal client not connected');
    return this.temporal.client;
  }

  async onApplicationBootstrap() {
    const c = this.config;
    const codec = temporalCodecFromEnv(c);
    this.temporal = await connectTemporalClient({ address: c.TEMPORAL_ADDRESS, namespace: c.TEMPORAL_NAMESPACE, payloadCodec: codec });
    this.native = await NativeConnection.connect({ address: c.TEMPORAL_ADDRESS });
    const queue = taskQueue('insights', undefined, c.FQ_PREFIX);
    this.worker = await Worker.create({
      // Traces: activities join the workflow's trace; workflow spans leave the sandbox (libs/temporal).
      ...workerTelemetry(),
      connection: this.native,
      namespace: c.TEMPORAL_NAMESPACE,
      taskQueue: queue,
      activities: createReportsActivities({
        reports: this.reports,
        stats: this.stats,
        keyPersons: this.keyPersons,
        rules: { redMinOverdue: c.REPORT_RED_MIN_OVERDUE, yellowMinOpenYellow: c.REPORT_YELLOW_MIN_OPEN_YELLOW, topCategories: c.REPORT_TOP_CATEGORIES },
        font: { path: c.REPORT_FONT_PATH, family: c.REPORT_FONT_FAMILY || undefined },
      }),
      dataConverter: platformDataConverter(codec),
    });
    this.run = this.worker.run().catch((e) => this.logger.event('report activity worker stopped', { taskQueue: queue, error: String(e) }, 'error'));
    this.logger.event('report activity worker running', { taskQueue: queue });
  }

  async onApplicationShutdown() {
    if (this.worker?.getState() === 'RUNNING') this.worker.shutdown();
    await this.run;
    await this.native?.close();
    await this.temporal?.connection.close();
  }
}
