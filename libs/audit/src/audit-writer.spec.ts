import { GENESIS_HASH } from './audit-hash';
import { APPEND_ENTRIES_SQL, type AuditEntryInput, type HashedAuditRecord } from './audit-log';
import { verifyAuditRows, type AuditRow } from './audit-verify';
import { AuditUnavailableError, CHAIN_HEAD_SQL, DurableAuditWriter } from './audit-writer';

const entry = (i: number, o: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  actorId: `u-${i}`,
  action: 'read.case',
  subjectId: `c-${i}`,
  result: 'allowed',
  detail: { caseIds: [`c-${i}`] },
  ...o,
});

/**
 * The chain and its head, answering the writer's two statements as `audit.append_entries` does (appends
 * only after the head the records were hashed from). Each append is held until the test commits or
 * fails it: what it carried, and whether the entries' promises settled before it did.
 */
function fakeServer() {
  const db = {
    head: { seq: 0, hash: GENESIS_HASH },
    chain: [] as AuditRow[],
    headReads: 0,
    calls: [] as Array<{ rows: HashedAuditRecord[]; commit: () => void; fail: (e: Error) => void }>,
    /** Another writer appends one entry: the head moves under this writer. */
    moveHead() {
      const next = { seq: db.head.seq + 1, hash: 'e'.repeat(64) };
      db.chain.push({ seq: next.seq, hash: next.hash } as unknown as AuditRow);
      db.head = next;
    },
    query: async (sql: string, p: unknown[]): Promise<unknown> => {
      if (sql === CHAIN_HEAD_SQL) {
        db.headReads++;
        return [{ seq: String(db.head.seq), hash: db.head.hash }];
      }
      if (sql !== APPEND_ENTRIES_SQL) throw new Error(`unexpected statement: ${sql}`);
      const rows = JSON.parse(String(p[0])) as HashedAuditRecord[];
      return new Promise<unknown>((resolve, fail) =>
        db.calls.push({
          rows,
          fail,
          commit: () => {
            if (Number(p[1]) === db.head.seq && p[2] === db.head.hash) {
              for (const r of rows) db.chain.push({ ...r, detail: r.detail === null ? null : JSON.stringify(r.detail) } as AuditRow);
              db.head = { seq: rows[rows.length - 1]!.seq, hash: rows[rows.length - 1]!.hash };
            }
            resolve([{ seq: String(db.head.seq), hash: db.head.hash }]);
          },
        }),
      );
    },
  };
  return db;
}

/** Lets every pending callback (promises, setImmediate) run. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

/** Whether a promise has settled yet, and how. */
function track(p: Promise<void>) {
  const t = { state: 'pending' as 'pending' | 'resolved' | 'rejected', error: undefined as unknown };
  p.then(
    () => (t.state = 'resolved'),
    (e: unknown) => {
      t.state = 'rejected';
      t.error = e;
    },
  );
  return t;
}

describe('DurableAuditWriter', () => {
  it('chains the entries recorded in the same moment with one durable statement, in order; the chain verifies', async () => {
    const server = fakeServer();
    const writer = new DurableAuditWriter({ query: server.query });
    const reads = [1, 2, 3].map((i) => track(writer.record(entry(i))));
    await settle();
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]!.rows.map((r) => [r.seq, r.subject_id])).toEqual([
      [1, 'c-1'],
      [2, 'c-2'],
      [3, 'c-3'],
    ]);
    server.calls[0]!.commit();
    await settle();
    expect(reads.map((r) => r.state)).toEqual(['resolved', 'resolved', 'resolved']);
    expect(writer.stats).toEqual({ batches: 1, entries: 3, retries: 0 });
    expect(verifyAuditRows(server.chain, server.head)).toMatchObject({ ok: true, count: 3 });
  });

  it('answers nobody before the statement committed: a read awaiting its entry waits for the disk', async () => {
    const server = fakeServer();
    const durable: number[] = [];
    const writer = new DurableAuditWriter({ query: server.query, onDurable: (n) => durable.push(n) });
    const read = track(writer.record(entry(1)));
    await settle();
    expect(read.state).toBe('pending');
    expect(durable).toEqual([]);
    server.calls[0]!.commit();
    await settle();
    expect(read.state).toBe('resolved');
    expect(durable).toEqual([1]);
  });

  it('queues what arrives while a statement flies and chains it together after it, from the head it left', async () => {
    const server = fakeServer();
    const writer = new DurableAuditWriter({ query: server.query });
    const first = track(writer.record(entry(1)));
    await settle();
    const later = [2, 3, 4].map((i) => track(writer.record(entry(i))));
    await settle();
    expect(server.calls).toHaveLength(1); // the others wait for the statement in flight
    server.calls[0]!.commit();
    await settle();
    expect(first.state).toBe('resolved');
    expect(later.map((r) => r.state)).toEqual(['pending', 'pending', 'pending']);
    expect(server.calls).toHaveLength(2);
    expect(server.calls[1]!.rows.map((r) => r.subject_id)).toEqual(['c-2', 'c-3', 'c-4']);
    server.calls[1]!.commit();
    await settle();
    expect(later.map((r) => r.state)).toEqual(['resolved', 'resolved', 'resolved']);
    expect(server.headReads).toBe(1); // the head is read once, then known from each append's answer
    expect(verifyAuditRows(server.chain, server.head)).toMatchObject({ ok: true, count: 4 });
  });

  it('splits a burst over maxBatch into statements of at most maxBatch', async () => {
    const server = fakeServer();
    const writer = new DurableAuditWriter({ query: server.query, maxBatch: 2 });
    const reads = [1, 2, 3, 4, 5].map((i) => track(writer.record(entry(i))));
    for (let i = 0; i < 3; i++) {
      await settle();
      server.calls[i]!.commit();
    }
    await writer.idle();
    expect(server.calls.map((c) => c.rows.length)).toEqual([2, 2, 1]);
    expect(reads.every((r) => r.state === 'resolved')).toBe(true);
    expect(verifyAuditRows(server.chain, server.head)).toMatchObject({ ok: true, count: 5 });
  });

  it('hashes again from the current head when another writer moved it, and appends once', async () => {
    const server = fakeServer();
    const writer = new DurableAuditWriter({ query: server.query });
    await settle();
    const warm = track(writer.record(entry(1)));
    await settle();
    server.calls[0]!.commit();
    await settle();
    expect(warm.state).toBe('resolved');
    server.moveHead(); // a replica appended seq 2
    const read = track(writer.record(entry(3)));
    await settle();
    expect(server.calls[1]!.rows[0]!.seq).toBe(2); // hashed from the stale head
    server.calls[1]!.commit(); // refused: nothing appended, the current head answered
    await settle();
    expect(read.state).toBe('pending');
    expect(server.calls[2]!.rows[0]!.seq).toBe(3);
    server.calls[2]!.commit();
    await settle();
    expect(read.state).toBe('resolved');
    expect(server.chain.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(writer.stats.retries).toBe(1);
  });

  it('fails every entry of a failed statement with AuditUnavailableError, and chains the next batch anew', async () => {
    const server = fakeServer();
    const durable: number[] = [];
    const writer = new DurableAuditWriter({ query: server.query, onDurable: (n) => durable.push(n) });
    const failed = [1, 2].map((i) => track(writer.record(entry(i))));
    await settle();
    server.calls[0]!.fail(new Error('could not write to file "pg_wal/000000010000000000000003": No space left on device'));
    await settle();
    expect(failed.map((r) => r.state)).toEqual(['rejected', 'rejected']);
    expect(failed[0]!.error).toBeInstanceOf(AuditUnavailableError);
    expect(String(failed[0]!.error)).toMatch(/No space left/);
    expect(durable).toEqual([]);
    const next = track(writer.record(entry(3)));
    await settle();
    server.calls[1]!.commit();
    await settle();
    expect(next.state).toBe('resolved');
    expect(server.headReads).toBe(2); // after a failure the head is read again
    expect(server.chain.map((r) => r.subject_id)).toEqual(['c-3']);
  });

  it('gives up on a head that keeps moving, failing the batch', async () => {
    const server = fakeServer();
    const writer = new DurableAuditWriter({ query: server.query, maxRetries: 1 });
    const read = track(writer.record(entry(1)));
    for (let i = 0; i < 2; i++) {
      await settle();
      server.moveHead();
      server.calls[i]!.commit();
    }
    await settle();
    expect(read.state).toBe('rejected');
    expect(read.error).toBeInstanceOf(AuditUnavailableError);
  });

  it('refuses an invalid entry at once (the caller’s bug), without a statement', async () => {
    const server = fakeServer();
    const writer = new DurableAuditWriter({ query: server.query });
    await expect(writer.record(entry(1, { actorId: '' }))).rejects.toThrow(/actorId/);
    await settle();
    expect(server.calls).toEqual([]);
  });

  it('leaves no unhandled rejection when the read fails before awaiting its entry', async () => {
    const server = fakeServer();
    const writer = new DurableAuditWriter({ query: server.query });
    const unhandled: unknown[] = [];
    const listener = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', listener);
    try {
      void writer.record(entry(1)); // the read threw; nobody awaits its entry
      await settle();
      server.calls[0]!.fail(new Error('connection lost'));
      await settle();
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });

  it('idle() waits until every batch is answered', async () => {
    const server = fakeServer();
    const writer = new DurableAuditWriter({ query: server.query });
    void writer.record(entry(1));
    await settle();
    let idle = false;
    void writer.idle().then(() => (idle = true));
    await settle();
    expect(idle).toBe(false);
    server.calls[0]!.commit();
    await settle();
    expect(idle).toBe(true);
  });
});
