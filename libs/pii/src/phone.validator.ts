export type PhoneKind = 'mobile' | 'landline';

export type PhoneResult = { readonly ok: true; readonly normalized: string; readonly kind: PhoneKind } | { readonly ok: false; readonly message: string };

const MOBILE_RE = /^(?:\+86|0086|86)?(1[3-9]\d{9})$/;
// Area codes: 010 and 02x have three digits; every other area code is 0 + [3-9] + two digits.
const AREA_CODE_RE = /^(?:010|02\d|0[3-9]\d{2})$/;
const LOCAL_RE = /^\d{7,8}$/;
const INVALID =
  '电话号码格式错误：应为11位手机号码，或带区号的固定电话（如 010-12345678） / Not a mainland mobile number or a landline with area code (e.g. 010-12345678)';

/**
 * Mainland mobile (optionally +86/86, spaces and dashes ignored) → 11 digits, or
 * landline 0AA(A)-NNNNNNN(N) → "area-local". Full-width digits are accepted.
 */
export function validatePhone(p: string): PhoneResult {
  const compact = String(p).normalize('NFKC').replace(/\s+/g, '');
  const mobile = MOBILE_RE.exec(compact.replace(/-/g, ''));
  if (mobile) return { ok: true, normalized: mobile[1], kind: 'mobile' };

  const landline = splitLandline(compact);
  if (landline) return { ok: true, normalized: `${landline.area}-${landline.local}`, kind: 'landline' };
  return { ok: false, message: INVALID };
}

function splitLandline(compact: string): { area: string; local: string } | undefined {
  const parts = compact.split('-');
  let area: string;
  let local: string;
  if (parts.length === 2) {
    [area, local] = parts;
  } else if (parts.length === 1) {
    // Without a dash the area code length follows from its prefix.
    const areaLength = /^0(?:10|2)/.test(compact) ? 3 : 4;
    area = compact.slice(0, areaLength);
    local = compact.slice(areaLength);
  } else {
    return undefined;
  }
  return AREA_CODE_RE.test(area) && LOCAL_RE.test(local) ? { area, local } : undefined;
}
