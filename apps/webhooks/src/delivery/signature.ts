import { randomBytes } from 'node:crypto';
import { checkTimestampedHmac, timestampedHmac } from '@fengqiao/auth';

/**
 * Delivery signatures (docs/webhooks.md), as Stripe and GitHub sign theirs: the header
 * `Fengqiao-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` (libs/auth
 * `timestampedHmac`, the platform's one signer). The timestamp is signed with the body, so a
 * receiver refuses a replay older than its tolerance.
 */
export function signatureHeader(secret: string, body: string, at: Date = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${timestampedHmac(secret, t, body)}`;
}

/** A receiver's check (the snippet of docs/webhooks.md): the signature matches and is at most `toleranceS` old. */
export function verifySignature(secret: string, body: string, header: string | null | undefined, now: Date = new Date(), toleranceS = 300): boolean {
  if (!header) return false;
  const parts = header.split(',').map((p) => p.trim().split('=') as [string, string]);
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  const signatures = parts.filter(([k]) => k === 'v1').map(([, v]) => v ?? '');
  return checkTimestampedHmac({ secret, timestamp: t, body, signatures, toleranceS }, now) === 'ok';
}

/** A new subscription's secret: 32 random bytes, shown once. */
export const newSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;
