import { auditHash, canonicalJson, GENESIS_HASH } from './audit-hash';
import { toAuditRecord } from './audit-log';
import { AUDIT_HEAD_SQL, verifyAuditChain, verifyAuditRows, type AuditHead, type AuditRow } from './audit-verify';

/** n entries as the verify query returns them (seq and detail as text, at formatted). */
function chain(n: number): { rows: AuditRow[]; head: AuditHead } {
  const rows: AuditRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const rec = toAuditRecord(seq, new Date(Date.UTC(2026, 2, 1, 8, 0, seq)), {
      actorId: `u-${seq % 3}`,
      actorRoles: ['mediator'],
      action: seq % 2 ? 'unmask.id-number' : 'read.key-person',
      subjectType: 'case-party',
      subjectId: `p-${seq}`,
      reason: `reason ${seq}`,
      result: 'allowed',
      detail: seq % 4 ? { n: seq, tags: ['x'] } : undefined,
    });
    const hash = auditHash(prev, rec);
    rows.push({ ...rec, seq: String(seq), detail: rec.detail === null ? null : canonicalJson(rec.detail), prev_hash: prev, hash });
    prev = hash;
  }
  return { rows, head: { seq: String(n), hash: prev } };
}

const copy = (rows: AuditRow[]) => rows.map((r) => ({ ...r }));

describe('verifyAuditRows', () => {
  it('accepts an intact chain, and an empty log with a genesis head', () => {
    const { rows, head } = chain(10);
    expect(verifyAuditRows(rows, head)).toEqual({ ok: true, count: 10, lastSeq: 10, lastHash: head.hash });
    expect(verifyAuditRows([], { seq: '0', hash: GENESIS_HASH })).toMatchObject({ ok: true, count: 0 });
    expect(verifyAuditRows([], null)).toMatchObject({ ok: true, count: 0 });
  });

  it('accepts parsed values too (Date for at, objects for detail, numbers for seq)', () => {
    const { rows, head } = chain(4);
    const parsed = rows.map((r) => ({ ...r, seq: Number(r.seq), at: new Date(String(r.at)), detail: r.detail === null ? null : JSON.parse(String(r.detail)) }));
    expect(verifyAuditRows(parsed, head).ok).toBe(true);
  });

  it('finds an altered row as a hash mismatch at its seq, and nothing else', () => {
    const { rows, head } = chain(10);
    const altered = copy(rows);
    altered[4].reason = 'something else';
    const r = verifyAuditRows(altered, head);
    expect(r).toMatchObject({ ok: false, firstBrokenSeq: 5, problems: [{ seq: 5, reason: 'hash mismatch' }] });
  });

  it('finds a change anywhere in the row: roles, detail, time, result', () => {
    const { rows, head } = chain(6);
    const cases: Array<(r: AuditRow) => void> = [
      (r) => (r.actor_roles = ['admin']),
      (r) => (r.detail = '{"n":3,"tags":["y"]}'),
      (r) => (r.at = '2026-03-01T08:00:03.000001Z'),
      (r) => (r.result = 'denied'),
    ];
    for (const change of cases) {
      const t = copy(rows);
      change(t[2]);
      expect(verifyAuditRows(t, head)).toMatchObject({ ok: false, firstBrokenSeq: 3, problems: [{ reason: 'hash mismatch' }] });
    }
  });

  it('finds a rehashed row by the link of the next one', () => {
    const { rows, head } = chain(6);
    const t = copy(rows);
    t[2].reason = 'rewritten';
    t[2].hash = auditHash(String(t[2].prev_hash), {
      ...toAuditRecord(3, String(t[2].at), {
        actorId: t[2].actor_id,
        actorRoles: t[2].actor_roles ?? [],
        action: t[2].action,
        subjectType: t[2].subject_type,
        subjectId: t[2].subject_id,
        reason: 'rewritten',
        result: 'allowed',
        detail: JSON.parse(String(t[2].detail)),
      }),
    });
    expect(verifyAuditRows(t, head)).toMatchObject({ ok: false, firstBrokenSeq: 4, problems: [{ seq: 4, reason: 'link mismatch' }] });
  });

  it('finds a removed row as a gap', () => {
    const { rows, head } = chain(10);
    const t = rows.filter((r) => r.seq !== '4');
    expect(verifyAuditRows(t, head)).toMatchObject({ ok: false, firstBrokenSeq: 4, problems: [{ seq: 4, reason: 'gap', missing: { from: 4, to: 4 } }] });
    const t2 = rows.filter((r) => !['1', '2', '7', '8', '9'].includes(String(r.seq)));
    const r2 = verifyAuditRows(t2, head);
    expect(r2.ok || r2.problems.map((p) => [p.seq, p.reason, p.missing])).toEqual([
      [1, 'gap', { from: 1, to: 2 }],
      [7, 'gap', { from: 7, to: 9 }],
    ]);
  });

  it('finds a removed tail by the head', () => {
    const { rows, head } = chain(10);
    expect(verifyAuditRows(rows.slice(0, 8), head)).toMatchObject({
      ok: false,
      firstBrokenSeq: 9,
      problems: [{ seq: 9, reason: 'head mismatch', missing: { from: 9, to: 10 } }],
    });
    expect(verifyAuditRows([], head)).toMatchObject({ ok: false, firstBrokenSeq: 1, problems: [{ reason: 'head mismatch' }] });
  });

  it('finds a rewound or rewritten head, and a missing head', () => {
    const { rows, head } = chain(5);
    expect(verifyAuditRows(rows, { seq: '4', hash: String(rows[3].hash) })).toMatchObject({ ok: false, problems: [{ seq: 5, reason: 'head mismatch' }] });
    expect(verifyAuditRows(rows, { seq: '5', hash: GENESIS_HASH })).toMatchObject({ ok: false, problems: [{ seq: 5, reason: 'head mismatch' }] });
    expect(verifyAuditRows(rows, null)).toMatchObject({ ok: false, problems: [{ reason: 'head mismatch' }] });
    expect(verifyAuditRows(rows, head).ok).toBe(true);
  });

  it('finds reordered rows: swapped seqs break both hashes, rows out of order are reported', () => {
    const { rows, head } = chain(6);
    const swapped = copy(rows);
    [swapped[1].seq, swapped[2].seq] = [swapped[2].seq, swapped[1].seq];
    swapped.sort((a, b) => Number(a.seq) - Number(b.seq));
    const r = verifyAuditRows(swapped, head);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.firstBrokenSeq).toBe(2);
    expect(!r.ok && r.problems.filter((p) => p.reason === 'hash mismatch').map((p) => p.seq)).toEqual([2, 3]);

    const unsorted = copy(rows);
    [unsorted[1], unsorted[2]] = [unsorted[2], unsorted[1]];
    const u = verifyAuditRows(unsorted, head);
    expect(u.ok).toBe(false);
    expect(!u.ok && u.problems.map((p) => p.reason)).toContain('out of order');
  });

  it('swapping whole rows (content and hashes) breaks the links', () => {
    const { rows, head } = chain(6);
    const t = copy(rows);
    [t[1], t[2]] = [
      { ...t[2], seq: '2' },
      { ...t[1], seq: '3' },
    ];
    const r = verifyAuditRows(t, head);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => p.seq)).toContain(2);
  });

  it('checks an anchor kept outside the database (a chain rewritten from some row on)', () => {
    const { rows, head } = chain(5);
    expect(verifyAuditRows(rows, head, { anchor: { seq: 3, hash: String(rows[2].hash) } }).ok).toBe(true);
    expect(verifyAuditRows(rows, head, { anchor: { seq: 3, hash: 'a'.repeat(64) } })).toMatchObject({
      ok: false,
      problems: [{ seq: 3, reason: 'hash mismatch' }],
    });
    expect(verifyAuditRows(rows, head, { anchor: { seq: 9, hash: 'a'.repeat(64) } })).toMatchObject({ ok: false, problems: [{ seq: 9, reason: 'gap' }] });
  });

  it('lists at most maxProblems but still names the first broken seq', () => {
    const { rows, head } = chain(20);
    const t = copy(rows).map((r) => ({ ...r, reason: 'x' }));
    const r = verifyAuditRows(t, head, { maxProblems: 3 });
    expect(r).toMatchObject({ ok: false, firstBrokenSeq: 1, problemsTruncated: true });
    expect(!r.ok && r.problems).toHaveLength(3);
  });
});

describe('verifyAuditChain', () => {
  /** An in-memory "database" answering the two verify queries (keyset pages by seq). */
  function memoryQuery(rows: AuditRow[], head: AuditHead | null) {
    const calls: unknown[][] = [];
    const query = async (sql: string, params: unknown[] = []) => {
      calls.push(params);
      if (sql === AUDIT_HEAD_SQL) return head ? [{ ...head }] : [];
      const [after, limit] = params as [number, number];
      return rows
        .filter((r) => Number(r.seq) > after)
        .slice(0, limit)
        .map((r) => ({ ...r })) as unknown as Array<Record<string, unknown>>;
    };
    return { query, calls };
  }

  it('walks the table in pages and verifies across page borders', async () => {
    const { rows, head } = chain(25);
    const db = memoryQuery(rows, head);
    expect(await verifyAuditChain(db.query, { batchSize: 10 })).toMatchObject({ ok: true, count: 25, lastSeq: 25 });
    expect(db.calls.slice(1)).toEqual([
      [0, 10],
      [10, 10],
      [20, 10],
    ]);
  });

  it('reports altered, removed and tail-removed rows', async () => {
    const { rows, head } = chain(25);
    const t = copy(rows).filter((r) => r.seq !== '11' && Number(r.seq) <= 23);
    t[4].reason = 'changed';
    const r = await verifyAuditChain(memoryQuery(t, head).query, { batchSize: 10 });
    expect(!r.ok && r.problems.map((p) => [p.seq, p.reason])).toEqual([
      [5, 'hash mismatch'],
      [11, 'gap'],
      [24, 'head mismatch'],
    ]);
  });
});
