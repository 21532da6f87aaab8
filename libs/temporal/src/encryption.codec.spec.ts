import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { keyringFromEnv } from '@fengqiao/pii';
import { EncryptionCodec, ENCRYPTED_ENCODING, temporalCodecConfigProblem, temporalCodecFromEnv } from './encryption.codec';

const k1 = randomBytes(32).toString('base64');
const k2 = randomBytes(32).toString('base64');
const ringK1 = keyringFromEnv(`k1:${k1}`);
const ringK1K2 = keyringFromEnv(`k1:${k1},k2:${k2};active=k2`);

const personal = { caseNo: '621102101-2026-000001', idNumber: '11010519491231002X', phone: '13812345678', name: '王建国' };
const toPayload = (v: unknown) => defaultPayloadConverter.toPayload(v) as Payload;
const fromPayload = (p: Payload) => defaultPayloadConverter.fromPayload(p);
const meta = (p: Payload, key: string) => Buffer.from(p.metadata![key]!).toString('utf8');
const bytesOf = (p: Payload) => Buffer.from(p.data ?? new Uint8Array());

describe('EncryptionCodec', () => {
  const codec = new EncryptionCodec(ringK1);

  it('round-trips JSON, binary, null and empty payloads', async () => {
    const values = [personal, 'text', 0, [1, 2], new Uint8Array([0, 255, 7]), null, undefined];
    const plain = values.map(toPayload);
    const decoded = await codec.decode(await codec.encode(plain));
    expect(decoded.map(fromPayload)).toEqual(values);
    expect(await codec.encode([])).toEqual([]);
  });

  it('writes binary/encrypted metadata with cipher and key id, and no plain text', async () => {
    const [encrypted] = await codec.encode([toPayload(personal)]);
    expect(Object.keys(encrypted!.metadata!).sort()).toEqual(['encoding', 'encryption-cipher', 'encryption-key-id']);
    expect(meta(encrypted!, 'encoding')).toBe(ENCRYPTED_ENCODING);
    expect(meta(encrypted!, 'encryption-cipher')).toBe('aes-256-gcm');
    expect(meta(encrypted!, 'encryption-key-id')).toBe('k1');
    const data = bytesOf(encrypted!);
    expect(data.length).toBeGreaterThanOrEqual(12 + 16);
    for (const s of [personal.idNumber, personal.phone, personal.name, personal.caseNo, 'json/plain']) {
      expect(data.includes(Buffer.from(s, 'utf8'))).toBe(false);
    }
  });

  it('uses a fresh IV for every payload', async () => {
    const [a, b] = await codec.encode([toPayload(personal), toPayload(personal)]);
    expect(bytesOf(a!).equals(bytesOf(b!))).toBe(false);
  });

  it('after rotation, encrypts with the new active key and still decrypts the old key', async () => {
    const [old] = await new EncryptionCodec(ringK1).encode([toPayload(personal)]);
    const rotated = new EncryptionCodec(ringK1K2);
    expect(fromPayload((await rotated.decode([old!]))[0]!)).toEqual(personal);

    const [fresh] = await rotated.encode([toPayload(personal)]);
    expect(meta(fresh!, 'encryption-key-id')).toBe('k2');
    // A worker that does not know k2 yet cannot read it, and says which key it lacks.
    await expect(new EncryptionCodec(ringK1).decode([fresh!])).rejects.toThrow('key "k2" is not in the codec keyring');
  });

  it('detects tampering with the ciphertext, the tag, or the key id label', async () => {
    const ring = new EncryptionCodec(ringK1K2);
    const [encrypted] = await ring.encode([toPayload(personal)]);
    const flipped = (i: number): Payload => {
      const data = Buffer.from(bytesOf(encrypted!));
      data[i < 0 ? data.length + i : i]! ^= 0x01;
      return { ...encrypted!, data };
    };
    await expect(ring.decode([flipped(20)])).rejects.toThrow('authentication failed');
    await expect(ring.decode([flipped(-1)])).rejects.toThrow('authentication failed');
    await expect(ring.decode([flipped(0)])).rejects.toThrow('authentication failed');
    const relabelled = { ...encrypted!, metadata: { ...encrypted!.metadata, 'encryption-key-id': Buffer.from('k1') } };
    await expect(ring.decode([relabelled])).rejects.toThrow('authentication failed');
    await expect(ring.decode([{ ...encrypted!, data: bytesOf(encrypted!).subarray(0, 20) }])).rejects.toThrow('too short');
    const otherCipher = { ...encrypted!, metadata: { ...encrypted!.metadata, 'encryption-cipher': Buffer.from('aes-128-cbc') } };
    await expect(ring.decode([otherCipher])).rejects.toThrow('unsupported cipher');
  });

  it('passes payloads that are not encrypted through unchanged (histories from before the codec)', async () => {
    const plain = [toPayload(personal), toPayload(null), { metadata: {}, data: new Uint8Array([1]) }, {}];
    const decoded = await codec.decode(plain);
    expect(decoded).toHaveLength(plain.length);
    decoded.forEach((p, i) => expect(p).toBe(plain[i]));
  });

  it('refuses a keyring whose active key is missing or whose key is not 32 bytes', () => {
    expect(() => new EncryptionCodec({ activeKeyId: 'k9', keys: { k1: randomBytes(32) } })).toThrow('not in the keyring');
    expect(() => new EncryptionCodec({ activeKeyId: 'k1', keys: { k1: randomBytes(16) } })).toThrow('32 bytes');
  });
});

describe('TEMPORAL_CODEC_KEYRING', () => {
  it('is required in production and optional elsewhere (a fixed dev key)', async () => {
    expect(temporalCodecConfigProblem({ NODE_ENV: 'production' })).toBe('required in production');
    expect(temporalCodecConfigProblem({ NODE_ENV: 'production', TEMPORAL_CODEC_KEYRING: `k1:${k1}` })).toBeUndefined();
    expect(temporalCodecConfigProblem({ NODE_ENV: 'test' })).toBeUndefined();
    expect(temporalCodecConfigProblem({ NODE_ENV: 'development' })).toBeUndefined();
    expect(() => temporalCodecFromEnv({ NODE_ENV: 'production' })).toThrow('TEMPORAL_CODEC_KEYRING: required in production');

    // Two processes without configuration (orchestrator and intake in a dev start) share the dev key.
    const [encrypted] = await temporalCodecFromEnv({ NODE_ENV: 'development' }).encode([toPayload(personal)]);
    expect(fromPayload((await temporalCodecFromEnv({ NODE_ENV: 'test' }).decode([encrypted!]))[0]!)).toEqual(personal);
  });

  it('reports a malformed keyring without echoing key material', () => {
    const problem = temporalCodecConfigProblem({ NODE_ENV: 'development', TEMPORAL_CODEC_KEYRING: `k1:${k1};${k2}` });
    expect(problem).toMatch(/not "active=<id>"/);
    expect(problem).not.toContain(k2);
    expect(temporalCodecConfigProblem({ TEMPORAL_CODEC_KEYRING: 'k1:AAAA' })).toMatch(/32 bytes/);
  });

  it('uses the configured keyring when given', async () => {
    const codec = temporalCodecFromEnv({ NODE_ENV: 'production', TEMPORAL_CODEC_KEYRING: `k1:${k1},k2:${k2};active=k2` });
    expect(codec.activeKeyId).toBe('k2');
    const [encrypted] = await codec.encode([toPayload(personal)]);
    expect(fromPayload((await new EncryptionCodec(ringK1K2).decode([encrypted!]))[0]!)).toEqual(personal);
  });
});
