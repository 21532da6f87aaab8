import { createHmac } from 'node:crypto';
import { PiiException } from './pii.exception';

const MIN_KEY_BYTES = 32;

/**
 * Generic normalisation before hashing: NFKC (full-width → half-width), no whitespace, upper case
 * (so a lowercase x in an ID number matches). Pass the validators' `normalized` output where there is one.
 */
export function normalizeForIndex(value: string): string {
  return String(value).normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/**
 * Deterministic, keyed lookup value for an encrypted field (exact-match search without decrypting):
 * HMAC-SHA256 of the normalised value, hex. Use a key that is not also an encryption key.
 */
export function blindIndex(value: string, key: Buffer): string {
  if (!Buffer.isBuffer(key) || key.length < MIN_KEY_BYTES) {
    throw new PiiException('invalid-key', `blind-index key must be at least ${MIN_KEY_BYTES} bytes`);
  }
  return createHmac('sha256', key).update(normalizeForIndex(value), 'utf8').digest('hex');
}
