import { createHmac } from 'node:crypto';
import { checkTimestampedHmac, timestampedHmac } from './timestamped-hmac';

describe('timestamped HMAC', () => {
  const at = new Date('2026-12-07T03:00:00Z');
  const t = Math.floor(at.getTime() / 1000);
  const body = '{"a":1}';
  const sig = timestampedHmac('s3cret', t, body);
  const check = (o: Partial<Parameters<typeof checkTimestampedHmac>[0]>, now = at) =>
    checkTimestampedHmac({ secret: 's3cret', timestamp: t, body, signatures: [sig], toleranceS: 300, ...o }, now);

  it('is hex HMAC-SHA256 over "<t>.<raw body>", alike for a string and its bytes', () => {
    expect(sig).toBe(createHmac('sha256', 's3cret').update(`${t}.${body}`).digest('hex'));
    expect(timestampedHmac('s3cret', t, Buffer.from(body))).toBe(sig);
  });

  it('accepts the signature, also among others (a rotation)', () => {
    expect(check({})).toBe('ok');
    expect(check({ signatures: ['00', 'zz', sig] })).toBe('ok');
  });

  it('refuses another body, secret or timestamp, a malformed signature, and none', () => {
    expect(check({ body: '{"a":2}' })).toBe('mismatch');
    expect(check({ secret: 'other' })).toBe('mismatch');
    expect(check({ timestamp: t + 1 })).toBe('mismatch');
    expect(check({ signatures: [sig.slice(2)] })).toBe('mismatch');
    expect(check({ signatures: [`${sig.slice(0, -1)}x`] })).toBe('mismatch');
    expect(check({ signatures: [] })).toBe('mismatch');
  });

  it('refuses a timestamp outside the tolerance either way (a replay)', () => {
    expect(check({}, new Date(at.getTime() + 301_000))).toBe('stale');
    expect(check({}, new Date(at.getTime() - 301_000))).toBe('stale');
    expect(check({}, new Date(at.getTime() + 299_000))).toBe('ok');
    expect(check({ timestamp: Number.NaN })).toBe('stale');
  });
});
