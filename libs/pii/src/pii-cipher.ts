import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PiiException } from './pii.exception';

/** Encryption keys by id; `activeKeyId` encrypts, every key decrypts (rotation). */
export interface Keyring {
  readonly activeKeyId: string;
  readonly keys: Readonly<Record<string, Buffer>>;
}

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Key ids go into the token between dots, so they must not contain dots.
export const KEY_ID_RE = /^[A-Za-z0-9_-]{1,32}$/;
const B64URL_RE = /^[A-Za-z0-9_-]*$/;

function fromBase64Url(part: string, name: string): Buffer {
  const bytes = Buffer.from(part, 'base64url');
  // Node decodes leniently; insist on the canonical form so one token has one spelling.
  if (!B64URL_RE.test(part) || bytes.toString('base64url') !== part) {
    throw new PiiException('malformed-token', `${name} is not canonical base64url`);
  }
  return bytes;
}

/**
 * Field-level encryption for personal data: AES-256-GCM, random 96-bit IV per value.
 * Token: `v1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url, no padding). "v1.<keyId>" is bound as
 * additional authenticated data, so relabelling a token with another key id is detected.
 */
export class PiiCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;
  readonly activeKeyId: string;

  constructor(keyring: Keyring) {
    const keys = new Map<string, Buffer>();
    for (const [id, key] of Object.entries(keyring.keys)) {
      if (!KEY_ID_RE.test(id)) throw new PiiException('invalid-keyring', `key id "${id}" must match ${KEY_ID_RE}`);
      if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
        throw new PiiException('invalid-keyring', `key "${id}" must be ${KEY_BYTES} bytes`);
      }
      keys.set(id, Buffer.from(key)); // a private copy: callers may zero or reuse their buffers
    }
    if (!keys.has(keyring.activeKeyId)) {
      throw new PiiException('invalid-keyring', `active key "${keyring.activeKeyId}" is not in the keyring`);
    }
    this.keys = keys;
    this.activeKeyId = keyring.activeKeyId;
  }

  encrypt(plain: string): string {
    if (typeof plain !== 'string') throw new PiiException('invalid-argument', 'plain text must be a string');
    const keyId = this.activeKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.keys.get(keyId)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(`${VERSION}.${keyId}`, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, keyId, iv, ciphertext, tag].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  decrypt(token: string): string {
    const { version, keyId, iv, ciphertext, tag } = parseToken(token);
    if (version !== VERSION) throw new PiiException('unsupported-version', version);
    const key = this.keys.get(keyId);
    if (!key) throw new PiiException('unknown-key', keyId);
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(`${version}.${keyId}`, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new PiiException('tampered');
    }
  }

  /** The key id a token was encrypted with (no decryption). */
  keyIdOf(token: string): string {
    return parseToken(token).keyId;
  }

  /** True when a token should be re-encrypted under the active key (a rotation job). */
  needsRotation(token: string): boolean {
    return this.keyIdOf(token) !== this.activeKeyId;
  }
}

function parseToken(token: string): { version: string; keyId: string; iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  if (typeof token !== 'string') throw new PiiException('malformed-token', 'not a string');
  const parts = token.split('.');
  if (parts.length !== 5) throw new PiiException('malformed-token', `expected 5 dot-separated parts, got ${parts.length}`);
  const [version, keyId, ivPart, ciphertextPart, tagPart] = parts;
  if (!/^v\d+$/.test(version)) throw new PiiException('malformed-token', 'missing version');
  if (!KEY_ID_RE.test(keyId)) throw new PiiException('malformed-token', 'bad key id');
  const iv = fromBase64Url(ivPart, 'iv');
  const ciphertext = fromBase64Url(ciphertextPart, 'ciphertext');
  const tag = fromBase64Url(tagPart, 'tag');
  if (iv.length !== IV_BYTES) throw new PiiException('malformed-token', `iv must be ${IV_BYTES} bytes`);
  if (tag.length !== TAG_BYTES) throw new PiiException('malformed-token', `tag must be ${TAG_BYTES} bytes`);
  return { version, keyId, iv, ciphertext, tag };
}
