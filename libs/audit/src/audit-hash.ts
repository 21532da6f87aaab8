import { createHash } from 'node:crypto';

/** `prev_hash` of the first entry, and the hash of an empty chain's head (64 zeros). */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditResult = 'allowed' | 'denied';

/**
 * Exactly what one entry's hash covers, under the column names of `audit.entries`.
 * The hash of entry n is
 *
 *   hash = lowercase hex sha256( utf8( prev_hash || canonicalJson(record) ) )
 *
 * where `prev_hash` is the hash of entry n-1 (GENESIS_HASH for seq 1) and `record` has
 * these 14 keys, always all of them (a missing optional value is `null`):
 *
 *   seq            number, 1, 2, 3, ... without gaps
 *   at             string, UTC with microseconds: "2026-03-01T08:15:30.123000Z"
 *   actor_id       string
 *   actor_name     string | null
 *   actor_roles    string[] (in the order given)
 *   actor_org_unit string | null
 *   action         string, e.g. "unmask.id-number", "read.key-person"
 *   subject_type   string | null
 *   subject_id     string | null
 *   reason         string | null
 *   source_ip      string | null
 *   request_id     string | null
 *   result         "allowed" | "denied"
 *   detail         any JSON value | null
 *
 * `prev_hash` is covered by the concatenation, so it cannot change without the hash changing.
 */
export interface AuditRecord {
  seq: number;
  at: string;
  actor_id: string;
  actor_name: string | null;
  actor_roles: string[];
  actor_org_unit: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  reason: string | null;
  source_ip: string | null;
  request_id: string | null;
  result: AuditResult;
  detail: unknown;
}

/** The field list above, in the order of the columns (the hash itself sorts the keys). */
export const HASHED_FIELDS = [
  'seq',
  'at',
  'actor_id',
  'actor_name',
  'actor_roles',
  'actor_org_unit',
  'action',
  'subject_type',
  'subject_id',
  'reason',
  'source_ip',
  'request_id',
  'result',
  'detail',
] as const satisfies ReadonlyArray<keyof AuditRecord>;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * JSON with the keys of every object sorted (by UTF-16 code units, JavaScript's default
 * sort), no whitespace; otherwise JSON.stringify's rules (toJSON, undefined members dropped,
 * undefined array items as null). The same value always gives the same text.
 */
export function canonicalJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (!isPlainObject(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = v[k];
    return sorted;
  });
  if (text === undefined) throw new TypeError('canonicalJson: value has no JSON form');
  return text;
}

/**
 * The value as it comes back from a jsonb column: what `detail` is hashed as. `undefined`
 * becomes null; Dates become strings; undefined members disappear.
 */
export function jsonRoundTrip(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(canonicalJson(value));
}

const MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** `at` as hashed: UTC ISO 8601 with exactly six fractional digits (PostgreSQL's precision). */
export function canonicalAt(at: Date | string): string {
  if (typeof at === 'string' && MICROS.test(at)) return at;
  const d = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(d.getTime())) throw new TypeError(`canonicalAt: not a time: ${String(at)}`);
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The hash of one entry (see AuditRecord for the exact input). */
export function auditHash(prevHash: string, record: AuditRecord): string {
  const canonical: Record<string, unknown> = {};
  for (const f of HASHED_FIELDS) canonical[f] = f === 'detail' ? jsonRoundTrip(record.detail) : (record[f] ?? null);
  canonical['actor_roles'] = record.actor_roles ?? [];
  return sha256Hex(prevHash + canonicalJson(canonical));
}
