import { randomBytes } from 'node:crypto';
import { PiiCipher } from './pii-cipher';
import { PiiException } from './pii.exception';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const TOKEN_RE = /^v1\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]{22})$/;

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof PiiException ? e.code : `not a PiiException: ${String(e)}`;
  }
  return undefined;
};

// Replaces the first character of one base64url part so the decoded bytes really change.
function flip(token: string, part: number): string {
  const parts = token.split('.');
  parts[part] = (parts[part][0] === 'A' ? 'B' : 'A') + parts[part].slice(1);
  return parts.join('.');
}

describe('PiiCipher', () => {
  const cipher = new PiiCipher({ activeKeyId: 'k1', keys: { k1 } });

  it.each(['张三丰', '11010519491231002X', '', 'emoji 😀 and 中文', 'x'.repeat(10_000)])('round-trips %p', (plain) => {
    const token = cipher.encrypt(plain);
    expect(token).toMatch(TOKEN_RE);
    expect(cipher.decrypt(token)).toBe(plain);
  });

  it('uses a fresh IV each time, so equal values give different tokens', () => {
    const a = cipher.encrypt('13812345678');
    const b = cipher.encrypt('13812345678');
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
  });

  it.each([
    [2, 'iv'],
    [3, 'ciphertext'],
    [4, 'tag'],
  ])('detects tampering with part %i (%s)', (part) => {
    const token = cipher.encrypt('张三丰 13812345678');
    expect(codeOf(() => cipher.decrypt(flip(token, part)))).toBe('tampered');
  });

  it('detects a token relabelled with another known key id', () => {
    const both = new PiiCipher({ activeKeyId: 'k1', keys: { k1, k2 } });
    const token = both.encrypt('秘密');
    expect(codeOf(() => both.decrypt(token.replace('v1.k1.', 'v1.k2.')))).toBe('tampered');
  });

  it('reports a key it does not know, an unsupported version and malformed tokens', () => {
    const token = cipher.encrypt('x');
    expect(codeOf(() => new PiiCipher({ activeKeyId: 'k2', keys: { k2 } }).decrypt(token))).toBe('unknown-key');
    expect(codeOf(() => cipher.decrypt(token.replace(/^v1/, 'v2')))).toBe('unsupported-version');
    expect(codeOf(() => cipher.decrypt(token.split('.').slice(0, 4).join('.')))).toBe('malformed-token');
    expect(codeOf(() => cipher.decrypt('not a token'))).toBe('malformed-token');
    expect(codeOf(() => cipher.decrypt(token.replace(/\.([^.]+)$/, '.$1=')))).toBe('malformed-token'); // padding
    expect(codeOf(() => cipher.decrypt(flip(token, 2).replace(/^(v1\.k1\.)[^.]+/, '$1AAAA')))).toBe('malformed-token'); // short iv
  });

  it('explains failures in Chinese first, then English', () => {
    const err = (() => {
      try {
        cipher.decrypt(flip(cipher.encrypt('x'), 3));
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a failure');
    })();
    expect(err.message).toBe('密文校验失败（已被篡改或密钥不符） / Ciphertext failed authentication (tampered or wrong key)');
  });

  describe('key rotation', () => {
    const old = new PiiCipher({ activeKeyId: 'k1', keys: { k1 } });
    const rotated = new PiiCipher({ activeKeyId: 'k2', keys: { k1, k2 } });

    it('decrypts tokens made with a retired key and encrypts with the active one', () => {
      const legacy = old.encrypt('李四');
      expect(rotated.decrypt(legacy)).toBe('李四');
      expect(rotated.needsRotation(legacy)).toBe(true);
      const fresh = rotated.encrypt('李四');
      expect(rotated.keyIdOf(fresh)).toBe('k2');
      expect(rotated.needsRotation(fresh)).toBe(false);
      expect(codeOf(() => old.decrypt(fresh))).toBe('unknown-key');
    });
  });

  it('validates the keyring', () => {
    expect(codeOf(() => new PiiCipher({ activeKeyId: 'k9', keys: { k1 } }))).toBe('invalid-keyring');
    expect(codeOf(() => new PiiCipher({ activeKeyId: 'k1', keys: { k1: randomBytes(16) } }))).toBe('invalid-keyring');
    expect(codeOf(() => new PiiCipher({ activeKeyId: 'k.1', keys: { 'k.1': k1 } }))).toBe('invalid-keyring');
  });

  it('copies key material, so later changes to the caller’s buffer do not matter', () => {
    const key = Buffer.from(k1);
    const c = new PiiCipher({ activeKeyId: 'k1', keys: { k1: key } });
    const token = c.encrypt('王五');
    key.fill(0);
    expect(c.decrypt(token)).toBe('王五');
  });
});
