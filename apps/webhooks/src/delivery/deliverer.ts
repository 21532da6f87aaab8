import type { DataSource } from 'typeorm';
import { WEBHOOK_DELIVERY_ID_HEADER, WEBHOOK_EVENT_ID_HEADER, WEBHOOK_EVENT_TYPE_HEADER, WEBHOOK_SIGNATURE_HEADER } from '@fengqiao/contracts';
import type { PiiCipher } from '@fengqiao/pii';
import type { ResolveAll } from '../subscriptions/endpoint-url';
import { ownerVerdict, pauseForOwner, type OwnerOf } from './owners';
import { pinnedPost, type PostOutcome } from './pinned-post';
import { signatureHeader } from './signature';

export interface DelivererOptions {
  ds: DataSource;
  cipher: PiiCipher;
  timeoutMs: number;
  pauseAfter: number;
  maxAttempts: number;
  /** Development and tests: loopback receivers allowed (`WEBHOOKS_ALLOW_LOOPBACK_HTTP`). */
  allowLoopbackHttp: boolean;
  /** The subscription owner's current identity (cached briefly). */
  ownerOf: OwnerOf;
  /** The path of a unit in the service's copy of the org tree. */
  pathOf: (code: string) => Promise<string | undefined>;
  log: (message: string, fields: Record<string, string | number | boolean | undefined>) => void;
  /** Tests: the name resolution of the connection. */
  resolve?: ResolveAll;
}

/** Thrown to have JetStream deliver the job again later (nak with back-off). */
export class RetryLater extends Error {}

interface Claimed {
  claim: number;
  event_id: string;
  event_type: string;
  payload: unknown;
  subscription_id: string;
  url: string;
  secret_enc: string;
}

/** The lease of a claimed attempt: past the POST's own timeout, so a live attempt never loses it. */
const leaseMs = (timeoutMs: number) => timeoutMs + 5_000;

/**
 * One job of the work queue, in three steps and never under a lock across the network:
 *
 * 1. The owner is checked as it is now (`ownerVerdict`); one no longer allowed pauses the
 *    subscription with the reason and the delivery is held, not sent.
 * 2. A short statement claims the attempt: a pending delivery of an active subscription whose lease
 *    is free gets the next claim number and a lease (`claimed_until`). A delivery whose attempt is in
 *    flight elsewhere (a JetStream redelivery, another replica) is retried later; a delivered one is
 *    dropped.
 * 3. The POST, outside any transaction, then a short transaction records the attempt and settles the
 *    delivery only if the claim is still this one's: a 2xx marks it delivered (never sent again); a
 *    failure counts against the subscription (paused at `pauseAfter` in a row, its delivery held) or
 *    is retried with back-off until `maxAttempts`, then `failed`.
 */
export async function deliver(o: DelivererOptions, deliveryId: string, deliveryCount: number): Promise<void> {
  const [d] = (await o.ds.query(
    `SELECT d.state, s.status, s.owner_id, s.org_unit FROM webhooks.deliveries d JOIN webhooks.subscriptions s ON s.id = d.subscription_id WHERE d.id = $1`,
    [deliveryId],
  )) as Array<{ state: string; status: string; owner_id: string; org_unit: string }>;
  if (!d || d.state !== 'pending') return;
  if (d.status === 'active') {
    const verdict = ownerVerdict(await o.ownerOf(d.owner_id), { org_unit: d.org_unit, path: await o.pathOf(d.org_unit) });
    if (!verdict.ok) {
      const subscriptionId = await o.ds.transaction(async (m) => {
        const [row] = (await m.query(`SELECT subscription_id FROM webhooks.deliveries WHERE id = $1`, [deliveryId])) as Array<{ subscription_id: string }>;
        await pauseForOwner(m, row!.subscription_id, verdict);
        return row!.subscription_id;
      });
      o.log('webhook subscription paused: its owner is no longer allowed', { subscriptionId, reason: verdict.reason });
      return;
    }
  }
  const [claimed] = (await o.ds.query(
    `UPDATE webhooks.deliveries d SET claim = d.claim + 1, claimed_until = now() + make_interval(secs => $2::double precision / 1000)
     FROM webhooks.subscriptions s
     WHERE d.id = $1 AND s.id = d.subscription_id AND d.state = 'pending' AND s.status = 'active' AND (d.claimed_until IS NULL OR d.claimed_until < now())
     RETURNING d.claim, d.event_id, d.event_type, d.payload, d.subscription_id, s.url, s.secret_enc`,
    [deliveryId, leaseMs(o.timeoutMs)],
  )) as [Claimed[], number];
  const c = claimed[0];
  if (!c) return notClaimed(o, deliveryId);
  const body = JSON.stringify(c.payload);
  const started = Date.now();
  const r = await pinnedPost(
    c.url,
    body,
    {
      'content-type': 'application/json',
      'user-agent': 'Fengqiao-Webhooks/1',
      [WEBHOOK_SIGNATURE_HEADER]: signatureHeader(o.cipher.decrypt(c.secret_enc), body),
      [WEBHOOK_EVENT_ID_HEADER]: c.event_id,
      [WEBHOOK_EVENT_TYPE_HEADER]: c.event_type,
      [WEBHOOK_DELIVERY_ID_HEADER]: deliveryId,
    },
    { timeoutMs: o.timeoutMs, allowLoopbackHttp: o.allowLoopbackHttp, resolve: o.resolve },
  );
  if ((await settle(o, deliveryId, c, r, Date.now() - started, deliveryCount)) === 'retry') throw new RetryLater(`delivery ${deliveryId} failed, retrying`);
}

/** Nothing claimed: held when its subscription is paused, retried later while another attempt holds the lease, else done. */
async function notClaimed(o: DelivererOptions, deliveryId: string): Promise<void> {
  const [now] = (await o.ds.query(
    `SELECT d.state, s.status, d.claimed_until > now() AS leased FROM webhooks.deliveries d JOIN webhooks.subscriptions s ON s.id = d.subscription_id WHERE d.id = $1`,
    [deliveryId],
  )) as Array<{ state: string; status: string; leased: boolean | null }>;
  if (!now || now.state !== 'pending') return;
  if (now.status !== 'active') {
    await o.ds.query(`UPDATE webhooks.deliveries SET state = 'held' WHERE id = $1 AND state = 'pending'`, [deliveryId]);
    return;
  }
  if (now.leased) throw new RetryLater(`delivery ${deliveryId} has an attempt in flight`);
}

/**
 * The attempt recorded and the delivery settled, in one short transaction guarded by the claim. A
 * 2xx marks the delivery delivered even when the claim has moved on (the receiver did acknowledge);
 * a failure under a claim that is no longer this one's changes nothing but the log.
 */
async function settle(
  o: DelivererOptions,
  deliveryId: string,
  c: Claimed,
  r: PostOutcome,
  durationMs: number,
  deliveryCount: number,
): Promise<'done' | 'retry'> {
  const delivered = r.status !== null && r.status >= 200 && r.status < 300;
  return o.ds.transaction(async (m) => {
    const [row] = (await m.query(`SELECT claim, state FROM webhooks.deliveries WHERE id = $1 FOR UPDATE`, [deliveryId])) as Array<{
      claim: number;
      state: string;
    }>;
    await m.query(
      `INSERT INTO webhooks.attempts (delivery_id, n, status_code, error, duration_ms, ok)
       VALUES ($1, (SELECT coalesce(max(n), 0) + 1 FROM webhooks.attempts WHERE delivery_id = $1), $2, $3, $4, $5)`,
      [deliveryId, r.status, r.error, durationMs, delivered],
    );
    const ours = row!.claim === c.claim;
    if (ours) await m.query(`UPDATE webhooks.deliveries SET claimed_until = NULL WHERE id = $1`, [deliveryId]);
    if (delivered) {
      await m.query(`UPDATE webhooks.deliveries SET state = 'delivered', delivered_at = now() WHERE id = $1 AND state <> 'delivered'`, [deliveryId]);
      await m.query(`UPDATE webhooks.subscriptions SET consecutive_failures = 0 WHERE id = $1 AND consecutive_failures <> 0`, [c.subscription_id]);
      return 'done';
    }
    if (!ours || row!.state !== 'pending') {
      o.log('webhook attempt failed under a claim no longer current', { deliveryId, error: r.error ?? undefined });
      return 'done';
    }
    const [[sub]] = (await m.query(
      `UPDATE webhooks.subscriptions SET consecutive_failures = consecutive_failures + 1,
         status = CASE WHEN status = 'active' AND consecutive_failures + 1 >= $2 THEN 'paused' ELSE status END,
         paused_reason = CASE WHEN status = 'active' AND consecutive_failures + 1 >= $2 THEN 'failures' ELSE paused_reason END,
         updated_at = now()
       WHERE id = $1 RETURNING status, consecutive_failures`,
      [c.subscription_id, o.pauseAfter],
    )) as [[{ status: string; consecutive_failures: number }]];
    o.log('webhook attempt failed', { deliveryId, subscriptionId: c.subscription_id, error: r.error ?? undefined, failures: sub.consecutive_failures });
    if (sub.status !== 'active') {
      await m.query(`UPDATE webhooks.deliveries SET state = 'held' WHERE id = $1`, [deliveryId]);
      o.log('webhook subscription paused after repeated failures', { subscriptionId: c.subscription_id, failures: sub.consecutive_failures });
      return 'done';
    }
    if (deliveryCount >= o.maxAttempts) {
      await m.query(`UPDATE webhooks.deliveries SET state = 'failed' WHERE id = $1`, [deliveryId]);
      return 'done';
    }
    return 'retry';
  });
}
