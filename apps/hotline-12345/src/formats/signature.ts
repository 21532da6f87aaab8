import { checkTimestampedHmac, timestampedHmac } from '@fengqiao/auth';

/**
 * Both directions are signed alike (docs/hotline-12345.md, Authentication): HMAC-SHA256 with the
 * shared secret over `<timestamp>.<raw body>` (libs/auth `timestampedHmac`, the platform's one
 * signer), sent as `X-Hotline-Signature: v1=<hex>` beside `X-Hotline-Timestamp` (Unix seconds) and
 * `X-Hotline-Centre`; a timestamp outside the tolerance is refused (a replayed request), and the
 * comparison takes constant time.
 */
export const SIGNATURE_HEADER = 'x-hotline-signature';
export const TIMESTAMP_HEADER = 'x-hotline-timestamp';
export const CENTRE_HEADER = 'x-hotline-centre';

export function signBody(secret: string, timestamp: number, body: string | Buffer): string {
  return `v1=${timestampedHmac(secret, timestamp, body)}`;
}

export function signedHeaders(secret: string, centre: string, body: string, now = Date.now()): Record<string, string> {
  const ts = Math.floor(now / 1000);
  return { [CENTRE_HEADER]: centre, [TIMESTAMP_HEADER]: String(ts), [SIGNATURE_HEADER]: signBody(secret, ts, body) };
}

export type SignatureCheck = 'ok' | 'missing' | 'stale' | 'mismatch' | 'unknown-centre';

export function checkSignature(
  o: { secret: string; centre: string; toleranceS: number },
  headers: { centre?: string; timestamp?: string; signature?: string },
  body: Buffer,
  now = Date.now(),
): SignatureCheck {
  if (!headers.centre || !headers.timestamp || !headers.signature) return 'missing';
  if (headers.centre !== o.centre) return 'unknown-centre';
  if (!/^\d{1,12}$/.test(headers.timestamp)) return 'stale';
  const signatures = headers.signature.startsWith('v1=') ? [headers.signature.slice(3)] : [];
  return checkTimestampedHmac({ secret: o.secret, timestamp: Number(headers.timestamp), body, signatures, toleranceS: o.toleranceS }, new Date(now));
}
