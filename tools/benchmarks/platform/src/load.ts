import { performance } from 'node:perf_hooks';
import { figures, type Figures } from './figures';

/** What one operation answers: done (counted), failed (an error with its reason), or no more work (the worker stops). */
export type Outcome = 'ok' | 'stop' | { error: string };

export interface Run extends Figures {
  /** The first few distinct failure reasons, to print. */
  failures: string[];
  /** A worker found no more work before the time was up. */
  exhausted: boolean;
}

async function attempt(op: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await op();
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

function collectFailure(failures: string[], reason: string): void {
  if (failures.length < 5 && !failures.includes(reason)) failures.push(reason);
}

/**
 * Closed loop: `concurrency` workers each start the next operation as soon as theirs answers, for
 * `seconds`; operations still in flight at the end are waited for and counted.
 */
export async function closedLoop(concurrency: number, seconds: number, op: () => Promise<Outcome>): Promise<Run> {
  const latencies: number[] = [];
  const failures: string[] = [];
  let errors = 0;
  let exhausted = false;
  const start = performance.now();
  const end = start + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      const r = await attempt(op);
      if (r === 'stop') {
        exhausted = true;
        return;
      }
      if (r === 'ok') latencies.push(performance.now() - t);
      else {
        errors++;
        collectFailure(failures, r.error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ...figures(latencies, errors, (performance.now() - start) / 1000), failures, exhausted };
}

export interface OpenRun {
  /** Each success: its arrival offset from the start (s) and its latency from that arrival (ms). */
  samples: Array<{ at: number; ms: number }>;
  errors: number;
  failures: string[];
  /** Arrivals not sent because `maxInFlight` operations were already waiting. */
  dropped: number;
}

/**
 * Open loop: arrivals at a fixed `rate` per second for `seconds`, whatever the answers do. Latency
 * runs from each arrival's scheduled time, so a late start counts against the system, not hidden.
 */
export async function openLoop(rate: number, seconds: number, maxInFlight: number, op: () => Promise<Outcome>): Promise<OpenRun> {
  const samples: OpenRun['samples'] = [];
  const failures: string[] = [];
  const pending = new Set<Promise<void>>();
  let errors = 0;
  let dropped = 0;
  const start = performance.now();
  const total = Math.floor(rate * seconds);
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (pending.size >= maxInFlight) {
      dropped++;
      continue;
    }
    const p: Promise<void> = attempt(op).then((r) => {
      pending.delete(p);
      if (r === 'ok') samples.push({ at: (due - start) / 1000, ms: performance.now() - due });
      else {
        errors++;
        collectFailure(failures, r === 'stop' ? 'no more work' : r.error);
      }
    });
    pending.add(p);
  }
  await Promise.all([...pending]);
  return { samples, errors, failures, dropped };
}
