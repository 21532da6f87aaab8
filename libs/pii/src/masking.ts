import { validatePhone } from './phone.validator';

const stars = (n: number): string => '*'.repeat(Math.max(0, n));

/** '620102199001011234' → '620102********1234': region and last 4 stay, birth date and sequence go. */
export function maskIdNumber(id: string): string {
  const chars = Array.from(String(id).trim());
  // Too short to keep 10 characters and still hide something: hide everything.
  if (chars.length <= 10) return stars(chars.length);
  return chars.slice(0, 6).join('') + stars(chars.length - 10) + chars.slice(-4).join('');
}

/** Mobile '13812345678' → '138****5678'; landline '0755-12345678' → '0755-******78'; anything else fully hidden. */
export function maskPhone(phone: string): string {
  const result = validatePhone(phone);
  if (!result.ok) return stars(Array.from(String(phone).replace(/\s+/g, '')).length);
  if (result.kind === 'mobile') return `${result.normalized.slice(0, 3)}****${result.normalized.slice(-4)}`;
  const [area, local] = result.normalized.split('-');
  return `${area}-${stars(local.length - 2)}${local.slice(-2)}`;
}

/** '张三丰' → '张**', '欧阳娜娜' → '欧***'; a one-character input is hidden entirely. */
export function maskName(name: string): string {
  const chars = Array.from(String(name).trim()); // code points, so rare CJK Extension B characters count once
  if (chars.length <= 1) return stars(chars.length);
  return chars[0] + stars(chars.length - 1);
}
