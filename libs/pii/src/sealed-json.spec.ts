import { piiCipherFromEnv } from './dev-keys';
import { openJson, sealJson } from './sealed-json';

describe('sealed JSON', () => {
  it('round-trips a value and shows nothing of it on the way', () => {
    const cipher = piiCipherFromEnv(undefined);
    const value = { name: '王小明', phone: '13800138000', nested: [1, { a: true }] };
    const message = sealJson(cipher, value);
    expect(message.sealed).not.toContain('王小明');
    expect(message.sealed).not.toContain('13800138000');
    expect(openJson(cipher, message)).toEqual(value);
  });

  it('refuses a tampered message', () => {
    const cipher = piiCipherFromEnv(undefined);
    const message = sealJson(cipher, { x: 1 });
    const tampered = { sealed: message.sealed.slice(0, -2) + (message.sealed.endsWith('A') ? 'BB' : 'AA') };
    expect(() => openJson(cipher, tampered)).toThrow();
  });
});
