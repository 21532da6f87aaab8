import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The one HMAC request signer of the platform, for both directions of every signed body (webhook
 * deliveries, docs/webhooks.md; the 12345 hotline's work orders and pushes, docs/hotline-12345.md):
 * HMAC-SHA256 with a shared secret over `<unix seconds>.<raw body>`, in hex. The timestamp is signed
 * with the body, so a receiver refuses one older than its tolerance (a replay). Each caller keeps its
 * own header layout around it.
 */
export function timestampedHmac(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

export type TimestampedHmacCheck = 'ok' | 'stale' | 'mismatch';

/**
 * A signature check: `timestamp` (unix seconds) within `toleranceS` of `now`, and any of the given
 * hex signatures (several during a secret rotation) equal to the expected one, compared in constant time.
 */
export function checkTimestampedHmac(
  o: { secret: string; timestamp: number; body: string | Buffer; signatures: readonly string[]; toleranceS: number },
  now: Date = new Date(),
): TimestampedHmacCheck {
  if (!Number.isSafeInteger(o.timestamp) || Math.abs(now.getTime() / 1000 - o.timestamp) > o.toleranceS) return 'stale';
  const expected = Buffer.from(timestampedHmac(o.secret, o.timestamp, o.body), 'hex');
  const matches = o.signatures.some((s) => {
    const given = /^[0-9a-f]*$/i.test(s) ? Buffer.from(s, 'hex') : Buffer.alloc(0);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? 'ok' : 'mismatch';
}
