import { validatePhone } from './phone.validator';

describe('validatePhone', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['86-138-1234-5678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['0086 13812345678', '13812345678'],
    ['199-0000-1111', '19900001111'],
    ['１３８１２３４５６７８', '13812345678'], // full-width digits from a Chinese IME
  ])('mobile %p → %s', (input, normalized) => {
    expect(validatePhone(input)).toEqual({ ok: true, normalized, kind: 'mobile' });
  });

  it.each([
    ['010-12345678', '010-12345678'],
    ['01012345678', '010-12345678'],
    ['020 8888 8888', '020-88888888'],
    ['0755-1234567', '0755-1234567'],
    ['075512345678', '0755-12345678'],
    ['0931-8123456', '0931-8123456'],
  ])('landline %p → %s', (input, normalized) => {
    expect(validatePhone(input)).toEqual({ ok: true, normalized, kind: 'landline' });
  });

  it.each([
    '12812345678', // no 12x mobile prefix
    '1381234567', // 10 digits
    '138123456789', // 12 digits
    '+1 13812345678',
    '013812345678', // 0138 is not an area code
    '010-123456', // local number too short
    '0755-123456789',
    '0755--12345678',
    '010-1234-5678',
    'abc',
    '',
  ])('rejects %p', (input) => {
    expect(validatePhone(input)).toEqual({ ok: false, message: expect.stringMatching(/^电话号码格式错误.* \/ Not a mainland/) });
  });
});
