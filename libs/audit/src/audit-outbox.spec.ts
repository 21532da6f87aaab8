import type { EntityManager } from 'typeorm';
import { GENESIS_HASH } from './audit-hash';
import type { AuditEntryInput } from './audit-log';
import { AuditOutbox, type AuditOutboxOptions } from './audit-outbox';
import { APPEND_ENTRIES_SQL } from './audit-log';
import { AuditUnavailableError, CHAIN_HEAD_SQL } from './audit-writer';
import { verifyAuditRows, type AuditRow } from './audit-verify';

const entry = (i: number, o: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  actorId: `u-${i}`,
  actorRoles: ['clerk'],
  action: 'read.case',
  subjectType: 'case',
  subjectId: `c-${i}`,
  reason: 'case-view',
  result: 'allowed',
  detail: { caseIds: [`c-${i}`] },
  ...o,
});

/**
 * One database: the read outbox, the chain and its head, answering the statements the outbox and
 * appendAudit run. A transaction's changes apply at its end, or not at all when `failNext` makes
 * it fail; `insertFails` refuses inserts into the outbox (a revoked privilege, a full disk).
 */
function fakeDb() {
  const db = {
    outbox: [] as Array<{ id: number; entry: string }>,
    chain: [] as AuditRow[],
    head: { seq: 0, hash: GENESIS_HASH },
    nextId: 1,
    committed: [] as number[], // entries chained per committed transaction
    statements: [] as string[],
    failNext: 0,
    insertFails: false,
    manager(staged: { outbox: Array<{ id: number; entry: string }>; chain: AuditRow[]; head: { seq: number; hash: string }; removed: number[] }) {
      return {
        query: async (sql: string, p: unknown[] = []) => {
          db.statements.push(sql);
          if (sql.startsWith('SELECT id, entry FROM audit.read_outbox')) {
            return db.outbox.slice(0, Number(p[0])).map((r) => ({ id: String(r.id), entry: JSON.parse(r.entry) as unknown }));
          } else if (sql.includes('FOR UPDATE')) {
            return [{ seq: String(staged.head.seq), hash: staged.head.hash }];
          } else if (sql === APPEND_ENTRIES_SQL) {
            // One call, each row appended in order after the head just advanced (the function's loop).
            const rows = JSON.parse(String(p[0])) as Array<AuditRow & { detail: unknown }>;
            if (Number(p[1]) !== staged.head.seq || p[2] !== staged.head.hash) return [{ seq: String(staged.head.seq), hash: staged.head.hash }];
            for (const r of rows) {
              staged.chain.push({ ...r, detail: r.detail === null ? null : JSON.stringify(r.detail) });
              staged.head = { seq: Number(r.seq), hash: r.hash };
            }
            return [{ seq: String(staged.head.seq), hash: staged.head.hash }];
          } else if (sql.startsWith('DELETE FROM audit.read_outbox')) {
            staged.removed.push(...(p[0] as string[]).map(Number));
          }
          return [];
        },
      } as unknown as EntityManager;
    },
    /** The writer's statements: each its own transaction, committed at once. */
    write: async (sql: string, p: unknown[]): Promise<unknown> => {
      if (db.insertFails && sql === APPEND_ENTRIES_SQL) throw new Error('permission denied for table entries');
      if (sql === CHAIN_HEAD_SQL) return [{ seq: String(db.head.seq), hash: db.head.hash }];
      return db.transaction((m) => m.query(sql, p));
    },
    /** Rows an older version left on the read outbox. */
    leave: (...es: AuditEntryInput[]) => {
      for (const e of es) db.outbox.push({ id: db.nextId++, entry: JSON.stringify(e) });
    },
    transaction: async <T>(fn: (m: EntityManager) => Promise<T>): Promise<T> => {
      const staged = { outbox: [] as Array<{ id: number; entry: string }>, chain: [] as AuditRow[], head: { ...db.head }, removed: [] as number[] };
      const out = await fn(db.manager(staged));
      if (db.failNext > 0) {
        db.failNext--;
        throw new Error('connection lost');
      }
      db.outbox = [...db.outbox.filter((r) => !staged.removed.includes(r.id)), ...staged.outbox];
      db.chain.push(...staged.chain);
      db.head = staged.head;
      if (staged.chain.length) db.committed.push(staged.chain.length);
      return out;
    },
  };
  return db;
}

/** Timers run on the next turn of the event loop whatever their delay: no test waits for a clock. */
const immediate: Pick<AuditOutboxOptions, 'setTimer' | 'clearTimer'> = {
  setTimer: (fn) => setImmediate(fn),
  clearTimer: (t) => clearImmediate(t as NodeJS.Immediate),
};

/** Entries waiting on the outbox (left by an older version, which recorded reads there). */
const enqueue = async (db: ReturnType<typeof fakeDb>, ...es: AuditEntryInput[]) => db.leave(...es);

describe('AuditOutbox', () => {
  it('chains what waits in one transaction, removes it from the outbox in that transaction, and the chain verifies', async () => {
    const db = fakeDb();
    await enqueue(db, entry(1), entry(2), entry(3));
    const outbox = new AuditOutbox({ write: db.write, transaction: db.transaction });
    await outbox.flush();
    expect(db.committed).toEqual([3]);
    expect(db.outbox).toEqual([]);
    expect(db.chain.map((r) => r.subject_id)).toEqual(['c-1', 'c-2', 'c-3']);
    expect(verifyAuditRows(db.chain, db.head)).toMatchObject({ ok: true, count: 3 });
    expect(outbox.stats).toEqual({ batches: 1, entries: 3 });
  });

  it('splits a long outbox into transactions of maxBatch entries', async () => {
    const db = fakeDb();
    await enqueue(db, ...Array.from({ length: 7 }, (_, i) => entry(i)));
    await new AuditOutbox({ write: db.write, transaction: db.transaction, maxBatch: 3 }).flush();
    expect(db.committed).toEqual([3, 3, 1]);
    expect(verifyAuditRows(db.chain, db.head)).toMatchObject({ ok: true, count: 7 });
  });

  it('leaves the entries of a failed drain on the outbox and chains them once on the next', async () => {
    const db = fakeDb();
    const errors: unknown[] = [];
    const outbox = new AuditOutbox({ write: db.write, transaction: db.transaction, onError: (e) => errors.push(e), ...immediate });
    await enqueue(db, entry(1), entry(2));
    db.failNext = 1;
    await expect(outbox.flush()).rejects.toThrow('connection lost');
    expect(errors).toHaveLength(1);
    expect(db.chain).toEqual([]);
    expect(db.outbox).toHaveLength(2);
    await outbox.flush();
    expect(db.chain.map((r) => r.subject_id)).toEqual(['c-1', 'c-2']);
    expect(db.outbox).toEqual([]);
    expect(verifyAuditRows(db.chain, db.head)).toMatchObject({ ok: true, count: 2 });
  });

  it('drains after a kick, and takes what arrived during a drain in another round', async () => {
    const db = fakeDb();
    const outbox = new AuditOutbox({ write: db.write, transaction: db.transaction, ...immediate });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let first = true;
    const gated = new AuditOutbox({
      ...immediate,
      write: db.write,
      transaction: async (fn) =>
        db.transaction(async (m) => {
          const out = await fn(m);
          if (first) {
            first = false;
            await gate; // the first drain is busy while more reads come in
          }
          return out;
        }),
    });
    await enqueue(db, entry(1));
    gated.kick();
    while (first) await new Promise((r) => setImmediate(r));
    await enqueue(db, entry(2), entry(3));
    gated.kick();
    gated.kick();
    release();
    while (db.chain.length < 3) await new Promise((r) => setImmediate(r));
    expect(db.committed).toEqual([1, 2]);
    expect(verifyAuditRows(db.chain, db.head)).toMatchObject({ ok: true, count: 3 });
    await outbox.stop();
  });

  it('on stop chains what is left and then ignores kicks', async () => {
    const db = fakeDb();
    const outbox = new AuditOutbox({ write: db.write, transaction: db.transaction, intervalMs: 0, ...immediate });
    await enqueue(db, entry(1));
    await outbox.stop();
    expect(db.chain).toHaveLength(1);
    await enqueue(db, entry(2));
    outbox.kick();
    await new Promise((r) => setImmediate(r));
    expect(db.outbox).toHaveLength(1); // waits for the next start
  });

  it('records an entry durably in the chain before it resolves; a log that cannot take it rejects', async () => {
    const db = fakeDb();
    const outbox = new AuditOutbox({ write: db.write, transaction: db.transaction, intervalMs: 0, ...immediate });
    await outbox.record(entry(1, { result: 'denied' }));
    expect(db.chain.map((r) => r.result)).toEqual(['denied']); // durable when the read may answer
    expect(db.outbox).toEqual([]);
    expect(verifyAuditRows(db.chain, db.head)).toMatchObject({ ok: true, count: 1 });
    db.insertFails = true;
    await expect(outbox.record(entry(2))).rejects.toBeInstanceOf(AuditUnavailableError);
    await outbox.stop();
    expect(outbox.written).toEqual({ batches: 1, entries: 1, retries: 0 });
  });

  it('chains leftovers of the outbox and new records into one chain', async () => {
    const db = fakeDb();
    const outbox = new AuditOutbox({ write: db.write, transaction: db.transaction, intervalMs: 0, ...immediate });
    db.leave(entry(1));
    await outbox.record(entry(2));
    await outbox.flush();
    await outbox.record(entry(3)); // the drainer moved the head: the writer hashes again
    expect(db.chain.map((r) => r.subject_id)).toEqual(['c-2', 'c-1', 'c-3']);
    expect(verifyAuditRows(db.chain, db.head)).toMatchObject({ ok: true, count: 3 });
    expect(outbox.written.retries).toBe(1);
    await outbox.stop();
  });
});
