import { validateIdNumber } from './id-number.validator';

// Independent ISO 7064 MOD 11-2: weights 2^(17-i) mod 11; check c makes sum + c ≡ 1 (mod 11), 10 → X.
function referenceCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const c = (12 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}
const withCheck = (first17: string) => first17 + referenceCheck(first17);
const TODAY = '2026-11-20';
const ALPHABET = '0123456789X'.split('');

const VALID = [
  '11010519491231002X', // published example (GB 11643-1999), female
  withCheck('62010219900101123'),
  withCheck('44030620240229001'), // born on a leap day
  withCheck('31010119801231987'),
  withCheck('51010720261120555'), // born "today"
  withCheck('35262319871129468'), // no zero digit in the first 17: every weight matters
];

describe('validateIdNumber', () => {
  it('the reference implementation agrees with the published example', () => {
    expect(referenceCheck('11010519491231002')).toBe('X');
  });

  it.each(VALID)('accepts %s', (id) => {
    expect(validateIdNumber(id, TODAY)).toMatchObject({ ok: true, normalized: id });
  });

  it('extracts birth date and sex, and normalises a lowercase x', () => {
    expect(validateIdNumber(' 11010519491231002x ', TODAY)).toEqual({
      ok: true,
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
    });
    expect(validateIdNumber('１１０１０５１９４９１２３１００２ｘ', TODAY)).toMatchObject({ ok: true, normalized: '11010519491231002X' });
    expect(validateIdNumber(withCheck('62010219900101123'), TODAY)).toMatchObject({ birthDate: '1990-01-01', sex: 'male' });
  });

  it('rejects every single-character substitution (all 18 positions × every other character of [0-9X])', () => {
    let tried = 0;
    for (const id of VALID) {
      for (let i = 0; i < 18; i++) {
        for (const c of ALPHABET) {
          if (c === id[i]) continue;
          const changed = id.slice(0, i) + c + id.slice(i + 1);
          expect({ changed, ok: validateIdNumber(changed, TODAY).ok }).toEqual({ changed, ok: false });
          tried++;
        }
      }
    }
    expect(tried).toBe(VALID.length * 18 * 10);
  });

  it('detects substitutions by the check character itself, not only by the date or format rules', () => {
    // Sequence digits (positions 14–16) are free of other rules, so only MOD 11-2 can catch these.
    for (const id of VALID) {
      for (let i = 14; i <= 16; i++) {
        for (const c of '0123456789') {
          if (c === id[i]) continue;
          expect(validateIdNumber(id.slice(0, i) + c + id.slice(i + 1), TODAY)).toMatchObject({ code: 'check-character' });
        }
      }
    }
  });

  it('rejects every transposition of two neighbouring distinct characters', () => {
    let tried = 0;
    for (const id of VALID) {
      for (let i = 0; i < 17; i++) {
        if (id[i] === id[i + 1]) continue;
        const swapped = id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
        expect({ swapped, ok: validateIdNumber(swapped, TODAY).ok }).toEqual({ swapped, ok: false });
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(50);
  });

  it.each([
    ['Feb 30', withCheck('62010219900230123')],
    ['2023-02-29 (not a leap year)', withCheck('62010220230229123')],
    ['month 13', withCheck('62010219901301123')],
    ['day 00', withCheck('62010219900100123')],
    ['before 1800', withCheck('44052417990101001')],
    ['after today', withCheck('62010220261121123')],
  ])('rejects a birth date: %s', (_, id) => {
    expect(validateIdNumber(id, TODAY)).toEqual({
      ok: false,
      code: 'birth-date',
      message: '身份证号码中的出生日期无效 / ID number contains an invalid birth date',
    });
  });

  it("accepts the examples the issue names, GB 11643's own 1880 example included", () => {
    expect(validateIdNumber('11010519491231002X', TODAY)).toMatchObject({ ok: true, birthDate: '1949-12-31' });
    expect(validateIdNumber('440524188001010014', TODAY)).toMatchObject({ ok: true, birthDate: '1880-01-01', sex: 'male' });
  });

  it('reads `today` given as a Date in China time', () => {
    const bornToday = withCheck('51010720261120555');
    expect(validateIdNumber(bornToday, new Date(Date.UTC(2026, 10, 19, 16, 0))).ok).toBe(true); // 00:00 in Beijing
    expect(validateIdNumber(bornToday, new Date(Date.UTC(2026, 10, 19, 15, 59))).ok).toBe(false);
  });

  it('rejects a wrong check character with a bilingual message', () => {
    expect(validateIdNumber('110105194912310021', TODAY)).toEqual({
      ok: false,
      code: 'check-character',
      message: '身份证号码校验位错误 / ID number check character is wrong',
    });
  });

  it.each(['', '11010519491231002', '11010519491231002X1', '1101051949123100XX', '01010519491231002X', '110105 19491231002X'])(
    'rejects the format of %p',
    (id) => {
      expect(validateIdNumber(id, TODAY)).toMatchObject({
        ok: false,
        code: 'format',
        message: expect.stringMatching(/^身份证号码格式错误.* \/ ID number format is wrong/),
      });
    },
  );

  it('defaults `today` to the current date', () => {
    expect(validateIdNumber('11010519491231002X').ok).toBe(true);
    expect(validateIdNumber(withCheck('62010229991231123'))).toMatchObject({ code: 'birth-date' });
  });

  it('rejects an invalid `today`', () => {
    expect(() => validateIdNumber('11010519491231002X', '2026-02-30')).toThrow(/today/);
  });
});
