import { NativeConnection, Worker } from '@temporalio/worker';
import type { JsonLogger } from '@fengqiao/observability';
import { platformDataConverter } from './data-converter';
import { temporalCodecFromEnv, type TemporalCodecEnv } from './encryption.codec';
import { workerTelemetry } from './telemetry';

/** What a pool needs to know; `activities` is built at start, once the services it closes over exist. */
export interface ActivityWorkerPoolOptions {
  config: TemporalCodecEnv & { TEMPORAL_ADDRESS: string; TEMPORAL_NAMESPACE: string };
  taskQueues: string[];
  activities: () => object;
  logger: Pick<JsonLogger, 'event'>;
  /** Runs before the workers start (e.g. an outbox relay the activities feed). */
  beforeStart?: () => void | Promise<void>;
  /** Runs once every worker polls (e.g. starting runs the activities serve). */
  afterStart?: () => Promise<void>;
  /** Runs after every worker has drained and the connection closed: close NATS and the database here. */
  afterStop?: () => Promise<void>;
}

/**
 * A service's activity workers: one per task queue, all on one connection, with payloads encrypted
 * by the platform's codec and traced. A Nest provider by shape (bootstrap and shutdown hooks), so a
 * module builds it with a factory; what the activities use is closed only after the workers drain.
 */
export class ActivityWorkerPool {
  private workers: Worker[] = [];
  private runs: Array<Promise<void>> = [];
  private connection: NativeConnection | undefined;

  constructor(private readonly o: ActivityWorkerPoolOptions) {}

  /** For readiness: every queue has a running worker. */
  allRunning(): boolean {
    return this.workers.length === this.o.taskQueues.length && this.workers.every((w) => w.getState() === 'RUNNING');
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.o.beforeStart?.();
    this.connection = await NativeConnection.connect({ address: this.o.config.TEMPORAL_ADDRESS });
    const activities = this.o.activities();
    // Activity inputs and results are encrypted in Temporal's history (the orchestrator's keyring).
    const dataConverter = platformDataConverter(temporalCodecFromEnv(this.o.config));
    for (const taskQueue of this.o.taskQueues) {
      const worker = await Worker.create({
        // Traces: activities join the workflow's trace; workflow spans leave the sandbox.
        ...workerTelemetry(),
        connection: this.connection,
        namespace: this.o.config.TEMPORAL_NAMESPACE,
        taskQueue,
        activities,
        dataConverter,
      });
      this.workers.push(worker);
      this.runs.push(worker.run().catch((e) => this.o.logger.event('activity worker stopped', { taskQueue, error: String(e) }, 'error')));
    }
    this.o.logger.event('activity workers running', { taskQueues: this.o.taskQueues.join(',') });
    await this.o.afterStart?.();
  }

  async onApplicationShutdown(): Promise<void> {
    for (const w of this.workers) if (w.getState() === 'RUNNING') w.shutdown();
    await Promise.all(this.runs);
    await this.connection?.close();
    await this.o.afterStop?.();
  }
}
