import { newSecret, signatureHeader, verifySignature } from './signature';

describe('delivery signatures', () => {
  const secret = newSecret();
  const body = JSON.stringify({ id: 'e1', type: 'cn.fengqiao.case.registered.v1' });
  const at = new Date('2026-12-07T03:00:00Z');

  it('signs "<t>.<body>" with HMAC-SHA256 in the header t=…,v1=…', () => {
    const h = signatureHeader(secret, body, at);
    expect(h).toMatch(/^t=1796612400,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, body, h, at)).toBe(true);
  });

  it('refuses another body, another secret, a stale timestamp, a missing or malformed header', () => {
    const h = signatureHeader(secret, body, at);
    expect(verifySignature(secret, body + ' ', h, at)).toBe(false);
    expect(verifySignature(newSecret(), body, h, at)).toBe(false);
    expect(verifySignature(secret, body, h, new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifySignature(secret, body, undefined, at)).toBe(false);
    expect(verifySignature(secret, body, 'v1=zz', at)).toBe(false);
  });

  it('gives each subscription its own random secret', () => {
    expect(newSecret()).not.toBe(newSecret());
    expect(newSecret()).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  });
});
