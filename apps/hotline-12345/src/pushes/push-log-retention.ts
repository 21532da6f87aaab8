import type { DataSource } from 'typeorm';
import type { LogFields } from '@fengqiao/observability';

export interface PushLogRetentionOptions {
  ds: DataSource;
  /** Sent pushes (and dropped ones) older than this are deleted. */
  retentionDays: number;
  /** How often the log is pruned. */
  intervalMs: number;
  /** Rows per DELETE: short statements, no long lock on the log. */
  batchSize?: number;
  log: (message: string, fields: LogFields, level?: 'info' | 'warn' | 'error') => void;
}

/**
 * Keeps the outbound log from growing for ever: a push the centre acknowledged (`delivered`) longer
 * than the retention ago, or one dropped after an objection that long ago, is deleted; a push still
 * owed (`held`, `pending`) never is. Batched DELETEs of rows claimed with SKIP LOCKED: any number of
 * adapter instances may prune at once, each deletes what the others have not.
 */
export class PushLogRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly o: PushLogRetentionOptions) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), this.o.intervalMs);
    this.tick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.prune()
      .then((deleted) => {
        if (deleted) this.o.log('push log pruned', { deleted, retentionDays: this.o.retentionDays });
        return deleted;
      })
      .catch((e: unknown) => {
        this.o.log('push log pruning failed, will retry', { error: String(e) }, 'warn');
        return 0;
      })
      .finally(() => (this.running = undefined));
  }

  /** Deletes every push past the retention, batch by batch; the number deleted. */
  async prune(): Promise<number> {
    let total = 0;
    for (;;) {
      const [, deleted] = (await this.o.ds.query(
        `DELETE FROM hotline.pushes WHERE id IN (
           SELECT id FROM hotline.pushes
            WHERE (status = 'delivered' AND delivered_at < now() - make_interval(days => $1))
               OR (status = 'dropped' AND created_at < now() - make_interval(days => $1))
            LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [this.o.retentionDays, this.o.batchSize ?? 1000],
      )) as [unknown, number];
      total += deleted;
      if (deleted === 0) return total;
    }
  }
}
