import type { EntityManager } from 'typeorm';
import { appendAuditBatch, toAuditRecord, type AuditEntryInput } from './audit-log';

/** The audit log could not take a read's entry: the read must not answer with what it read. */
export class AuditUnavailableError extends Error {
  constructor(override readonly cause: unknown) {
    super(`audit log unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'AuditUnavailableError';
  }
}

/**
 * Puts an entry on the audit outbox (`audit.read_outbox`) inside the caller's transaction: it
 * commits with the read or not at all, and costs the read one insert — not the chain head's lock.
 * The commit does not wait for the disk (`synchronous_commit = off` for that transaction): a crash
 * of the database server may lose the last fraction of a second of entries (with the reads' own
 * bookkeeping), a crash of the service loses none.
 * Throws AuditUnavailableError when the row cannot be written (the caller answers without the data).
 */
export async function enqueueAudit(m: EntityManager, entry: AuditEntryInput): Promise<void> {
  toAuditRecord(1, new Date(), entry); // the append's own checks, now: a bad entry is the caller's bug, not the drainer's
  try {
    // One round trip: the setting (for this transaction only) travels with the insert.
    await m.query(`INSERT INTO audit.read_outbox (entry) SELECT $1::jsonb FROM (SELECT set_config('synchronous_commit', 'off', true)) AS s`, [
      JSON.stringify(entry),
    ]);
  } catch (e) {
    throw new AuditUnavailableError(e);
  }
}

/** Where reads put their entries (AuditOutbox; a benchmark's baseline stores nothing). */
export interface ReadAuditSink {
  /** In the read's transaction; throws AuditUnavailableError when it cannot. */
  enqueue(m: EntityManager, entry: AuditEntryInput): Promise<void>;
  /** After the read's transaction committed: chain the queued entries soon. */
  kick(): void;
  /** An entry on its own (a refused read): its own transaction; throws AuditUnavailableError. */
  enqueueAlone(entry: AuditEntryInput): Promise<void>;
}

export interface AuditOutboxOptions {
  /**
   * Runs `fn` in one transaction (e.g. `(fn) => dataSource.transaction(fn)`), best on a small pool
   * of its own so waiting readers never leave the drainer without a connection.
   */
  transaction: <T>(fn: (m: EntityManager) => Promise<T>) => Promise<T>;
  /** At most this many entries chained per transaction. Default 500. */
  maxBatch?: number;
  /** A kick drains after this long, so the reads of that moment share one transaction. Default 50 ms. */
  lingerMs?: number;
  /** Leftovers (another replica's, a crashed run's) are looked for this often. Default 1000 ms; 0: never. */
  intervalMs?: number;
  /** After a failed drain, the next is tried after this (doubling to 5 s). Default 100 ms. */
  retryMs?: number;
  /** A drain failed (the entries stay on the outbox and are tried again). */
  onError?: (error: unknown) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

const MAX_RETRY_MS = 5000;

/**
 * Drains `audit.read_outbox` into the hash-chained log: many entries per transaction under one
 * hold of the chain head's lock, removed from the outbox in that same transaction (each entry is
 * chained exactly once, whatever fails). Replicas share the outbox: rows are taken with SKIP LOCKED
 * and the chain head serialises their appends. Reads enqueue (`enqueue`, in their transaction),
 * then `kick`; `flush` chains everything queued now; `stop` does so one last time (shutdown).
 */
export class AuditOutbox implements ReadAuditSink {
  /** Chained so far by this drainer: transactions and entries. */
  readonly stats = { batches: 0, entries: 0 };
  private running: Promise<void> | undefined;
  private again = false;
  private timer: unknown;
  private poll: ReturnType<typeof setInterval> | undefined;
  private failures = 0;
  private stopped = false;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (t: unknown) => void;

  constructor(private readonly o: AuditOutboxOptions) {
    // Unreferenced: a pending retry never keeps a stopping process alive.
    this.setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms).unref());
    this.clearTimer = o.clearTimer ?? ((t) => clearTimeout(t as NodeJS.Timeout));
  }

  enqueue(m: EntityManager, entry: AuditEntryInput): Promise<void> {
    return enqueueAudit(m, entry);
  }

  async enqueueAlone(entry: AuditEntryInput): Promise<void> {
    try {
      await this.o.transaction((m) => enqueueAudit(m, entry));
    } catch (e) {
      throw e instanceof AuditUnavailableError ? e : new AuditUnavailableError(e);
    }
    this.kick();
  }

  /** Looks for leftovers every `intervalMs` (and drains at once). */
  start(): void {
    const every = this.o.intervalMs ?? 1000;
    if (every > 0 && !this.poll) {
      this.poll = setInterval(() => this.kick(), every);
      this.poll.unref?.();
    }
    this.kick();
  }

  /** Chains what is queued, soon; drains already running take it on their next round. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer !== undefined) return;
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      void this.run().catch(() => undefined); // reported through onError; the rows stay queued
    }, this.o.lingerMs ?? 50);
  }

  /** Chains everything on the outbox now; rejects when a drain fails (the rows stay for later). */
  async flush(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    await this.run();
  }

  /** Shutdown: no more polling, one last flush (its failure goes to onError; the rows wait for the next start). */
  async stop(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
    this.stopped = true;
    await this.flush().catch(() => undefined);
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
  }

  private run(): Promise<void> {
    const run = this.drain().finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        this.kick();
      }
    });
    this.running = run;
    return run;
  }

  private async drain(): Promise<void> {
    this.again = false;
    const max = this.o.maxBatch ?? 500;
    try {
      for (;;) {
        const n = await this.o.transaction(async (m) => {
          // Not waiting for the disk is safe here: the chained entries and the removal from the outbox
          // commit together, so a lost commit leaves the rows on the outbox to be chained again.
          await m.query(`SELECT set_config('lock_timeout', '5000', true), set_config('synchronous_commit', 'off', true)`);
          const rows = (await m.query(`SELECT id, entry FROM audit.read_outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`, [max])) as Array<{
            id: string;
            entry: AuditEntryInput | string;
          }>;
          if (!rows.length) return 0;
          await appendAuditBatch(
            m,
            rows.map((r) => (typeof r.entry === 'string' ? (JSON.parse(r.entry) as AuditEntryInput) : r.entry)),
          );
          await m.query(`DELETE FROM audit.read_outbox WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
          return rows.length;
        });
        this.failures = 0;
        if (n === 0) return;
        this.stats.batches++;
        this.stats.entries += n;
        if (n < max) return;
      }
    } catch (e) {
      this.o.onError?.(e);
      this.failures++;
      if (!this.stopped) {
        const wait = Math.min(MAX_RETRY_MS, (this.o.retryMs ?? 100) * 2 ** (this.failures - 1));
        this.setTimer(() => this.kick(), wait);
      }
      throw e;
    }
  }
}
