import type { DataSource } from 'typeorm';
import { WEBHOOK_DELIVERY_ID_HEADER, WEBHOOK_EVENT_ID_HEADER, WEBHOOK_EVENT_TYPE_HEADER, WEBHOOK_SIGNATURE_HEADER } from '@fengqiao/contracts';
import type { PiiCipher } from '@fengqiao/pii';
import { resolvesInward } from '../subscriptions/endpoint-url';
import { signatureHeader } from './signature';

export interface DelivererOptions {
  ds: DataSource;
  cipher: PiiCipher;
  timeoutMs: number;
  pauseAfter: number;
  maxAttempts: number;
  /** Development and tests: loopback receivers allowed (`WEBHOOKS_ALLOW_LOOPBACK_HTTP`). */
  allowLoopbackHttp: boolean;
  log: (message: string, fields: Record<string, string | number | boolean | undefined>) => void;
}

/** Thrown to have JetStream deliver the job again later (nak with back-off). */
export class RetryLater extends Error {}

interface Loaded {
  id: string;
  event_id: string;
  event_type: string;
  payload: unknown;
  state: string;
  subscription_id: string;
  url: string;
  secret_enc: string;
  status: string;
}

/** One attempt at the receiver: its status (null when none came) and error. Never to an internal address. */
async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  allowLoopbackHttp: boolean,
): Promise<{ status: number | null; error: string | null }> {
  try {
    // The error names no address: the attempt log is the integrator's to read.
    if (await resolvesInward(new URL(url).hostname, allowLoopbackHttp)) return { status: null, error: 'refused: the host resolves to an internal address' };
    const res = await fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer().catch(() => undefined);
    return { status: res.status, error: res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}` };
  } catch (e) {
    const err = e as { name?: string; cause?: { code?: string } };
    return { status: null, error: err.name === 'TimeoutError' ? `timeout after ${timeoutMs} ms` : (err.cause?.code ?? String(e)).slice(0, 200) };
  }
}

/**
 * One job of the work queue: sends its delivery once, under a row lock (so two replicas never send
 * the same delivery at once), and records the attempt. A 2xx marks it delivered, and a delivered
 * delivery is never sent again (a repeat job is acknowledged and dropped). A failure counts against
 * the subscription: at `pauseAfter` consecutive failures it is paused and its deliveries held;
 * otherwise the job is retried with exponential back-off (libs/messaging durable consumer) until
 * `maxAttempts`, after which the delivery is `failed`.
 */
export async function deliver(o: DelivererOptions, deliveryId: string, deliveryCount: number): Promise<void> {
  const outcome = await o.ds.transaction(async (m) => {
    const rows = (await m.query(
      `SELECT d.id, d.event_id, d.event_type, d.payload, d.state, d.subscription_id, s.url, s.secret_enc, s.status
       FROM webhooks.deliveries d JOIN webhooks.subscriptions s ON s.id = d.subscription_id WHERE d.id = $1 FOR UPDATE OF d`,
      [deliveryId],
    )) as Loaded[];
    const d = rows[0];
    if (!d || d.state === 'delivered' || d.state === 'failed' || d.state === 'held') return 'done' as const;
    if (d.status !== 'active') {
      await m.query(`UPDATE webhooks.deliveries SET state = 'held' WHERE id = $1`, [d.id]);
      return 'done' as const;
    }
    const body = JSON.stringify(d.payload);
    const started = Date.now();
    const r = await post(
      d.url,
      body,
      {
        'content-type': 'application/json',
        'user-agent': 'Fengqiao-Webhooks/1',
        [WEBHOOK_SIGNATURE_HEADER]: signatureHeader(o.cipher.decrypt(d.secret_enc), body),
        [WEBHOOK_EVENT_ID_HEADER]: d.event_id,
        [WEBHOOK_EVENT_TYPE_HEADER]: d.event_type,
        [WEBHOOK_DELIVERY_ID_HEADER]: d.id,
      },
      o.timeoutMs,
      o.allowLoopbackHttp,
    );
    const delivered = r.status !== null && r.status >= 200 && r.status < 300;
    await m.query(
      `INSERT INTO webhooks.attempts (delivery_id, n, status_code, error, duration_ms, ok)
       VALUES ($1, (SELECT coalesce(max(n), 0) + 1 FROM webhooks.attempts WHERE delivery_id = $1), $2, $3, $4, $5)`,
      [d.id, r.status, r.error, Date.now() - started, delivered],
    );
    if (delivered) {
      await m.query(`UPDATE webhooks.deliveries SET state = 'delivered', delivered_at = now() WHERE id = $1`, [d.id]);
      await m.query(`UPDATE webhooks.subscriptions SET consecutive_failures = 0 WHERE id = $1 AND consecutive_failures <> 0`, [d.subscription_id]);
      return 'done' as const;
    }
    const [[sub]] = (await m.query(
      `UPDATE webhooks.subscriptions SET consecutive_failures = consecutive_failures + 1,
         status = CASE WHEN status = 'active' AND consecutive_failures + 1 >= $2 THEN 'paused' ELSE status END,
         paused_reason = CASE WHEN status = 'active' AND consecutive_failures + 1 >= $2 THEN 'failures' ELSE paused_reason END,
         updated_at = now()
       WHERE id = $1 RETURNING status, consecutive_failures`,
      [d.subscription_id, o.pauseAfter],
    )) as [[{ status: string; consecutive_failures: number }]];
    o.log('webhook attempt failed', { deliveryId: d.id, subscriptionId: d.subscription_id, error: r.error ?? undefined, failures: sub.consecutive_failures });
    if (sub.status !== 'active') {
      await m.query(`UPDATE webhooks.deliveries SET state = 'held' WHERE id = $1`, [d.id]);
      o.log('webhook subscription paused after repeated failures', { subscriptionId: d.subscription_id, failures: sub.consecutive_failures });
      return 'done' as const;
    }
    if (deliveryCount >= o.maxAttempts) {
      await m.query(`UPDATE webhooks.deliveries SET state = 'failed' WHERE id = $1`, [d.id]);
      return 'done' as const;
    }
    return 'retry' as const;
  });
  if (outcome === 'retry') throw new RetryLater(`delivery ${deliveryId} failed, retrying`);
}
