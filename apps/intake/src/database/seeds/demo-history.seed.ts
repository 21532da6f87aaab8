import { INTAKE_EVENT_SOURCE } from '../../config/intake.config';
import type { DataSource, EntityManager } from 'typeorm';
import { caseEventType, eventSubject, EventTypes, type CaseRegisteredData, type CaseTransitionData, type CloudEvent } from '@fengqiao/contracts';
import { caseWorkflowId, kindModule } from '@fengqiao/rules';
import { chinaDate } from '@fengqiao/calendar';
import { buildCloudEvent } from '@fengqiao/messaging';
import { formatCaseNo } from '../../cases/case-number.allocator';
import { stepEventId } from '../../cases/transition-recorder';
import { inScope } from '../jurisdiction-scope';
import { personName } from './demo-county.seed';
import { chinaMidnight, planHistory, type PlannedCase } from './demo-history.plan';
import { seedDemoFieldReports } from './demo-field-reports';

/** The `registered_by` of every historical case: no user has this id, and it marks the history as seeded. */
export const HISTORY_MARKER = 'demo-history';
const HISTORY_LOCK = 0x1f_0e_5e_10;
const CHUNK = 500;

export interface HistoryResult {
  seeded: boolean;
  cases: number;
  events: number;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * `migrate.js --seed-demo --seed-history`: a year of past cases for the demo county, ending
 * yesterday, written as intake writes live ones — case rows numbered through the case sequences,
 * parties (names only), timeline rows with their step numbers, supervision items for clocks still
 * red, and the same CloudEvents in the outbox. A closed case's registration is flagged `historical`
 * (the orchestrator starts no process for it); an open case's carries `resume`, where it stands, so
 * the orchestrator starts its process there and the case takes actions like a live one. Once only:
 * a second run finds the marker and writes nothing.
 */
export async function seedDemoHistory(ds: DataSource, o: { now?: Date; prefix?: string } = {}): Promise<HistoryResult> {
  return inScope(ds, { kind: 'system' }, async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock($1)`, [HISTORY_LOCK]);
    const [done] = (await m.query(`SELECT 1 FROM intake.cases WHERE registered_by = $1 LIMIT 1`, [HISTORY_MARKER])) as unknown[];
    if (done) return { seeded: false, cases: 0, events: 0 };
    const plan = planHistory({ end: chinaMidnight((o.now ?? new Date()).getTime()) });
    const paths = new Map(((await m.query(`SELECT code, path FROM intake.org_units`)) as { code: string; path: string }[]).map((r) => [r.code, r.path]));
    const cases = plan.filter((c) => paths.has(c.orgUnit));
    const numbers = await allocateNumbers(m, cases);

    const rows = cases.map((c) => caseRow(c, numbers.get(c.id)!, paths.get(c.orgUnit)!, o.prefix));
    await insertChunks(rows, (json) =>
      m.query(
        `INSERT INTO intake.cases (id, case_no, kind, category, severity, channel, title, description, status, outcome, warning, org_unit, org_path, assignee,
           first_reply_due, mediation_due, joint_handling_due, deadlines_provisional, occurred_at, location, workflow_id, registered_by, created_at, updated_at,
           rule_version, tier, team, clocks, allowed_actions, mediator, joint, rating, last_seq)
         SELECT id, case_no, kind, category, severity, channel, title, description, status, outcome, warning, org_unit, org_path, assignee,
           first_reply_due, mediation_due, joint_handling_due, false, occurred_at, NULL, workflow_id, registered_by, created_at, updated_at,
           rule_version, tier, team, clocks, '[]'::jsonb, mediator, joint, rating, last_seq
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, case_no text, kind text, category text, severity text, channel text, title text, description text,
           status text, outcome text, warning text, org_unit text, org_path text, assignee jsonb, first_reply_due timestamptz, mediation_due timestamptz,
           joint_handling_due timestamptz, occurred_at timestamptz, workflow_id text, registered_by text, created_at timestamptz, updated_at timestamptz,
           rule_version int, tier text, team text, clocks jsonb, mediator jsonb, joint jsonb, rating int, last_seq int)`,
        [json],
      ),
    );
    const parties = cases.flatMap((c) =>
      c.parties.map((p, ordinal) => ({ id: stepEventId(c.id, -1 - ordinal), case_id: c.id, ordinal, role: p.role, name: p.name })),
    );
    await insertChunks(parties, (json) =>
      m.query(
        `INSERT INTO intake.case_parties (id, case_id, ordinal, role, name)
         SELECT id, case_id, ordinal, role, name FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, case_id uuid, ordinal int, role text, name text)`,
        [json],
      ),
    );
    const timeline = cases.flatMap((c) => [
      // Timelines show people by name, as intake writes live ones; the events keep the login ids.
      {
        case_id: c.id,
        at: iso(c.registeredAt),
        type: 'registered',
        actor: personName(c.registeredBy),
        detail: { channel: c.channel, firstReplyDue: iso(c.firstReplyDue) },
        seq: null,
      },
      ...c.steps.map((s) => ({ case_id: c.id, at: iso(s.at), type: s.type, actor: personName(s.actor), detail: s.detail, seq: s.seq })),
    ]);
    await insertChunks(timeline, (json) =>
      m.query(
        `INSERT INTO intake.case_timeline (case_id, at, type, actor, detail, seq)
         SELECT case_id, at, type, actor, detail, seq FROM jsonb_to_recordset($1::jsonb) AS x(case_id uuid, at timestamptz, type text, actor text, detail jsonb, seq int)`,
        [json],
      ),
    );
    const items = cases.flatMap((c) =>
      c.supervision.map((s) => ({
        case_id: c.id,
        case_no: numbers.get(c.id),
        clock_id: s.clockId,
        org_unit: s.orgUnit,
        org_path: paths.get(s.orgUnit) ?? paths.get(c.orgUnit),
        reason: s.reason,
        due: iso(s.due),
        opened_at: iso(s.openedAt),
      })),
    );
    await insertChunks(items, (json) =>
      m.query(
        `INSERT INTO intake.supervision_items (case_id, case_no, clock_id, org_unit, org_path, reason, due, opened_at)
         SELECT case_id, case_no, clock_id, org_unit, org_path, reason, due, opened_at
         FROM jsonb_to_recordset($1::jsonb) AS x(case_id uuid, case_no text, clock_id text, org_unit text, org_path text, reason text, due timestamptz, opened_at timestamptz)
         ON CONFLICT DO NOTHING`,
        [json],
      ),
    );
    // In the order they happened, so the relay publishes each case's registration before its steps;
    // in the bulk lane, so a case registered while the history drains is not queued behind it.
    const events = cases.flatMap((c) => caseEvents(c, numbers.get(c.id)!, paths.get(c.orgUnit)!)).map((e, n) => ({ ...e, n }));
    await insertChunks(events, (json) =>
      m.query(
        `INSERT INTO intake.outbox (id, subject, type, event, bulk)
         SELECT id, subject, type, event, true FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, subject text, type text, event jsonb, n int) ORDER BY n`,
        [json],
      ),
    );
    // A few field reports of the demo village's grid worker over the last days (their own events).
    await seedDemoFieldReports(m, chinaMidnight((o.now ?? new Date()).getTime()), 'demo-field-reports');
    return { seeded: true, cases: cases.length, events: events.length };
  });
}

async function insertChunks<T>(rows: T[], insert: (json: string) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(JSON.stringify(rows.slice(i, i + CHUNK)));
}

/**
 * Case numbers from the same counters live registrations use: each (unit, year) counter moves
 * past the history's cases in one step, so later registrations continue it without gaps or repeats.
 */
async function allocateNumbers(m: EntityManager, cases: PlannedCase[]): Promise<Map<string, string>> {
  const groups = new Map<string, PlannedCase[]>();
  for (const c of cases) {
    const key = `${c.orgUnit}|${chinaDate(new Date(c.registeredAt)).slice(0, 4)}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(c);
  }
  const numbers = new Map<string, string>();
  for (const [key, group] of groups) {
    const [orgUnit, year] = key.split('|') as [string, string];
    const [row] = (await m.query(
      `INSERT INTO intake.case_sequences (org_unit, year, last_value) VALUES ($1, $2, $3)
       ON CONFLICT (org_unit, year) DO UPDATE SET last_value = intake.case_sequences.last_value + EXCLUDED.last_value
       RETURNING last_value`,
      [orgUnit, Number(year), group.length],
    )) as { last_value: number }[];
    const first = Number(row!.last_value) - group.length + 1;
    group.forEach((c, i) => numbers.set(c.id, formatCaseNo(orgUnit, Number(year), first + i)));
  }
  return numbers;
}

export function caseRow(c: PlannedCase, caseNo: string, orgPath: string, prefix: string | undefined) {
  const last = c.steps[c.steps.length - 1];
  const kind = kindModule(c.kind);
  if (!kind) throw new Error(`demo history: no process declared for kind ${c.kind}`);
  // The process starts at seq + 1: the transition recorder accepts only steps past last_seq.
  if (c.resume && c.resume.seq !== (last?.seq ?? 0)) throw new Error(`demo history: ${c.id} resumes at ${c.resume.seq}, not its last step`);
  return {
    id: c.id,
    case_no: caseNo,
    kind: c.kind,
    category: c.category,
    severity: c.severity,
    channel: c.channel,
    title: c.title,
    description: c.description,
    status: c.status,
    outcome: c.outcome,
    warning: c.warning,
    org_unit: c.orgUnit,
    org_path: orgPath,
    // As the transition recorder writes it: the mediator (by login when they have one), else the registering clerk.
    assignee: c.mediator
      ? { id: c.mediator.username ?? c.mediator.id, name: c.mediator.name, role: 'mediator' }
      : { id: c.registeredBy, name: personName(c.registeredBy), role: 'clerk' },
    first_reply_due: iso(c.firstReplyDue),
    mediation_due: iso(c.mediationDue),
    joint_handling_due: iso(c.jointHandlingDue),
    occurred_at: iso(c.registeredAt - 86_400_000),
    workflow_id: caseWorkflowId(kind, caseNo, prefix),
    registered_by: HISTORY_MARKER,
    created_at: iso(c.registeredAt),
    updated_at: iso(last?.at ?? c.registeredAt),
    rule_version: c.rule ? 1 : null,
    tier: c.rule?.tier ?? null,
    team: c.rule?.team ?? null,
    clocks: c.clocks,
    mediator: c.mediator,
    joint: c.joint,
    rating: c.rating,
    last_seq: last?.seq ?? 0,
  };
}

/**
 * case.registered and one event per step, with the ids live steps get. The registration of an open
 * case carries where it stands (its process starts there, at its historical registration time); a
 * closed case's is flagged historical and starts nothing.
 */
export function caseEvents(c: PlannedCase, caseNo: string, orgPath: string): Array<{ id: string; subject: string; type: string; event: CloudEvent }> {
  const registered: CaseRegisteredData = {
    caseId: c.id,
    caseNo,
    kind: c.kind,
    category: c.category,
    severity: c.severity,
    orgUnit: c.orgUnit,
    orgPath,
    registeredAt: iso(c.registeredAt)!,
    firstReplyDue: iso(c.firstReplyDue)!,
    registeredBy: c.registeredBy,
    ...(c.rule ? { routing: { ruleVersion: 1, rule: c.rule } } : {}),
    ...(c.resume ? { resume: c.resume } : { historical: true }),
  };
  const out: Array<{ id: string; subject: string; type: string; event: CloudEvent }> = [
    {
      id: stepEventId(c.id, 0),
      subject: eventSubject(c.orgUnit, 'case', 'registered'),
      type: EventTypes.caseRegistered,
      event: buildCloudEvent({
        id: stepEventId(c.id, 0),
        type: EventTypes.caseRegistered,
        source: INTAKE_EVENT_SOURCE,
        subject: caseNo,
        data: registered,
        time: new Date(c.registeredAt),
      }) as CloudEvent,
    },
  ];
  for (const s of c.steps) {
    const data: CaseTransitionData = {
      caseId: c.id,
      caseNo,
      orgUnit: c.orgUnit,
      orgPath,
      kind: c.kind,
      category: c.category,
      seq: s.seq,
      type: s.type,
      actor: s.actor,
      at: iso(s.at)!,
      status: s.status,
      outcome: s.outcome,
      warning: s.warning,
      rating: s.rating,
      detail: s.detail,
    };
    const id = stepEventId(c.id, s.seq);
    out.push({
      id,
      subject: eventSubject(c.orgUnit, 'case', s.type),
      type: caseEventType(s.type),
      event: buildCloudEvent({ id, type: caseEventType(s.type), source: INTAKE_EVENT_SOURCE, subject: caseNo, data, time: new Date(s.at) }),
    });
  }
  return out;
}
