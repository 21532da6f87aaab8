import type { CaseView } from '@fengqiao/contracts';
import type { Reconciliation } from '@fengqiao/testing';

/** What the backup drill (drill.ts) records before the backup and after the restore, and how it compares them. */

/** JSON with every object's keys sorted: equal texts, equal values (whatever the key order or the realm that built them). */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** What is compared before and after: everything as the public API, the audit verifier and Temporal tell it. */
export interface Snapshot {
  /** Why the drill could not wait until nothing was in flight ('' when it could). */
  unsettled: string;
  audit: { ok: boolean; count: number; lastSeq: number; lastHash: string };
  /** Each case as GET /cases/:id shows it, less what is computed from the current time (warning, clocks). */
  cases: Record<string, unknown>;
  /** How often each case shows in the district's list (GET /cases, every page). */
  listed: Record<string, number>;
  /** Each case's workflow: runs under its id and the status of the latest. */
  workflows: Record<string, { runs: number; status: string }>;
  stats: { district: unknown; town: unknown };
  /** JetStream: each stream's messages, last sequence and durable consumers' positions (ack floor); the apps' ephemeral ones come and go. */
  streams: Record<string, { messages: number; lastSeq: number; consumers: Record<string, number> }>;
  reconciliation: Reconciliation;
}

export interface Row {
  check: string;
  before: string;
  after: string;
  ok: boolean;
}

/** One row per check, comparing what was recorded before the backup (`b`) with what the restore gave (`a`). */
export function compare(ids: readonly string[], b: Snapshot, a: Snapshot): Row[] {
  const count = (xs: boolean[]) => `${xs.filter(Boolean).length}/${xs.length}`;
  const statuses = (s: Snapshot) =>
    Object.entries(Object.values(s.workflows).reduce<Record<string, number>>((m, w) => ({ ...m, [w.status]: (m[w.status] ?? 0) + 1 }), {}))
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  const r = (s: Reconciliation) =>
    `lost ${s.lost}, dup ${s.duplicated}, wf missing ${s.workflowsMissing}/dup ${s.workflowsDuplicated}, events missing ${s.eventsMissing}/dup ${s.eventsDuplicated}`;
  const streamText = (s: Snapshot) =>
    Object.entries(s.streams)
      .map(([n, x]) => `${n} ${x.messages} msg, seq ${x.lastSeq}, ${Object.keys(x.consumers).length} durable consumers`)
      .join('; ');
  return [
    { check: 'nothing in flight', before: b.unsettled || 'settled', after: a.unsettled || 'settled', ok: !b.unsettled && !a.unsettled },
    {
      check: 'cases, each listed once',
      before: count(ids.map((id) => b.listed[id] === 1)),
      after: count(ids.map((id) => a.listed[id] === 1)),
      ok: ids.every((id) => b.listed[id] === 1 && a.listed[id] === 1) && same(b.listed, a.listed),
    },
    {
      check: 'case and timeline identical',
      before: `${ids.length} cases, ${ids.reduce((n, id) => n + ((b.cases[id] as CaseView | undefined)?.timeline.length ?? 0), 0)} entries`,
      after: `${count(ids.map((id) => same(b.cases[id], a.cases[id])))} identical`,
      ok: ids.every((id) => b.cases[id] !== undefined && same(b.cases[id], a.cases[id])),
    },
    {
      check: 'audit chain verified',
      before: `${b.audit.ok ? 'intact' : 'BROKEN'}, ${b.audit.count} entries, head ${b.audit.lastSeq}:${b.audit.lastHash.slice(0, 12)}`,
      after: `${a.audit.ok ? 'intact' : 'BROKEN'}, ${a.audit.count} entries, head ${a.audit.lastSeq}:${a.audit.lastHash.slice(0, 12)}`,
      ok: b.audit.ok && a.audit.ok && same(b.audit, a.audit),
    },
    {
      check: 'workflows, one run each',
      before: statuses(b),
      after: statuses(a),
      ok: Object.values(a.workflows).every((w) => w.runs === 1) && same(b.workflows, a.workflows),
    },
    {
      check: 'statistics (district, town)',
      before: 'recorded',
      after: same(b.stats, a.stats) ? 'equal' : 'DIFFERENT',
      ok: same(b.stats, a.stats),
    },
    { check: 'JetStream streams', before: streamText(b), after: streamText(a), ok: same(b.streams, a.streams) },
    { check: 'reconciliation', before: r(b.reconciliation), after: r(a.reconciliation), ok: b.reconciliation.ok && a.reconciliation.ok },
  ];
}

/** The rows as a plain-text table. */
export function table(rows: Row[]): string {
  const w = [
    Math.max(5, ...rows.map((x) => x.check.length)),
    Math.max(6, ...rows.map((x) => x.before.length)),
    Math.max(5, ...rows.map((x) => x.after.length)),
  ];
  const line = (c: string[]) => c.map((s, i) => s.padEnd(w[i] ?? 4)).join('  ');
  return [line(['check', 'before', 'after', '']), ...rows.map((x) => line([x.check, x.before, x.after, x.ok ? 'ok' : 'DIFFERENT']))].join('\n');
}
