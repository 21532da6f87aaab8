import type { DataSource } from 'typeorm';
import type { LogFields } from '@fengqiao/observability';
import type { HotlineFormat, OutboundPush } from '../formats/hotline-format';
import { signedHeaders } from '../formats/signature';

export interface PushDispatcherOptions {
  ds: DataSource;
  format: HotlineFormat;
  centre: string;
  secret: string;
  /** Where the centre takes pushes; none: pushes wait in the log (a deployment not yet connected). */
  url: string | undefined;
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long a claimed push is ours before another replica may take it (covers the HTTP call). */
  leaseMs?: number;
  pollMs?: number;
  timeoutMs?: number;
  log: (message: string, fields: LogFields, level?: 'info' | 'warn' | 'error') => void;
}

interface DueRow {
  id: string;
  seq: number;
  kind: OutboundPush['kind'];
  payload: OutboundPush & { detail: Record<string, unknown> };
  attempts: number;
}

/**
 * Delivers the outbound log to the centre: per order strictly in sequence (an order's next push waits
 * until the one before it is delivered), each signed (docs/hotline-12345.md), retried with doubling
 * back-off until the centre answers 2xx. A push carries its `pushId`, so a centre that acknowledged it
 * and got it again (our crash between its answer and our record) recognises the repeat.
 */
export class PushDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly o: PushDispatcherOptions) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.o.pollMs ?? 500);
    this.kick();
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((e) => this.o.log('push dispatcher failed, will retry', { error: String(e) }, 'warn'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async drain(): Promise<void> {
    if (!this.o.url) return;
    for (;;) {
      // The head of each order's line that is due, claimed for a lease (replicas never send one push together).
      const due = (await this.o.ds.query(
        `UPDATE hotline.pushes p SET next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
          WHERE p.id IN (
            SELECT h.id FROM hotline.pushes h
             WHERE h.status = 'pending' AND h.next_attempt_at <= now() AND h.centre = $1
               AND NOT EXISTS (SELECT 1 FROM hotline.pushes e
                                WHERE e.centre = h.centre AND e.order_no = h.order_no AND e.status = 'pending' AND e.seq < h.seq)
             ORDER BY h.created_at LIMIT 20 FOR UPDATE SKIP LOCKED)
          RETURNING p.id, p.seq, p.kind, p.payload, p.attempts`,
        [this.o.centre, this.o.leaseMs ?? 30_000],
      )) as [DueRow[], number];
      const rows = due[0];
      if (!rows.length || this.stopped) return;
      await Promise.all(rows.map((r) => this.deliver(r)));
    }
  }

  private async deliver(r: DueRow): Promise<void> {
    const body = JSON.stringify(this.o.format.pushBody(r.payload));
    let error: string | undefined;
    try {
      const res = await fetch(this.o.url!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedHeaders(this.o.secret, this.o.centre, body) },
        body,
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    if (!error) {
      await this.o.ds.query(`UPDATE hotline.pushes SET status = 'delivered', delivered_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1`, [
        r.id,
      ]);
      this.o.log('push delivered', { orderNo: r.payload.orderNo, seq: r.seq, kind: r.kind, attempts: r.attempts + 1 });
      return;
    }
    const waitMs = Math.min(this.o.retryMaxMs, this.o.retryBaseMs * 2 ** Math.min(r.attempts, 20));
    await this.o.ds.query(
      `UPDATE hotline.pushes SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + make_interval(secs => $3::double precision / 1000) WHERE id = $1`,
      [r.id, error.slice(0, 500), waitMs],
    );
    this.o.log('push failed, will retry', { orderNo: r.payload.orderNo, seq: r.seq, kind: r.kind, attempts: r.attempts + 1, error, retryInMs: waitMs }, 'warn');
  }
}
