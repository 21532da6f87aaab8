import type { Ratio, Row, SustainedRun } from './figures';
import type { Reconciliation } from '@fengqiao/testing';

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 2 : 0) : '—');
const rate = (v: number) => (v < 100 ? v.toFixed(1) : v.toFixed(0));

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The measurements: one line per path and concurrency. */
export function rowsTable(rows: readonly Row[]): string {
  return table(
    ['path', 'in flight', 'ok', 'errors', 'ops/s', 'p50 ms', 'p95 ms', 'p99 ms', 'note'],
    rows.map((r) => [r.name, String(r.concurrency), String(r.ok), String(r.errors), rate(r.perSecond), ms(r.p50), ms(r.p95), ms(r.p99), r.note ?? '']),
  );
}

export function ratiosTable(ratios: readonly Ratio[]): string {
  return table(
    ['path / baseline', 'in flight', 'throughput', 'p50 latency'],
    ratios.map((r) => [`${r.path} / ${r.baseline}`, String(r.concurrency), `${r.throughput.toFixed(3)}×`, `${r.p50.toFixed(1)}×`]),
  );
}

export function sustainedLine(s: SustainedRun, seconds: number): string {
  return (
    `sustained ${seconds} s of ${s.path} at ${rate(s.target)}/s (half its highest rate): ${s.ok} ok, ${s.errors} errors, ${s.dropped} dropped, ` +
    `${rate(s.perSecond)}/s, p50 ${ms(s.p50)} ms, p95 ${ms(s.p95)} ms, p99 ${ms(s.p99)} ms ` +
    `(p95 first third ${ms(s.firstThirdP95)} ms, last third ${ms(s.lastThirdP95)} ms)` +
    (s.settledMs === undefined
      ? ''
      : s.settledMs === null
        ? '; its cases were NOT all actionable in time'
        : `; every case actionable ${ms(s.settledMs)} ms after the run`) +
    ` — ${s.held ? 'held' : 'DID NOT HOLD'}`
  );
}

export function reconciliationLine(r: Reconciliation): string {
  return (
    `reconciliation: ${r.acknowledged} acknowledged; lost ${r.lost}, duplicated ${r.duplicated}, ` +
    `workflows missing ${r.workflowsMissing} / duplicated ${r.workflowsDuplicated}, ` +
    `case.registered events missing ${r.eventsMissing} / duplicated ${r.eventsDuplicated}; ` +
    `${r.unacknowledged} stored without a 201 — ${r.ok ? 'every acknowledged case stored once, one workflow, one event' : 'MISMATCH'}`
  );
}
