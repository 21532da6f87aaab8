import { createHmac, randomBytes } from 'node:crypto';
import { blindIndex } from './blind-index';
import { PiiException } from './pii.exception';

describe('blindIndex', () => {
  const key = randomBytes(32);

  it('is HMAC-SHA256 in hex, deterministic for one key', () => {
    const value = blindIndex('11010519491231002X', key);
    expect(value).toMatch(/^[0-9a-f]{64}$/);
    expect(value).toBe(blindIndex('11010519491231002X', key));
    expect(value).toBe(createHmac('sha256', key).update('11010519491231002X').digest('hex'));
  });

  it('depends on the key', () => {
    expect(blindIndex('13812345678', key)).not.toBe(blindIndex('13812345678', randomBytes(32)));
  });

  it('normalises case, width and whitespace first', () => {
    const expected = blindIndex('11010519491231002X', key);
    expect(blindIndex('11010519491231002x', key)).toBe(expected);
    expect(blindIndex(' 110105 19491231002X\n', key)).toBe(expected);
    expect(blindIndex('１１０１０５１９４９１２３１００２Ｘ', key)).toBe(expected);
    expect(blindIndex('11010519491231002Y', key)).not.toBe(expected);
  });

  it('refuses short keys', () => {
    expect(() => blindIndex('x', randomBytes(16))).toThrow(PiiException);
  });
});
