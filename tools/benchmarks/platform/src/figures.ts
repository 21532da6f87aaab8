/** The arithmetic of `npm run bench`: percentiles, one row's figures, the ratios of a path to its baseline, whether a sustained run held. */

/** Nearest-rank percentile of ascending `sorted` (p in 0..100); NaN when there is no sample. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface Figures {
  /** Operations that succeeded. */
  ok: number;
  /** Operations that failed (an error or an unexpected status): not in the throughput or the latencies. */
  errors: number;
  /** Wall time from the first start to the last answer. */
  seconds: number;
  /** Successful operations per second. */
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

/** The figures of one run from its successful latencies (ms), its error count and its wall time. */
export function figures(latenciesMs: readonly number[], errors: number, seconds: number): Figures {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    ok: sorted.length,
    errors,
    seconds,
    perSecond: seconds > 0 ? sorted.length / seconds : 0,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

export interface Row extends Figures {
  /** What was measured (`temporal-start`, `register`, …). */
  name: string;
  /** Operations kept in flight. */
  concurrency: number;
  /** Why the row is partial, when it is (e.g. the action ran out of cases). */
  note?: string;
}

/** A platform path and the raw operation it is built on. */
export interface Pair {
  path: string;
  baseline: string;
}

export interface Ratio extends Pair {
  concurrency: number;
  /** path throughput ÷ baseline throughput at the same concurrency (1 = as fast as the bare operation). */
  throughput: number;
  /** path p50 ÷ baseline p50 (how many times slower one operation is). */
  p50: number;
}

/** Every pair's ratios at every concurrency where both were measured. */
export function ratios(rows: readonly Row[], pairs: readonly Pair[]): Ratio[] {
  const out: Ratio[] = [];
  for (const pair of pairs) {
    for (const path of rows.filter((r) => r.name === pair.path)) {
      const base = rows.find((r) => r.name === pair.baseline && r.concurrency === path.concurrency);
      if (!base || base.perSecond === 0 || !(base.p50 > 0)) continue;
      out.push({ ...pair, concurrency: path.concurrency, throughput: path.perSecond / base.perSecond, p50: path.p50 / base.p50 });
    }
  }
  return out;
}

/** The highest throughput any row of `name` reached (0 when none did). */
export function highestRate(rows: readonly Row[], name: string): number {
  return rows.filter((r) => r.name === name).reduce((best, r) => Math.max(best, r.perSecond), 0);
}

export interface Sustained extends Figures {
  /** The arrival rate asked for (operations per second). */
  target: number;
  /** Arrivals not sent because too many were already waiting (the system fell behind). */
  dropped: number;
  /** p95 of the operations that arrived in the first and in the last third of the run. */
  firstThirdP95: number;
  lastThirdP95: number;
  /**
   * For work that goes on after the answer (a registration's process routes the case later): how
   * long after the run's last answer that work was done, or null if it never was in the time given.
   * Undefined where the answer is the whole of the work.
   */
  settledMs?: number | null;
  held: boolean;
}

/**
 * How much slower the last third may answer than the first before the run counts as falling
 * behind: twice as slow, or a second slower, whichever is more (small latencies wobble by more than
 * twice without any queue; a real deficit grows the wait by seconds over a minute).
 */
export const HELD_GROWTH = 2;
export const HELD_SLACK_MS = 1000;
/**
 * How long after a sustained run the work behind its answers may take to finish. A case registered
 * alone is actionable within a quarter of a second; five seconds allows a burst's tail, while a
 * platform that fell behind over a minute shows a backlog of tens of seconds.
 */
export const SETTLE_LIMIT_MS = 5000;

/** One sustained run as the bench reports it: which path, its figures, the distinct failures. */
export type SustainedRun = Sustained & { path: string; failures: string[] };

/**
 * One sustained run from its samples (arrival offset in seconds, latency in ms). Throughput is the
 * successful operations over the arrival window. It held when nothing failed, nothing was dropped
 * for want of room, the last third's p95 stayed within the allowed growth over the first's (a
 * system that cannot keep up builds a queue, and the queue shows as waiting that grows), and the
 * work behind the answers, where it goes on after them, was done within SETTLE_LIMIT_MS.
 */
export function sustained(
  samples: ReadonlyArray<{ at: number; ms: number }>,
  errors: number,
  dropped: number,
  target: number,
  seconds: number,
  settledMs?: number | null,
): Sustained {
  const f = figures(
    samples.map((s) => s.ms),
    errors,
    seconds,
  );
  const third = (from: number, to: number) =>
    percentile(
      samples
        .filter((s) => s.at >= from && s.at < to)
        .map((s) => s.ms)
        .sort((a, b) => a - b),
      95,
    );
  const firstThirdP95 = third(0, seconds / 3);
  const lastThirdP95 = third((2 * seconds) / 3, Number.POSITIVE_INFINITY);
  const growing = !(lastThirdP95 <= Math.max(HELD_GROWTH * firstThirdP95, firstThirdP95 + HELD_SLACK_MS));
  const settled = settledMs === undefined || (settledMs !== null && settledMs <= SETTLE_LIMIT_MS);
  return {
    ...f,
    target,
    dropped,
    firstThirdP95,
    lastThirdP95,
    ...(settledMs === undefined ? {} : { settledMs }),
    held: errors === 0 && dropped === 0 && f.ok > 0 && !growing && settled,
  };
}
