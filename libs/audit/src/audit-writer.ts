import { APPEND_ENTRIES_SQL, hashAuditBatch, toAuditRecord, type AuditEntryInput } from './audit-log';

/** The audit log could not take a read's entry: the read must not answer with what it read. */
export class AuditUnavailableError extends Error {
  constructor(override readonly cause: unknown) {
    super(`audit log unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'AuditUnavailableError';
  }
}

export interface DurableAuditWriterOptions {
  /**
   * Runs one statement on its own, outside any transaction (so the statement is its transaction),
   * on a connection the reads do not use, and gives its rows: e.g.
   * `(sql, p) => auditDataSource.query(sql, p)`.
   */
  query: (sql: string, params: unknown[]) => Promise<unknown>;
  /** At most this many entries per statement. Default 500. */
  maxBatch?: number;
  /** A stale head is hashed against again at most this often before the batch fails. Default 5. */
  maxRetries?: number;
  /** A batch of `count` entries is durable in the chain. */
  onDurable?: (count: number) => void;
  /** Runs `fn` once the current turn of the event loop is done (default setImmediate). */
  defer?: (fn: () => void) => void;
}

/** The chain head as the writer last saw it (no lock: `audit.append_entries` checks it). */
export const CHAIN_HEAD_SQL = `SELECT seq::text AS seq, hash FROM audit.chain_head WHERE id = 1`;

interface Waiting {
  entry: AuditEntryInput;
  resolve: () => void;
  reject: (e: unknown) => void;
}

type Head = { seq: number; hash: string };

const headOf = (rows: unknown): Head | undefined => {
  const r = (Array.isArray(rows) ? rows[0] : undefined) as { seq?: string | number; hash?: string } | undefined;
  return r && r.hash !== undefined ? { seq: Number(r.seq), hash: r.hash } : undefined;
};

/**
 * Group commit of read audit entries straight into the hash-chained log (docs/architecture.md,
 * Personal data). A read calls `record` as soon as its entry is known and goes on with its own
 * queries; it awaits the promise before it answers. Every entry recorded in the same turn of the
 * event loop — and every entry that arrives while a statement is on its way — goes into the next
 * statement together: one `audit.append_entries` call, hashed from the head the writer last saw,
 * one round trip and one wait for the disk (synchronous commit) for all of them, on a connection the
 * read does not hold. When another writer (a replica, the outbox drainer) moved the head meanwhile,
 * the function appends nothing and answers the head, and the batch is hashed again. The promise
 * resolves only after the statement committed; when it fails, every entry of that batch rejects
 * with AuditUnavailableError (the read answers READ_NOT_AUDITED and nothing it read).
 */
export class DurableAuditWriter {
  /** Written so far: statements that appended, entries, and stale heads hashed again. */
  readonly stats = { batches: 0, entries: 0, retries: 0 };
  private queue: Waiting[] = [];
  private busy = false;
  private scheduled = false;
  private head: Head | undefined;
  private idleWaiters: Array<() => void> = [];
  private readonly defer: (fn: () => void) => void;

  constructor(private readonly o: DurableAuditWriterOptions) {
    this.defer = o.defer ?? ((fn) => setImmediate(fn));
  }

  /**
   * Resolves once the entry is durable in the chain; rejects with AuditUnavailableError when it
   * cannot be made so, with the entry's TypeError when it is invalid (the caller's bug). The promise
   * is marked handled: a read that fails before awaiting it leaves no unhandled rejection behind.
   */
  record(entry: AuditEntryInput): Promise<void> {
    let done: Promise<void>;
    try {
      toAuditRecord(1, new Date(), entry); // the chain's own checks, now: a bad entry fails its read, not the batch
      done = new Promise<void>((resolve, reject) => this.queue.push({ entry, resolve, reject }));
      this.schedule();
    } catch (e) {
      done = Promise.reject(e);
    }
    done.catch(() => undefined);
    return done;
  }

  /** Resolves when nothing is queued or on its way (shutdown). */
  idle(): Promise<void> {
    if (!this.queue.length && !this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.busy || !this.queue.length) return;
    this.scheduled = true;
    this.defer(() => {
      this.scheduled = false;
      void this.write();
    });
  }

  private async write(): Promise<void> {
    if (this.busy || !this.queue.length) return;
    this.busy = true;
    const batch = this.queue.splice(0, this.o.maxBatch ?? 500);
    try {
      await this.append(batch.map((w) => w.entry));
      this.stats.batches++;
      this.stats.entries += batch.length;
      for (const w of batch) w.resolve();
      try {
        this.o.onDurable?.(batch.length);
      } catch {
        // the entries are durable whatever the listener does
      }
    } catch (e) {
      this.head = undefined; // the outcome is unknown: read the head again
      const failure = e instanceof AuditUnavailableError ? e : new AuditUnavailableError(e);
      for (const w of batch) w.reject(failure);
    } finally {
      this.busy = false;
      if (this.queue.length) this.schedule();
      else for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  /** One statement when the head is as last seen; another for each time it was not. */
  private async append(entries: AuditEntryInput[]): Promise<void> {
    const tries = (this.o.maxRetries ?? 5) + 1;
    for (let i = 0; i < tries; i++) {
      const head = this.head ?? headOf(await this.o.query(CHAIN_HEAD_SQL, []));
      if (!head) throw new AuditUnavailableError(new Error('the audit chain head is missing'));
      const rows = hashAuditBatch(head, entries);
      const after = headOf(await this.o.query(APPEND_ENTRIES_SQL, [JSON.stringify(rows), head.seq, head.hash]));
      if (!after) throw new AuditUnavailableError(new Error('audit.append_entries answered no head'));
      this.head = after;
      const last = rows[rows.length - 1]!;
      if (after.seq === last.seq && after.hash === last.hash) return;
      this.stats.retries++;
    }
    throw new AuditUnavailableError(new Error(`the audit chain head moved ${tries} times in a row`));
  }
}
