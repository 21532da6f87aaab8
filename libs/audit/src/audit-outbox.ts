import type { EntityManager } from 'typeorm';
import { appendAuditBatch, type AuditEntryInput } from './audit-log';
import { DurableAuditWriter } from './audit-writer';

/**
 * Where reads record their entries (AuditOutbox; a benchmark's baseline stores nothing).
 * Durability: an entry is on disk, in the chain, before its read answers. The read starts `record` as soon as
 * the entry is known, beside its own queries (not in its transaction: the read never waits for
 * the disk while it holds its connection), and awaits it before answering.
 */
export interface ReadAuditSink {
  /**
   * Resolves once the entry is durable in the chain; rejects with AuditUnavailableError when
   * it cannot be (the read answers READ_NOT_AUDITED). Marked handled: a read that fails before it
   * awaits the promise leaves no unhandled rejection behind.
   */
  record(entry: AuditEntryInput): Promise<void>;
}

export interface AuditOutboxOptions {
  /**
   * Runs one statement outside any transaction and gives its rows (e.g. `(sql, p) => auditDataSource.query(sql, p)`):
   * the group-commit writer's (DurableAuditWriter). Best on the same small pool as `transaction`,
   * of two connections: one for the writer, one for the drainer.
   */
  write: (sql: string, params: unknown[]) => Promise<unknown>;
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
 * Where the services record reads. `record` hands a read's entry to the group-commit writer
 * (DurableAuditWriter): the entries of the same moment are chained into `audit.entries` by one
 * `audit.append_entries` call that commits with synchronous commit, so an entry is on disk, in the
 * chain, before its read answers, and a crash of the database server or of the service loses none.
 * The drainer chains what still waits on `audit.read_outbox` (the way reads were recorded before:
 * rows left by an older version, found every `intervalMs`): many entries per transaction under one
 * hold of the chain head's lock, removed from the outbox in that same transaction (each exactly
 * once, whatever fails). Replicas share both: the head serialises their appends, outbox rows are
 * taken with SKIP LOCKED. `flush` chains what waits on the outbox now; `stop` waits for the
 * writer and drains one last time (shutdown).
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
  private readonly writer: DurableAuditWriter;

  constructor(private readonly o: AuditOutboxOptions) {
    // Unreferenced: a pending retry never keeps a stopping process alive.
    this.setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms).unref());
    this.clearTimer = o.clearTimer ?? ((t) => clearTimeout(t as NodeJS.Timeout));
    this.writer = new DurableAuditWriter({ query: o.write });
  }

  /** Written by this instance's writer so far: statements and entries. */
  get written(): { batches: number; entries: number; retries: number } {
    return this.writer.stats;
  }

  record(entry: AuditEntryInput): Promise<void> {
    return this.writer.record(entry);
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

  /** Shutdown: no more polling, the writer's batches answered, one last flush (its failure goes to onError; the rows wait for the next start). */
  async stop(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
    await this.writer.idle();
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
          // The chained entries and their removal from the outbox commit together (append_entries makes
          // the commit wait for the disk), so a lost commit leaves the rows on the outbox to be chained again.
          await m.query(`SELECT set_config('lock_timeout', '5000', true)`);
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
