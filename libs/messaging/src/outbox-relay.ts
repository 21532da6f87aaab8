import type { DataSource } from 'typeorm';
import { headers as natsHeaders, type JetStreamClient } from 'nats';
import { withPrefix } from '@fengqiao/contracts';
import { platformMeter } from '@fengqiao/observability';
import { quoteSchema } from './outbox';

/** Outbox lag: how long the oldest event not yet on JetStream has waited (0 when none waits). */
const outboxLag = () =>
  platformMeter().createObservableGauge('fq.outbox.lag', {
    description: 'Age of the oldest outbox row not yet published to JetStream',
    unit: 's',
  });

export interface OutboxRelayOptions {
  dataSource: DataSource;
  schema: string;
  js: JetStreamClient;
  subjectPrefix?: string;
  batchSize?: number;
  idleDelayMs?: number;
  onError?: (e: unknown) => void;
}

/**
 * Moves committed outbox rows to JetStream, live rows before bulk ones (see addOutboxBulkLane). Rows are locked with SKIP LOCKED so several
 * replicas can relay at once; `Nats-Msg-Id` = event id makes a re-publish after a crash a no-op.
 */
export class OutboxRelay {
  private running = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly o: OutboxRelayOptions) {}

  private lagGauge: ReturnType<typeof outboxLag> | undefined;
  private readonly observeLag = async (r: { observe(v: number, a: Record<string, string>): void }) => {
    const rows: Array<{ lag: number | null }> | undefined = await this.o.dataSource
      .query(
        `SELECT extract(epoch FROM clock_timestamp() - min(created_at))::float8 AS lag FROM ${quoteSchema(this.o.schema)}.outbox WHERE published_at IS NULL`,
      )
      .catch(() => undefined);
    if (rows) r.observe(rows[0]?.lag ?? 0, { schema: this.o.schema });
  };

  start(): void {
    if (this.running) return;
    this.running = true;
    // Created at start, not at import: the meter provider is registered by then (startTelemetry in main.ts).
    this.lagGauge = outboxLag();
    this.lagGauge.addCallback(this.observeLag);
    this.loop = this.run();
  }

  /** Call after a commit that wrote to the outbox so the event leaves without waiting. */
  kick(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.lagGauge?.removeCallback(this.observeLag);
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Publishes one batch; returns how many rows were sent. */
  async relayOnce(): Promise<number> {
    const table = `${quoteSchema(this.o.schema)}.outbox`;
    return this.o.dataSource.transaction(async (m) => {
      const rows: Array<{ id: string; subject: string; event: { traceparent?: string } }> = await m.query(
        `SELECT id, subject, event FROM ${table} WHERE published_at IS NULL ORDER BY bulk, created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.o.batchSize ?? 500],
      );
      // Pipelined: every publish is sent before the first ack is awaited (one connection keeps
      // their order in the stream), so a backlog such as the seeded history drains in seconds.
      // All acks are awaited before deciding, so nothing is still in flight after a rollback. If one
      // publish fails, those after it may already be stored: the retry then stores it after them
      // (JetStream drops the repeats), so consumers must not rely on order — they use each event's seq.
      const acks = await Promise.allSettled(
        rows.map((row) => {
          const h = natsHeaders();
          h.set('Content-Type', 'application/cloudevents+json');
          // The consumer's handling joins the trace of the request that wrote the event.
          if (row.event.traceparent) h.set('traceparent', row.event.traceparent);
          return this.o.js.publish(withPrefix(this.o.subjectPrefix, row.subject), JSON.stringify(row.event), { msgID: row.id, headers: h });
        }),
      );
      const failed = acks.find((a): a is PromiseRejectedResult => a.status === 'rejected');
      if (failed) throw failed.reason;
      if (rows.length) {
        await m.query(`UPDATE ${table} SET published_at = clock_timestamp() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
      }
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      let sent = 0;
      try {
        sent = await this.relayOnce();
      } catch (e) {
        this.o.onError?.(e);
      }
      if (sent === 0 && this.running) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.o.idleDelayMs ?? 500);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }
}
