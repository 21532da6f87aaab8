import { auditHash, canonicalAt, GENESIS_HASH, type AuditRecord, type AuditResult } from './audit-hash';

/** Runs one SQL statement and gives its rows (pg's `client.query(...).rows`, TypeORM's `ds.query`, ...). */
export type AuditQuery = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

export type AuditProblemReason =
  /** The row's content no longer gives its stored hash: the row was altered. */
  | 'hash mismatch'
  /** One or more seqs are missing: rows were removed. */
  | 'gap'
  /** The row's prev_hash is not the previous row's hash: rows were rewritten or swapped. */
  | 'link mismatch'
  /** The chain head does not point at the last row: the tail was removed (or rows were added around appendAudit). */
  | 'head mismatch'
  /** Rows did not come in ascending seq order (a broken query, or duplicate seqs). */
  | 'out of order';

export interface AuditProblem {
  /** The first seq this problem concerns (for a gap: the first missing seq). */
  seq: number;
  reason: AuditProblemReason;
  /** One line in English for people. */
  detail: string;
  /** For 'gap' and a removed tail: the missing seqs, inclusive. */
  missing?: { from: number; to: number };
}

export type AuditVerifyResult =
  | { ok: true; count: number; lastSeq: number; lastHash: string }
  | { ok: false; count: number; lastSeq: number; lastHash: string; firstBrokenSeq: number; problems: AuditProblem[]; problemsTruncated: boolean };

/**
 * A row as the verify query gives it (and as in-memory tests build it): the hashed record,
 * with looser types where the database hands back text (`detail` may be jsonb cast to text),
 * plus the chain columns.
 */
export type AuditRow = Omit<AuditRecord, 'seq' | 'at' | 'actor_roles' | 'result'> & {
  seq: number | string;
  /** Canonical text (the query formats it) or a Date. */
  at: string | Date;
  actor_roles: string[] | null;
  result: string;
  prev_hash: string | null;
  hash: string;
};

export interface AuditHead {
  seq: number | string;
  hash: string;
}

export interface VerifyOptions {
  /** Rows fetched per query (keyset pagination by seq). Default 1000. */
  batchSize?: number;
  /** At most this many problems are listed (all are counted into firstBrokenSeq). Default 100. */
  maxProblems?: number;
  /**
   * A head recorded outside the database earlier (e.g. printed by a previous run and kept
   * elsewhere). The chain must still hold exactly this hash at this seq: this catches a
   * rewrite of the whole chain from some row on, which the chain alone cannot.
   */
  anchor?: { seq: number; hash: string };
}

function parseDetail(v: unknown): unknown {
  if (typeof v === 'string') return JSON.parse(v) as unknown;
  return v ?? null;
}

export function rowToRecord(r: AuditRow): AuditRecord {
  return {
    seq: Number(r.seq),
    at: canonicalAt(r.at),
    actor_id: r.actor_id,
    actor_name: r.actor_name,
    actor_roles: r.actor_roles ?? [],
    actor_org_unit: r.actor_org_unit,
    action: r.action,
    subject_type: r.subject_type,
    subject_id: r.subject_id,
    reason: r.reason,
    source_ip: r.source_ip,
    request_id: r.request_id,
    result: r.result as AuditResult,
    detail: parseDetail(r.detail),
  };
}

/** Walks rows in seq order; feed them in batches, then `finish` with the head row. */
export class AuditChainVerifier {
  private count = 0;
  private lastSeq = 0;
  private lastHash = GENESIS_HASH;
  private problems: AuditProblem[] = [];
  private problemCount = 0;
  private firstBroken = Number.POSITIVE_INFINITY;
  private anchorSeen = false;

  constructor(private readonly o: { maxProblems?: number; anchor?: { seq: number; hash: string } } = {}) {}

  private report(p: AuditProblem): void {
    this.problemCount++;
    this.firstBroken = Math.min(this.firstBroken, p.seq);
    if (this.problems.length < (this.o.maxProblems ?? 100)) this.problems.push(p);
  }

  feed(row: AuditRow): void {
    const seq = Number(row.seq);
    this.count++;
    if (!Number.isSafeInteger(seq) || seq <= this.lastSeq) {
      this.report({ seq, reason: 'out of order', detail: `seq ${row.seq} came after seq ${this.lastSeq}` });
      return; // the walk goes on from the last good row
    }
    const stored = String(row.hash);
    let recomputed: string | undefined;
    try {
      recomputed = auditHash(row.prev_hash ?? '', rowToRecord(row));
    } catch (e) {
      this.report({ seq, reason: 'hash mismatch', detail: `seq ${seq}: row cannot be hashed (${e instanceof Error ? e.message : String(e)})` });
    }
    if (recomputed !== undefined && recomputed !== stored) {
      this.report({ seq, reason: 'hash mismatch', detail: `seq ${seq}: content does not give the stored hash (row altered)` });
    }
    if (seq !== this.lastSeq + 1) {
      // The link across a gap cannot be checked: the missing rows held it.
      this.report({
        seq: this.lastSeq + 1,
        reason: 'gap',
        detail: `seq ${this.lastSeq + 1}${seq - 1 > this.lastSeq + 1 ? `..${seq - 1}` : ''} missing (rows removed)`,
        missing: { from: this.lastSeq + 1, to: seq - 1 },
      });
    } else if ((row.prev_hash ?? '') !== this.lastHash) {
      this.report({ seq, reason: 'link mismatch', detail: `seq ${seq}: prev_hash is not the hash of seq ${this.lastSeq}` });
    }
    if (this.o.anchor && seq === this.o.anchor.seq) {
      this.anchorSeen = true;
      if (stored !== this.o.anchor.hash)
        this.report({ seq, reason: 'hash mismatch', detail: `seq ${seq}: stored hash differs from the anchor recorded outside the database` });
    }
    this.lastSeq = seq;
    this.lastHash = stored;
  }

  /** `head` is the audit.chain_head row, or null when there is none. */
  finish(head: AuditHead | null): AuditVerifyResult {
    const h = head ? { seq: Number(head.seq), hash: String(head.hash) } : null;
    if (!h) {
      if (this.count > 0) this.report({ seq: this.lastSeq, reason: 'head mismatch', detail: `the chain head row is missing, ${this.count} entries exist` });
    } else if (h.seq > this.lastSeq) {
      this.report({
        seq: this.lastSeq + 1,
        reason: 'head mismatch',
        detail: `head points to seq ${h.seq}, the last entry is seq ${this.lastSeq}: seq ${this.lastSeq + 1}..${h.seq} removed`,
        missing: { from: this.lastSeq + 1, to: h.seq },
      });
    } else if (h.seq < this.lastSeq) {
      this.report({
        seq: h.seq + 1,
        reason: 'head mismatch',
        detail: `head points to seq ${h.seq}, entries go on to seq ${this.lastSeq} (head rewound or rows added around appendAudit)`,
      });
    } else if (h.hash !== this.lastHash) {
      this.report({ seq: h.seq, reason: 'head mismatch', detail: `head hash differs from the hash of seq ${h.seq}` });
    }
    if (this.o.anchor && !this.anchorSeen && this.o.anchor.seq > 0) {
      this.report({
        seq: this.o.anchor.seq,
        reason: 'gap',
        detail: `anchor seq ${this.o.anchor.seq} is not in the chain`,
        missing: { from: this.o.anchor.seq, to: this.o.anchor.seq },
      });
    }
    const base = { count: this.count, lastSeq: this.lastSeq, lastHash: this.lastHash };
    if (this.problemCount === 0) return { ok: true, ...base };
    const problems = [...this.problems].sort((a, b) => a.seq - b.seq);
    return { ok: false, ...base, firstBrokenSeq: this.firstBroken, problems, problemsTruncated: this.problemCount > problems.length };
  }
}

/** Verifies rows already in memory (in seq order) against a head. */
export function verifyAuditRows(rows: Iterable<AuditRow>, head: AuditHead | null, o: Omit<VerifyOptions, 'batchSize'> = {}): AuditVerifyResult {
  const v = new AuditChainVerifier(o);
  for (const r of rows) v.feed(r);
  return v.finish(head);
}

/** The verify query: `at` and `detail` as text, so the result does not depend on driver parsing. */
export const AUDIT_ROWS_SQL = `SELECT e.seq::text AS seq,
    to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
    e.actor_id, e.actor_name, e.actor_roles, e.actor_org_unit, e.action, e.subject_type, e.subject_id,
    e.reason, e.source_ip, e.request_id, e.result, e.detail::text AS detail, e.prev_hash, e.hash
  FROM audit.entries e WHERE e.seq > $1 ORDER BY e.seq LIMIT $2`; // e.seq: the bigint, not the text alias

export const AUDIT_HEAD_SQL = `SELECT seq::text AS seq, hash FROM audit.chain_head WHERE id = 1`;

/**
 * Walks audit.entries in seq order, recomputes every hash and link, and compares the last
 * entry with audit.chain_head. For an exact answer on a live database, run `query` on one
 * connection inside `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY` (runVerifyCli does):
 * otherwise an append committing mid-walk can show as a head mismatch.
 */
export async function verifyAuditChain(query: AuditQuery, o: VerifyOptions = {}): Promise<AuditVerifyResult> {
  const batch = o.batchSize ?? 1000;
  const v = new AuditChainVerifier(o);
  const heads = await query(AUDIT_HEAD_SQL);
  let after = 0;
  for (;;) {
    const rows = (await query(AUDIT_ROWS_SQL, [after, batch])) as unknown as AuditRow[];
    for (const r of rows) v.feed(r);
    if (rows.length < batch) break;
    const next = Number(rows[rows.length - 1].seq);
    if (!(next > after)) break; // a misbehaving query must not loop forever
    after = next;
  }
  return v.finish((heads[0] as unknown as AuditHead | undefined) ?? null);
}
