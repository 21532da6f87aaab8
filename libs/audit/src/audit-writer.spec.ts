import type { EntityManager } from 'typeorm';
import { GENESIS_HASH } from './audit-hash';
import type { AuditEntryInput } from './audit-log';
import { AuditWriter, type AuditWriterOptions } from './audit-writer';
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
 * A database of one chain, answering the statements appendAudit runs; each transaction is one
 * call. `gate` holds a transaction open until released (a batch being written); `failNext` makes
 * the next transactions fail before they commit (nothing of theirs stays).
 */
function fakeDb() {
  const committed: AuditRow[] = [];
  const head = { seq: 0, hash: GENESIS_HASH };
  const db = {
    committed,
    head,
    transactions: [] as number[], // entries per committed transaction
    failNext: 0,
    gate: undefined as Promise<void> | undefined,
    opened: 0,
    transaction: async <T>(fn: (m: EntityManager) => Promise<T>): Promise<T> => {
      db.opened++;
      const gate = db.gate;
      const staged: AuditRow[] = [];
      const local = { ...head };
      const m = {
        query: async (sql: string, p: unknown[] = []) => {
          if (sql.includes('FOR UPDATE')) return [{ seq: String(local.seq), hash: local.hash }];
          if (sql.startsWith('INSERT INTO audit.entries')) {
            const [
              seq,
              at,
              actor_id,
              actor_name,
              actor_roles,
              actor_org_unit,
              action,
              subject_type,
              subject_id,
              reason,
              source_ip,
              request_id,
              result,
              detail,
              prev_hash,
              hash,
            ] = p as [
              number,
              string,
              string,
              string | null,
              string[],
              string | null,
              string,
              string | null,
              string | null,
              string | null,
              string | null,
              string | null,
              string,
              string | null,
              string,
              string,
            ];
            staged.push({
              seq,
              at,
              actor_id,
              actor_name,
              actor_roles,
              actor_org_unit,
              action,
              subject_type,
              subject_id,
              reason,
              source_ip,
              request_id,
              result,
              detail,
              prev_hash,
              hash,
            });
          }
          if (sql.startsWith('UPDATE audit.chain_head')) Object.assign(local, { seq: Number(p[0]), hash: String(p[1]) });
          return [];
        },
      } as unknown as EntityManager;
      const out = await fn(m);
      if (gate) await gate;
      if (db.failNext > 0) {
        db.failNext--;
        throw new Error('connection lost');
      }
      committed.push(...staged);
      Object.assign(head, local);
      db.transactions.push(staged.length);
      return out;
    },
  };
  return db;
}

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((r) => (release = r));
  return { promise, release };
}

/** Delays ignored: a retry runs on the next turn of the event loop, so no test waits for a clock. */
const immediate: Pick<AuditWriterOptions, 'setTimer' | 'clearTimer'> = {
  setTimer: (fn) => setImmediate(fn),
  clearTimer: (t) => clearImmediate(t as NodeJS.Immediate),
};

describe('AuditWriter', () => {
  it('writes entries recorded together in one transaction, each resolving with its own link of a valid chain', async () => {
    const db = fakeDb();
    const w = new AuditWriter({ transaction: db.transaction });
    const done = await Promise.all([1, 2, 3, 4, 5].map((i) => w.record(entry(i))));
    expect(done.map((d) => d.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(db.transactions).toEqual([5]);
    expect(db.committed.map((r) => r.subject_id)).toEqual(['c-1', 'c-2', 'c-3', 'c-4', 'c-5']);
    expect(verifyAuditRows(db.committed, db.head)).toMatchObject({ ok: true, count: 5 });
  });

  it('batches what arrives while a batch is being written into the next one, and splits at maxBatch', async () => {
    const db = fakeDb();
    const w = new AuditWriter({ transaction: db.transaction, maxBatch: 3 });
    const gate = deferred();
    db.gate = gate.promise;
    const first = w.record(entry(0));
    while (db.opened === 0) await new Promise((r) => setImmediate(r)); // the first batch is open, holding its entry
    const later = [1, 2, 3, 4, 5, 6, 7].map((i) => w.record(entry(i)));
    db.gate = undefined;
    gate.release();
    await Promise.all([first, ...later]);
    expect(db.transactions).toEqual([1, 3, 3, 1]);
    expect(verifyAuditRows(db.committed, db.head)).toMatchObject({ ok: true, count: 8 });
  });

  it('rejects the awaited entries of a failed batch (nothing of them is stored) and writes later ones', async () => {
    const db = fakeDb();
    const errors: number[] = [];
    const w = new AuditWriter({ transaction: db.transaction, onError: (_e, n) => errors.push(n) });
    db.failNext = 1;
    const failed = [1, 2].map((i) => w.record(entry(i)));
    await expect(Promise.all(failed)).rejects.toThrow('connection lost');
    await expect(failed[1]).rejects.toThrow('connection lost');
    expect(errors).toEqual([2]);
    expect(await w.record(entry(3))).toMatchObject({ seq: 1 });
    expect(db.committed.map((r) => r.subject_id)).toEqual(['c-3']);
    expect(w.pending).toBe(0);
  });

  it('tries a kept entry again until it commits', async () => {
    const db = fakeDb();
    const w = new AuditWriter({ transaction: db.transaction, ...immediate });
    db.failNext = 2;
    w.keep(entry(1, { result: 'denied' }));
    await expect(w.record(entry(2))).rejects.toThrow('connection lost'); // shared the first failed batch
    await w.flush(); // the second failure
    expect(db.committed).toEqual([]);
    expect(w.pending).toBe(1);
    await w.flush();
    expect(db.committed.map((r) => [r.subject_id, r.result])).toEqual([['c-1', 'denied']]);
    expect(w.pending).toBe(0);
  });

  it('refuses an invalid entry at once without failing the others', async () => {
    const db = fakeDb();
    const w = new AuditWriter({ transaction: db.transaction });
    const bad = w.record(entry(1, { actorId: '' }));
    const good = w.record(entry(2));
    await expect(bad).rejects.toThrow(/actorId/);
    expect(() => w.keep(entry(3, { action: '' }))).toThrow(/action/);
    expect(await good).toMatchObject({ seq: 1 });
  });

  it('on close writes what is queued, refuses new entries, and hands kept entries that still fail to onLost', async () => {
    const db = fakeDb();
    const lost: AuditEntryInput[][] = [];
    const w = new AuditWriter({ transaction: db.transaction, lingerMs: 60_000, onLost: (e) => lost.push(e), ...immediate });
    const awaited = w.record(entry(1));
    w.keep(entry(2));
    await w.close();
    expect(await awaited).toMatchObject({ seq: 1 });
    expect(db.committed.map((r) => r.subject_id)).toEqual(['c-1', 'c-2']);
    await expect(w.record(entry(3))).rejects.toThrow(/closed/);
    expect(lost).toEqual([]);

    const db2 = fakeDb();
    const w2 = new AuditWriter({ transaction: db2.transaction, onLost: (e) => lost.push(e), ...immediate });
    db2.failNext = 10;
    w2.keep(entry(4));
    await w2.close(3);
    expect(lost).toEqual([[entry(4)]]);
    expect(db2.failNext).toBe(7); // tried three times
  });

  it('bounds each batch: lock wait and statements time out instead of hanging a read', async () => {
    const statements: string[] = [];
    const w = new AuditWriter({
      timeoutMs: 250,
      transaction: async (fn) => {
        const m = {
          query: async (sql: string) => {
            statements.push(sql);
            return sql.includes('FOR UPDATE') ? [{ seq: '0', hash: GENESIS_HASH }] : [];
          },
        } as unknown as EntityManager;
        return fn(m);
      },
    });
    await w.record(entry(1));
    expect(statements.slice(0, 2)).toEqual(['SET LOCAL lock_timeout = 250', 'SET LOCAL statement_timeout = 250']);
  });
});
