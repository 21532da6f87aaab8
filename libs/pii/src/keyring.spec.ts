import { randomBytes } from 'node:crypto';
import { keyringFromEnv } from './keyring';
import { PiiCipher } from './pii-cipher';
import { PiiException } from './pii.exception';

const a = randomBytes(32);
const b = randomBytes(32);
const b64 = (k: Buffer) => k.toString('base64');

function failure(value: string): PiiException {
  try {
    keyringFromEnv(value);
  } catch (e) {
    if (e instanceof PiiException) return e;
    throw e;
  }
  throw new Error('expected keyringFromEnv to fail');
}

describe('keyringFromEnv', () => {
  it('parses several keys and the active one', () => {
    const ring = keyringFromEnv(`k1:${b64(a)},k2:${b64(b)};active=k2`);
    expect(ring.activeKeyId).toBe('k2');
    expect(ring.keys['k1'].equals(a)).toBe(true);
    expect(ring.keys['k2'].equals(b)).toBe(true);
    // and the result is directly usable
    const cipher = new PiiCipher(ring);
    expect(cipher.decrypt(cipher.encrypt('ok'))).toBe('ok');
  });

  it('tolerates whitespace, base64url keys, and a single key without "active"', () => {
    const ring = keyringFromEnv(` main : ${a.toString('base64url')} ; `);
    expect(ring.activeKeyId).toBe('main');
    expect(ring.keys['main'].equals(a)).toBe(true);
  });

  it.each([
    ['', /no keys/],
    [`k1:${b64(a)},k2:${b64(b)}`, /no "active=<id>"/],
    [`k1:${b64(a)};active=k3`, /active key "k3" is not in the list/],
    [`k1:${b64(randomBytes(16))}`, /key "k1" must be 32 bytes in base64 \(got 16\)/],
    [`k1:not base64!`, /key "k1" must be 32 bytes/],
    [`k1:${b64(a)},k1:${b64(b)};active=k1`, /appears more than once/],
    [`k.1:${b64(a)}`, /entry 1: expected <id>:<key>/],
    [`${b64(a)}`, /entry 1/],
    [`k1:${b64(a)};active=k1;active=k1`, /more than once/],
    [`k1:${b64(a)};k2:${b64(b)}`, /option 1 after ";" is not "active=<id>"/],
  ])('rejects %p', (value, pattern) => {
    const e = failure(value);
    expect(e.code).toBe('invalid-keyring');
    expect(e.message).toMatch(/^密钥环配置无效/);
    expect(e.message).toMatch(pattern);
  });

  it('reports every problem at once and never echoes key material', () => {
    const short = b64(randomBytes(16));
    const e = failure(`k1:${short},k2:${b64(b)};k3:${b64(a)};active=k9`);
    expect(e.message).toMatch(/k1.*32 bytes/);
    expect(e.message).toMatch(/option 1/);
    expect(e.message).toMatch(/"k9"/);
    for (const secret of [short, b64(a), b64(b)]) expect(e.message).not.toContain(secret);
  });
});
