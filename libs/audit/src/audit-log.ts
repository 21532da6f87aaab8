import type { EntityManager } from 'typeorm';
import { auditHash, canonicalAt, canonicalJson, GENESIS_HASH, jsonRoundTrip, type AuditRecord, type AuditResult } from './audit-hash';

/** One audited event: who (and in which role and org unit), did what to which record, why, from where, and whether it was allowed. */
export interface AuditEntryInput {
  /** Keycloak subject (`sub`) of the caller. */
  actorId: string;
  actorName?: string | null;
  actorRoles?: readonly string[];
  actorOrgUnit?: string | null;
  /** `<verb>.<what>`, e.g. 'unmask.id-number', 'unmask.phone', 'read.key-person'. */
  action: string;
  /** e.g. 'case-party', 'key-person'. */
  subjectType?: string | null;
  subjectId?: string | null;
  /** Why the caller needs it (the reason they typed, or the purpose of the endpoint). */
  reason?: string | null;
  sourceIp?: string | null;
  requestId?: string | null;
  result: AuditResult;
  /** Any JSON; stored as jsonb and hashed as it comes back from there. Never put the unmasked value here. */
  detail?: unknown;
}

export interface AppendedAudit {
  seq: number;
  hash: string;
  /** The stored time, as hashed (UTC, microseconds). */
  at: string;
}

function textOrNull(v: string | null | undefined): string | null {
  return v === undefined || v === null ? null : String(v);
}

/** The record as hashed and stored (validates the input). */
export function toAuditRecord(seq: number, at: Date | string, e: AuditEntryInput): AuditRecord {
  if (!e.actorId) throw new TypeError('audit: actorId is required');
  if (!e.action) throw new TypeError('audit: action is required');
  if (e.result !== 'allowed' && e.result !== 'denied') throw new TypeError(`audit: result must be 'allowed' or 'denied', not ${String(e.result)}`);
  const roles = [...(e.actorRoles ?? [])];
  if (roles.some((r) => typeof r !== 'string')) throw new TypeError('audit: actorRoles must be strings');
  return {
    seq,
    at: canonicalAt(at),
    actor_id: e.actorId,
    actor_name: textOrNull(e.actorName),
    actor_roles: roles,
    actor_org_unit: textOrNull(e.actorOrgUnit),
    action: e.action,
    subject_type: textOrNull(e.subjectType),
    subject_id: textOrNull(e.subjectId),
    reason: textOrNull(e.reason),
    source_ip: textOrNull(e.sourceIp),
    request_id: textOrNull(e.requestId),
    result: e.result,
    detail: jsonRoundTrip(e.detail),
  };
}

/** Locks the chain head for this transaction and gives it (creating the genesis head of an empty log). */
async function lockHead(m: EntityManager): Promise<{ seq: number; hash: string }> {
  // The head row serialises appends: whoever holds it owns the next seq, so seqs have no
  // gaps (a rolled-back append releases its seq together with the lock).
  let head = (await m.query(`SELECT seq, hash FROM audit.chain_head WHERE id = 1 FOR UPDATE`)) as Array<{ seq: string; hash: string }>;
  if (head.length === 0) {
    await m.query(`INSERT INTO audit.chain_head (id, seq, hash) VALUES (1, 0, $1) ON CONFLICT (id) DO NOTHING`, [GENESIS_HASH]);
    head = (await m.query(`SELECT seq, hash FROM audit.chain_head WHERE id = 1 FOR UPDATE`)) as Array<{ seq: string; hash: string }>;
  }
  return { seq: Number(head[0].seq), hash: head[0].hash };
}

/** Appends after `head` (locked by this transaction): the entry and the head's advance in one statement. */
async function appendAfter(m: EntityManager, head: { seq: number; hash: string }, entry: AuditEntryInput): Promise<AppendedAudit> {
  const prevHash = head.hash;
  const seq = head.seq + 1;
  // Taken under the lock, so `at` never goes backwards along the chain (on one clock).
  const record = toAuditRecord(seq, new Date(), entry);
  const hash = auditHash(prevHash, record);
  // The head's trigger sees the row the same statement inserted: it advances only to it.
  await m.query(
    `WITH e AS (
       INSERT INTO audit.entries (seq, at, actor_id, actor_name, actor_roles, actor_org_unit, action, subject_type, subject_id,
         reason, source_ip, request_id, result, detail, prev_hash, hash)
       VALUES ($1, $2::timestamptz, $3, $4, $5::text[], $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15, $16)
       RETURNING seq, hash)
     UPDATE audit.chain_head h SET seq = e.seq, hash = e.hash FROM e WHERE h.id = 1`,
    [
      seq,
      record.at,
      record.actor_id,
      record.actor_name,
      record.actor_roles,
      record.actor_org_unit,
      record.action,
      record.subject_type,
      record.subject_id,
      record.reason,
      record.source_ip,
      record.request_id,
      record.result,
      record.detail === null ? null : canonicalJson(record.detail),
      prevHash,
      hash,
    ],
  );
  head.seq = seq;
  head.hash = hash;
  return { seq, hash, at: record.at };
}

async function append(m: EntityManager, entry: AuditEntryInput): Promise<AppendedAudit> {
  return appendAfter(m, await lockHead(m), entry);
}

/**
 * Appends one entry to the hash-chained audit log inside the caller's transaction, so the
 * entry commits (or rolls back) together with what it records. Outside a transaction it
 * opens one of its own.
 *
 * It holds the chain head's row lock until that transaction ends: every audited
 * transaction queues behind it, so call it late in the transaction.
 */
export async function appendAudit(manager: EntityManager, entry: AuditEntryInput): Promise<AppendedAudit> {
  if (manager.queryRunner?.isTransactionActive) return append(manager, entry);
  return manager.transaction((m) => append(m, entry));
}

/** A record as `audit.append_entries` takes it: what is hashed, its link and its hash. */
export type HashedAuditRecord = AuditRecord & { prev_hash: string; hash: string };

/**
 * The entries as the links after `head`, in order, stamped now (the caller appends them under the
 * head's lock, or as one `audit.append_entries` call that checks the head is still this one).
 */
export function hashAuditBatch(head: { seq: number; hash: string }, entries: readonly AuditEntryInput[]): HashedAuditRecord[] {
  const rows: HashedAuditRecord[] = [];
  let prevHash = head.hash;
  for (const e of entries) {
    const record = toAuditRecord(head.seq + rows.length + 1, new Date(), e);
    const hash = auditHash(prevHash, record);
    rows.push({ ...record, prev_hash: prevHash, hash });
    prevHash = hash;
  }
  return rows;
}

/**
 * Appends hashed records after `head` in one call (migration AuditAppendEntries1765900070000): $1 the
 * records, $2 and $3 the head they were hashed from. Answers the head after the call, `[{ seq, hash }]`:
 * the last record's when they were appended, the unchanged current head when $2/$3 were stale.
 * Its transaction commits with synchronous commit.
 */
export const APPEND_ENTRIES_SQL = `SELECT seq::text AS seq, hash FROM audit.append_entries($1::jsonb, $2::bigint, $3::text)`;

/**
 * Appends several entries in the caller's transaction, in order, under one hold of the head's
 * lock: one commit and one round trip for all of them (`audit.append_entries`; what the read
 * outbox's drainer chains with). Each entry is still its own link: the function inserts them one by
 * one and the head's triggers check every row against the head just advanced.
 */
export async function appendAuditBatch(m: EntityManager, entries: readonly AuditEntryInput[]): Promise<AppendedAudit[]> {
  if (!entries.length) return [];
  // Taken under the lock, so `at` never goes backwards along the chain (on one clock).
  const head = await lockHead(m);
  const rows = hashAuditBatch(head, entries);
  const [after] = (await m.query(APPEND_ENTRIES_SQL, [JSON.stringify(rows), head.seq, head.hash])) as Array<{ seq: string; hash: string }>;
  const last = rows[rows.length - 1]!;
  if (Number(after?.seq) !== last.seq || after?.hash !== last.hash) throw new Error(`audit: the chain head moved under its lock (now seq ${after?.seq})`);
  return rows.map((r) => ({ seq: r.seq, hash: r.hash, at: r.at }));
}
