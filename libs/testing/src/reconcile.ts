import type { NatsConnection } from 'nats';
import type { Client } from '@temporalio/client';
import { streamName, withPrefix } from '@fengqiao/contracts';
import { readStream } from './stream-reader';

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

/** Where a run's cases, workflows and events are (a test context's, or a cluster's with no prefix). */
export interface RunServers {
  temporal: Client;
  nats: NatsConnection;
  /** The run's isolation prefix (workflow ids, stream, subjects); none on a deployment of its own. */
  prefix?: string;
  /** A query on the run's database that sees every org unit (row-level security's scope set to all). */
  sql: <T>(text: string) => Promise<T[]>;
}

/**
 * What a run left behind: the case rows, the `disputePath` runs (under the run's prefix) and the
 * `case.registered` events of `orgUnit` on its stream. The event relay and Temporal's visibility index
 * lag the answers, so it looks again until everything acknowledged shows or `patienceMs` has passed.
 */
export async function findLeftBehind(
  s: RunServers,
  acked: readonly Acknowledged[],
  patienceMs: number,
  orgUnit = '621102101',
): Promise<Found & { waitedMs: number }> {
  const started = Date.now();
  const subject = withPrefix(s.prefix, `fq.evt.${orgUnit}.case.registered`);
  const query = `WorkflowType = 'disputePath'${s.prefix ? ` AND WorkflowId STARTS_WITH '${s.prefix}.'` : ''}`;
  for (;;) {
    const stored = await s.sql<{ caseId: string; key: string | null }>(`SELECT id::text AS "caseId", request_key AS key FROM intake.cases`);
    const workflowRuns: string[] = [];
    for await (const w of s.temporal.workflow.list({ query })) workflowRuns.push(w.workflowId);
    const events = (await readStream(s.nats, streamName(s.prefix), subject)).map((m) => m.json<{ data: { caseId: string } }>().data.caseId);
    const runs = new Set(workflowRuns);
    const seen = new Set(events);
    const complete = acked.every((a) => runs.has(a.workflowId) && seen.has(a.caseId));
    if (complete || Date.now() - started > patienceMs) return { stored, workflowRuns, events, waitedMs: Date.now() - started };
    await new Promise((r) => setTimeout(r, 1000));
  }
}
