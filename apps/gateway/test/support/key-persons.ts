import { randomBytes } from 'node:crypto';
import { CURRENT_ASSESSMENT_FORM } from '@fengqiao/rules';
import type { Platform } from '../platform.harness';

/** The demo users of docs/demo-county.md who work the key-person register in these tests. */
export const KP = {
  officer: 'key-person.621102101',
  leader: 'leader.621102',
  grid: 'grid.621102101201',
  police: 'dept.public-security.621102101',
  clerk: 'clerk.621102101',
  otherClerk: 'clerk.621102102',
} as const;

/** A valid resident ID number (GB 11643 check digit) from its first 17 digits. */
export function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11];
}

/** Distinctive values for one test person, so a scan for them finds nothing else. */
export function distinctivePerson(name: string) {
  const n = (digits: number) => String(parseInt(randomBytes(4).toString('hex'), 16) % 10 ** digits).padStart(digits, '0');
  return {
    name,
    // born 1983-0M-1D (always a real date), a random sequence number
    idNumber: idNumber(`6211021983${String(1 + (Number(n(1)) % 9)).padStart(2, '0')}1${n(1)}${n(3)}`),
    phone: `137${n(8)}`,
    address: `巉口镇东川村${n(4)}号院`,
    description: `因宅基地纠纷多次越级上访（${name}的情况说明）`,
  };
}

/** Beijing calendar day `days` from now, YYYY-MM-DD. */
export const beijingDay = (days = 0) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

export type Answer<T> = {
  status: number;
  headers: Headers;
  body: T & { code?: string; detail?: string; title?: string; errors?: Array<{ path: string; message: string }> };
};

/** GET without a body, POST with one; the public API only. */
export async function call<T>(p: Platform, path: string, user: string | { token: string }, body?: unknown): Promise<Answer<T>> {
  const token = typeof user === 'string' ? await p.ctx.tokenFor(user) : user.token;
  const res = await p.api(path, { method: body === undefined ? 'GET' : 'POST', token, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // CSV and other non-JSON answers stay text
  }
  return { status: res.status, headers: res.headers, body: parsed as Answer<T>['body'] };
}

/** The body of `POST /api/v1/key-persons` for a person of Chankou town with a grid worker and a police officer responsible. */
export function registration(person: ReturnType<typeof distinctivePerson>, o: Record<string, unknown> = {}) {
  return {
    ...person,
    gender: 'male',
    category: 'long-term-petitioner',
    riskLevel: 'medium',
    orgUnit: '621102101',
    reason: '近三个月多次越级上访',
    responsible: [
      { username: KP.grid, role: 'grid-worker' },
      { username: KP.police, role: 'police' },
    ],
    measures: [{ kind: 'help', text: '协调村委会帮助解决宅基地确权' }],
    ...o,
  };
}

/** Every question answered with its riskiest option (→ high), or one left out. */
export function answers(o: { leaveOut?: string } = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const q of CURRENT_ASSESSMENT_FORM.questions) {
    if (q.id === o.leaveOut) continue;
    out[q.id] = [...q.options].sort((a, b) => b.score - a.score)[0]!.id;
  }
  return out;
}
