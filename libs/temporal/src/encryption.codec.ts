import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, ValueError, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { keyringFromEnv, type Keyring } from '@fengqiao/pii';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const CIPHER = 'aes-256-gcm';
const KEY_ID_METADATA = 'encryption-key-id';
const CIPHER_METADATA = 'encryption-cipher';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString('utf8') : undefined);
const aad = (keyId: string) => Buffer.from(`${ENCRYPTED_ENCODING};${CIPHER};${keyId}`, 'utf8');

/**
 * Encrypts every Temporal payload (workflow and activity inputs and results, query and signal
 * arguments, memos) before it reaches Temporal Server, so histories hold no personal data in
 * plain text (Temporal stores payloads as they are sent).
 *
 * An encrypted payload:
 *   metadata.encoding          = "binary/encrypted"
 *   metadata.encryption-cipher = "aes-256-gcm"
 *   metadata.encryption-key-id = id of the key that encrypted it (e.g. "k2")
 *   data                       = iv (12 bytes) ‖ ciphertext ‖ GCM tag (16 bytes)
 * The plain text is the whole original Payload (its metadata too, e.g. "json/plain") in protobuf
 * form. The three metadata values are bound as additional authenticated data, so relabelling a
 * payload with another key id or cipher is detected like any other tampering.
 *
 * Rotation: the keyring's active key encrypts; every key in the ring decrypts. Deploy the new key
 * to every worker and client first (listed, not active), then make it active everywhere; keep the
 * old key as long as any history that may still be replayed or read holds its payloads (open
 * workflows, closed ones within the namespace's retention).
 * Decoding leaves payloads without "binary/encrypted" alone, so histories written before the
 * codec existed still replay. Errors never include key material or payload data.
 */
export class EncryptionCodec implements PayloadCodec {
  readonly activeKeyId: string;
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(keyring: Keyring) {
    const keys = new Map<string, Buffer>();
    for (const [id, key] of Object.entries(keyring.keys)) {
      if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) throw new ValueError(`codec key "${id}" must be ${KEY_BYTES} bytes`);
      keys.set(id, Buffer.from(key)); // a private copy
    }
    if (!keys.has(keyring.activeKeyId)) throw new ValueError(`active codec key "${keyring.activeKeyId}" is not in the keyring`);
    this.keys = keys;
    this.activeKeyId = keyring.activeKeyId;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => (text(payload.metadata?.[METADATA_ENCODING_KEY]) === ENCRYPTED_ENCODING ? this.decrypt(payload) : payload));
  }

  private encrypt(payload: Payload): Payload {
    const keyId = this.activeKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.keys.get(keyId)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(keyId));
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
    return {
      metadata: { [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING), [CIPHER_METADATA]: utf8(CIPHER), [KEY_ID_METADATA]: utf8(keyId) },
      data: Buffer.concat([iv, ciphertext, cipher.getAuthTag()]),
    };
  }

  private decrypt(payload: Payload): Payload {
    const cipherName = text(payload.metadata?.[CIPHER_METADATA]);
    if (cipherName !== CIPHER) throw new ValueError(`encrypted payload: unsupported cipher "${cipherName ?? ''}"`);
    const keyId = text(payload.metadata?.[KEY_ID_METADATA]) ?? '';
    const key = this.keys.get(keyId);
    if (!key) throw new ValueError(`encrypted payload: key "${keyId}" is not in the codec keyring`);
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError('encrypted payload: data too short');
    const decipher = createDecipheriv(CIPHER, key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(keyId));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new ValueError('encrypted payload: authentication failed (tampered, or encrypted with another key)');
    }
    return temporal.api.common.v1.Payload.decode(plain);
  }
}

// Development-only key so a local start and the tests work without configuration; production
// refuses to start without TEMPORAL_CODEC_KEYRING (see temporalCodecConfigProblem).
const DEV_KEYRING = 'tdev1:ZmVuZ3FpYW8tZGV2LW9ubHktdGVtcG9yYWwtY29kZWM=;active=tdev1';

/** What the apps' configs carry: `TEMPORAL_CODEC_KEYRING` uses the PII_KEYRING format (libs/pii keyringFromEnv). */
export interface TemporalCodecEnv {
  NODE_ENV?: string;
  TEMPORAL_CODEC_KEYRING?: string;
}

/** For config loaders: what is wrong with TEMPORAL_CODEC_KEYRING (never key material), or undefined. */
export function temporalCodecConfigProblem(env: TemporalCodecEnv): string | undefined {
  if (!env.TEMPORAL_CODEC_KEYRING) return env.NODE_ENV === 'production' ? 'required in production' : undefined;
  try {
    keyringFromEnv(env.TEMPORAL_CODEC_KEYRING);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : 'invalid keyring';
  }
}

/** The codec every worker and client of the apps uses: the configured keyring, or the dev one outside production. */
export function temporalCodecFromEnv(env: TemporalCodecEnv): EncryptionCodec {
  const problem = temporalCodecConfigProblem(env);
  if (problem) throw new Error(`invalid configuration:\n  TEMPORAL_CODEC_KEYRING: ${problem}`);
  return new EncryptionCodec(keyringFromEnv(env.TEMPORAL_CODEC_KEYRING || DEV_KEYRING));
}
