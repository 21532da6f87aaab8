import { chinaDateOf, isRealDate } from './china-date';

export type IdNumberErrorCode = 'format' | 'birth-date' | 'check-character';

export type IdNumberResult =
  | { readonly ok: true; readonly normalized: string; readonly birthDate: string; readonly sex: 'male' | 'female' }
  | { readonly ok: false; readonly code: IdNumberErrorCode; readonly message: string };

// GB 11643-1999: weights 2^(17-i) mod 11 for the first 17 characters; check = CHECK[sum mod 11].
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';
// 6-digit region (never starts with 0), 8-digit birth date, 3-digit sequence, check character.
const FORMAT_RE = /^[1-9]\d{5}(\d{4})(\d{2})(\d{2})\d{3}[\dX]$/;

const MESSAGES: Record<IdNumberErrorCode, string> = {
  format: '身份证号码格式错误：应为18位，前17位为数字，末位为数字或X / ID number format is wrong: 18 characters, 17 digits then a digit or X',
  'birth-date': '身份证号码中的出生日期无效 / ID number contains an invalid birth date',
  'check-character': '身份证号码校验位错误 / ID number check character is wrong',
};

/** The check character for the first 17 digits of a resident ID number. */
export function idNumberCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('first17 must be 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/**
 * Validates an 18-character resident ID number (居民身份证号码, GB 11643-1999).
 * `today` (YYYY-MM-DD or a Date, read in China time) bounds the birth date; it defaults to the
 * current date. Surrounding whitespace is ignored; full-width characters and a lowercase x are normalised.
 */
export function validateIdNumber(id: string, today?: string | Date): IdNumberResult {
  const normalized = String(id).normalize('NFKC').trim().toUpperCase(); // NFKC: full-width digits from an IME
  const fail = (code: IdNumberErrorCode): IdNumberResult => ({ ok: false, code, message: MESSAGES[code] });

  const m = FORMAT_RE.exec(normalized);
  if (!m) return fail('format');

  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const birthDate = `${m[1]}-${m[2]}-${m[3]}`;
  // YYYY-MM-DD strings compare correctly as text.
  // 1800: GB 11643's own example (440524188001010014) is born in 1880 and must pass.
  if (year < 1800 || !isRealDate(year, month, day) || birthDate > chinaDateOf(today ?? new Date())) {
    return fail('birth-date');
  }

  if (idNumberCheckCharacter(normalized.slice(0, 17)) !== normalized[17]) return fail('check-character');

  // The last digit of the sequence code is odd for men, even for women.
  const sex = Number(normalized[16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, normalized, birthDate, sex };
}
