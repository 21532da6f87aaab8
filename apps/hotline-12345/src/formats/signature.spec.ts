import { checkSignature, signBody } from './signature';

const o = { secret: 'a-shared-secret-of-some-length', centre: 'demo', toleranceS: 300 };
const body = Buffer.from('{"orderNo":"A-1"}');
const now = 1_800_000_000_000;
const ts = String(now / 1000);

describe('the signed requests of both sides', () => {
  it('accepts the signature of the body with the shared secret', () => {
    expect(checkSignature(o, { centre: 'demo', timestamp: ts, signature: signBody(o.secret, now / 1000, body) }, body, now)).toBe('ok');
  });

  it('refuses a changed body, another secret, another centre, a stale or missing timestamp', () => {
    const sig = signBody(o.secret, now / 1000, body);
    expect(checkSignature(o, { centre: 'demo', timestamp: ts, signature: sig }, Buffer.from('{"orderNo":"A-2"}'), now)).toBe('mismatch');
    expect(checkSignature(o, { centre: 'demo', timestamp: ts, signature: signBody('another-secret-entirely', now / 1000, body) }, body, now)).toBe('mismatch');
    expect(checkSignature(o, { centre: 'other', timestamp: ts, signature: sig }, body, now)).toBe('unknown-centre');
    expect(checkSignature(o, { centre: 'demo', timestamp: ts, signature: sig }, body, now + 301_000)).toBe('stale');
    expect(checkSignature(o, { centre: 'demo', signature: sig }, body, now)).toBe('missing');
  });
});
