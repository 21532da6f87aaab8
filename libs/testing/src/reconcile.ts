/** What every acknowledged registration must have left behind, and what the run found. */

export interface Acknowledged {
  /** The Idempotency-Key the registration was sent with. */
  key: string;
  caseId: string;
  /** The workflow id the 201 named. */
  workflowId: string;
}

export interface Found {
  /** intake.cases rows: id and request key (the Idempotency-Key), every row of the run's database. */
  stored: ReadonlyArray<{ caseId: string; key: string | null }>;
  /** Workflow runs listed under the run's prefix (one entry per run). */
  workflowRuns: readonly string[];
  /** The case id of every `case.registered` event on the run's stream. */
  events: readonly string[];
}

export interface Reconciliation {
  acknowledged: number;
  /** Acknowledged, but no row holds the case. */
  lost: number;
  /** An acknowledged key or case stored in more than one row. */
  duplicated: number;
  /** Rows no 201 announced (a request that timed out or failed after storing): reported, not an error. */
  unacknowledged: number;
  workflowsMissing: number;
  /** Acknowledged cases with more than one run of their workflow. */
  workflowsDuplicated: number;
  eventsMissing: number;
  eventsDuplicated: number;
  /** Every acknowledged case stored once, with one workflow and one event. */
  ok: boolean;
}

function counts(values: Iterable<string>): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

export function reconcile(acked: readonly Acknowledged[], found: Found): Reconciliation {
  const byCase = counts(found.stored.map((s) => s.caseId));
  const byKey = counts(found.stored.flatMap((s) => (s.key === null ? [] : [s.key])));
  const runs = counts(found.workflowRuns);
  const events = counts(found.events);
  const ackedCases = new Set(acked.map((a) => a.caseId));
  let lost = 0;
  let duplicated = 0;
  let workflowsMissing = 0;
  let workflowsDuplicated = 0;
  let eventsMissing = 0;
  let eventsDuplicated = 0;
  for (const a of acked) {
    const rows = byCase.get(a.caseId) ?? 0;
    if (rows === 0) lost++;
    if (rows > 1 || (byKey.get(a.key) ?? 0) > 1) duplicated++;
    const r = runs.get(a.workflowId) ?? 0;
    if (r === 0) workflowsMissing++;
    if (r > 1) workflowsDuplicated++;
    const e = events.get(a.caseId) ?? 0;
    if (e === 0) eventsMissing++;
    if (e > 1) eventsDuplicated++;
  }
  const unacknowledged = [...byCase.keys()].filter((id) => !ackedCases.has(id)).length;
  const bad = lost + duplicated + workflowsMissing + workflowsDuplicated + eventsMissing + eventsDuplicated;
  return {
    acknowledged: acked.length,
    lost,
    duplicated,
    unacknowledged,
    workflowsMissing,
    workflowsDuplicated,
    eventsMissing,
    eventsDuplicated,
    ok: bad === 0,
  };
}
