import type { EntityManager } from 'typeorm';
import { appendAuditBatch, toAuditRecord, type AppendedAudit, type AuditEntryInput } from './audit-log';

export interface AuditWriterOptions {
  /**
   * Runs `fn` in one transaction of its own (e.g. `(fn) => dataSource.transaction(fn)`), on a pool
   * of its own: readers await their entry while holding connections of theirs, and a shared pool
   * drained by waiting readers would leave the writer none.
   */
  transaction: <T>(fn: (m: EntityManager) => Promise<T>) => Promise<T>;
  /** At most this many entries per transaction. Default 200. */
  maxBatch?: number;
  /**
   * How long an idle writer waits for more entries before it writes the first one. Default 0: the
   * next turn of the event loop (entries queued meanwhile join it; while a batch is being written,
   * every entry that arrives waits for the next one, so a busy writer batches by itself).
   */
  lingerMs?: number;
  /** A batch's lock wait and statements are bounded by this (a stuck chain head fails reads, never hangs them). Default 5000. */
  timeoutMs?: number;
  /** First wait before a kept entry is tried again; it doubles up to 2 s. Default 100. */
  retryMs?: number;
  /** A batch failed (its awaited entries were refused; kept ones will be tried again). */
  onError?: (error: unknown, entries: number) => void;
  /** Kept entries that could not be written before close() gave up: the caller logs them so they are not lost silently. */
  onLost?: (entries: AuditEntryInput[], error: unknown) => void;
  /** For tests. */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

interface Pending {
  entry: AuditEntryInput;
  /** Awaited: the caller answers only once this resolves (and refuses when it rejects). */
  resolve?: (a: AppendedAudit) => void;
  reject?: (e: unknown) => void;
  /** Kept: tried again until it commits (or close() gives up). */
  attempts: number;
  notBefore: number;
}

const MAX_RETRY_MS = 2000;

/**
 * Group commit for the hash-chained audit log: many entries, one transaction, one hold of the
 * chain head's lock. Reads under heavy load then cost the chain one commit per batch instead of one
 * per read, and never queue behind each other's locks.
 *
 * - `record(entry)`: resolves once the entry is committed (its batch's transaction), rejects when
 *   that batch failed — the caller then refuses to answer with personal data (nothing unaudited).
 *   A rejected entry is not kept: the read it records did not happen.
 * - `keep(entry)`: for an entry whose outcome is already decided (a refused read): written with the
 *   next batch and tried again, with a growing pause, until it commits.
 * - `close()`: refuses new entries and writes every queued one (shutdown).
 */
export class AuditWriter {
  private fresh: Pending[] = [];
  private retries: Pending[] = [];
  private running: Promise<void> | undefined;
  private timer: unknown;
  private timerAt = Infinity;
  private closed = false;
  private readonly maxBatch: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (t: unknown) => void;

  constructor(private readonly o: AuditWriterOptions) {
    this.maxBatch = o.maxBatch ?? 200;
    this.setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = o.clearTimer ?? ((t) => clearTimeout(t as NodeJS.Timeout));
  }

  /** Entries waiting to be written (awaited and kept). */
  get pending(): number {
    return this.fresh.length + this.retries.length;
  }

  /** Queues the entry; resolves when it is committed, rejects when its batch failed or the entry is invalid. */
  record(entry: AuditEntryInput): Promise<AppendedAudit> {
    try {
      this.admit(entry);
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise<AppendedAudit>((resolve, reject) => {
      this.fresh.push({ entry, resolve, reject, attempts: 0, notBefore: 0 });
      this.schedule(this.o.lingerMs ?? 0);
    });
  }

  /** Queues the entry to be written, tried again until it commits. Throws on an invalid entry or a closed writer. */
  keep(entry: AuditEntryInput): void {
    this.admit(entry);
    this.fresh.push({ entry, attempts: 0, notBefore: 0 });
    this.schedule(this.o.lingerMs ?? 0);
  }

  /** Writes everything queued now (kept entries waiting for a retry included), once. */
  async flush(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
    this.cancelTimer();
    for (const p of this.retries) p.notBefore = 0;
    if (this.pending) await this.run();
  }

  /**
   * Refuses new entries, then writes the queued ones, trying kept ones up to `attempts` times;
   * whatever still fails goes to onLost.
   */
  async close(attempts = 3): Promise<void> {
    this.closed = true;
    let lastError: unknown;
    for (let i = 0; i < attempts && this.pending; i++) {
      await this.flush().catch((e: unknown) => (lastError = e));
    }
    this.cancelTimer();
    if (this.retries.length || this.fresh.length) {
      const lost = [...this.retries, ...this.fresh];
      this.retries = [];
      this.fresh = [];
      for (const p of lost) p.reject?.(lastError ?? new Error('audit writer closed'));
      this.o.onLost?.(
        lost.filter((p) => !p.resolve).map((p) => p.entry),
        lastError ?? new Error('audit writer closed'),
      );
    }
  }

  private admit(entry: AuditEntryInput): void {
    if (this.closed) throw new Error('audit writer is closed');
    toAuditRecord(1, new Date(), entry); // the same checks as the append: a bad entry fails its caller, not a batch
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  /** Starts a batch after `ms` unless one is running (it starts the next itself) or an earlier one is set. */
  private schedule(ms: number): void {
    if (this.running || this.closed) return;
    const at = Date.now() + ms;
    if (this.timer !== undefined && this.timerAt <= at) return;
    this.cancelTimer();
    this.timerAt = at;
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      if (this.running) return; // it starts the next batch itself
      void this.run().catch(() => undefined); // failures are reported per entry and through onError
    }, ms);
  }

  private run(): Promise<void> {
    this.running = this.drain().finally(() => {
      this.running = undefined;
      this.next();
    });
    return this.running;
  }

  /** After a batch: the queued entries at once, else the earliest retry when it is due. */
  private next(): void {
    if (this.closed) return;
    if (this.fresh.length) return this.schedule(0);
    if (this.retries.length) this.schedule(Math.max(0, Math.min(...this.retries.map((p) => p.notBefore)) - Date.now()));
  }

  private take(): Pending[] {
    const now = Date.now();
    const due = this.retries.filter((p) => p.notBefore <= now).slice(0, this.maxBatch);
    this.retries = this.retries.filter((p) => !due.includes(p));
    return [...due, ...this.fresh.splice(0, this.maxBatch - due.length)];
  }

  private async drain(): Promise<void> {
    let failure: unknown;
    for (let batch = this.take(); batch.length; batch = this.take()) {
      try {
        const done = await this.o.transaction(async (m) => {
          const ms = Math.max(1, Math.round(this.o.timeoutMs ?? 5000));
          await m.query(`SET LOCAL lock_timeout = ${ms}`);
          await m.query(`SET LOCAL statement_timeout = ${ms}`);
          return appendAuditBatch(
            m,
            batch.map((p) => p.entry),
          );
        });
        batch.forEach((p, i) => p.resolve?.(done[i]));
      } catch (e) {
        failure = e;
        this.o.onError?.(e, batch.length);
        for (const p of batch) {
          if (p.reject) p.reject(e);
          else {
            p.attempts++;
            p.notBefore = Date.now() + Math.min(MAX_RETRY_MS, (this.o.retryMs ?? 100) * 2 ** (p.attempts - 1));
            this.retries.push(p);
          }
        }
      }
    }
    if (failure !== undefined && this.closed) throw failure;
  }
}
