import type { DataSource, EntityManager } from 'typeorm';
import {
  eventFilter,
  KEY_PERSON_AGGREGATE,
  KEY_PERSON_OBLIGATIONS,
  KEY_PERSON_RISK_LEVELS,
  KeyPersonEvents,
  withPrefix,
  type CloudEvent,
  type KeyPersonObligation,
  type KeyPersonRiskLevel,
  type ObligationRef,
} from '@fengqiao/contracts';
import { READ_MODEL_LOCK, rememberPath } from './case-projector';

/** Every key-person event of every org unit (`fq.evt.<orgUnit>.key-person.<event>`). */
export const keyPersonEventsFilter = (prefix: string | undefined) => withPrefix(prefix, eventFilter(KEY_PERSON_AGGREGATE, '*'));

type EventName = (typeof KeyPersonEvents)[keyof typeof KeyPersonEvents];
const EVENT_NAMES = new Set<string>(Object.values(KeyPersonEvents));

/** What one key-person event says, checked: ids, units, codes, levels and instants only (and the unit's path when the event gives it). */
export type KeyPersonFact = { orgPath?: string } & (
  | { kind: 'registered'; personId: string; orgUnit: string; category: string; riskLevel: KeyPersonRiskLevel; at: string }
  | { kind: 'risk-changed'; personId: string; orgUnit: string; from: KeyPersonRiskLevel; to: KeyPersonRiskLevel; at: string }
  | { kind: 'obligation-planned'; ref: ObligationRef; plannedAt: string }
  | { kind: 'obligation-met'; ref: ObligationRef; metAt: string; onTime: boolean; seenAt: string }
  | { kind: 'warning'; ref: ObligationRef; colour: 'yellow' | 'red'; at: string }
  | { kind: 'removed'; personId: string; orgUnit: string; category?: string; at: string }
);

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const instant = (v: unknown): v is string => str(v) && Number.isFinite(Date.parse(v));
const iso = (v: string) => new Date(v).toISOString();
/** A materialised path ending in the event's own unit (`/621100/621102/621102101/`), else nothing. */
const unitPath = (v: unknown, orgUnit: string): string | undefined =>
  typeof v === 'string' && /^(\/[0-9A-Za-z-]+)+\/$/.test(v) && v.endsWith(`/${orgUnit}/`) ? v : undefined;
const level = (v: unknown): v is KeyPersonRiskLevel => KEY_PERSON_RISK_LEVELS.includes(v as KeyPersonRiskLevel);

/** The event's name: the subject's last token (the contract), else the CloudEvent type's (`…key-person.<event>[.v1]`). */
export function keyPersonEventName(e: Pick<CloudEvent, 'type'>, subject?: string): EventName | undefined {
  const fromSubject = subject ? /\.key-person\.([a-z-]+)$/.exec(subject)?.[1] : undefined;
  const fromType = /(?:^|\.)key-person\.([a-z-]+)(?:\.v\d+)?$/.exec(e.type ?? '')?.[1];
  const name = fromSubject ?? fromType;
  return name && EVENT_NAMES.has(name) ? (name as EventName) : undefined;
}

function obligationRef(d: Record<string, unknown>): ObligationRef | undefined {
  if (!str(d['personId']) || !str(d['orgUnit']) || !str(d['key']) || !instant(d['dueAt'])) return undefined;
  if (!KEY_PERSON_OBLIGATIONS.includes(d['obligation'] as KeyPersonObligation)) return undefined;
  return {
    personId: d['personId'],
    orgUnit: d['orgUnit'],
    obligation: d['obligation'] as KeyPersonObligation,
    key: d['key'],
    dueAt: iso(d['dueAt']),
    ...(str(d['periodId']) ? { periodId: d['periodId'] } : {}),
    ...(str(d['day']) ? { day: d['day'] } : {}),
  };
}

/** A key-person event checked field by field; undefined when it is not one or is malformed (retrying cannot help). */
export function classifyKeyPersonEvent(e: CloudEvent, subject?: string): KeyPersonFact | undefined {
  const fact = classify(e, subject);
  const orgPath = fact && unitPath((e.data as Record<string, unknown>)['orgPath'], (e.data as Record<string, string>)['orgUnit']!);
  return fact && orgPath ? { ...fact, orgPath } : fact;
}

function classify(e: CloudEvent, subject?: string): KeyPersonFact | undefined {
  const name = keyPersonEventName(e, subject);
  const d = e.data as Record<string, unknown> | null;
  if (!name || !d || typeof d !== 'object' || !str(d['personId']) || !str(d['orgUnit'])) return undefined;
  const personId = d['personId'];
  const orgUnit = d['orgUnit'];
  switch (name) {
    case KeyPersonEvents.registered:
      if (!str(d['category']) || !level(d['riskLevel']) || !instant(d['at'])) return undefined;
      return {
        kind: 'registered',
        personId,
        orgUnit,
        category: d['category'],
        riskLevel: d['riskLevel'],
        at: iso(d['at']),
      };
    case KeyPersonEvents.riskChanged:
      if (!level(d['from']) || !level(d['to']) || !instant(d['at'])) return undefined;
      return { kind: 'risk-changed', personId, orgUnit, from: d['from'], to: d['to'], at: iso(d['at']) };
    case KeyPersonEvents.obligationPlanned: {
      const ref = obligationRef(d);
      // The run sets due times in order: the planning event's own time tells a re-plan from the plan it replaced.
      return ref && instant(e.time) ? { kind: 'obligation-planned', ref, plannedAt: iso(e.time) } : undefined;
    }
    case KeyPersonEvents.obligationMet: {
      const ref = obligationRef(d);
      if (!ref || !instant(d['metAt']) || !instant(e.time)) return undefined;
      const metAt = iso(d['metAt']);
      const onTime = typeof d['onTime'] === 'boolean' ? d['onTime'] : Date.parse(metAt) <= Date.parse(ref.dueAt);
      return { kind: 'obligation-met', ref, metAt, onTime, seenAt: iso(e.time) };
    }
    case KeyPersonEvents.warning: {
      const ref = obligationRef(d);
      if (!ref || (d['colour'] !== 'yellow' && d['colour'] !== 'red') || !instant(d['at'])) return undefined;
      return { kind: 'warning', ref, colour: d['colour'], at: iso(d['at']) };
    }
    case KeyPersonEvents.removed:
      if (!instant(d['at'])) return undefined;
      return { kind: 'removed', personId, orgUnit, ...(str(d['category']) ? { category: d['category'] } : {}), at: iso(d['at']) };
  }
}

/** An obligation's row, made if no event of it was seen yet (`plannedAt` stands in until its planning event arrives). */
async function ensureObligation(m: EntityManager, r: ObligationRef, plannedAt: string): Promise<void> {
  await m.query(
    `INSERT INTO insights.key_person_obligations (person_id, key, due_at, org_unit, obligation, planned_at, period_id, day)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (person_id, key, due_at) DO NOTHING`,
    [r.personId, r.key, r.dueAt, r.orgUnit, r.obligation, plannedAt, r.periodId ?? null, r.day ?? null],
  );
}

/**
 * One key at a time is open: an obligation not met is superseded from the moment a later due time
 * of the same key was planned (a risk change re-plans the contact), so it counts once, as the new one.
 * Derived from every row of the key, whatever order their events came in.
 */
async function resolveSuperseded(m: EntityManager, personId: string, key: string): Promise<void> {
  await m.query(
    `UPDATE insights.key_person_obligations o SET superseded_at = CASE WHEN o.met_at IS NULL THEN (
       SELECT min(n.planned_at) FROM insights.key_person_obligations n
       WHERE n.person_id = o.person_id AND n.key = o.key AND n.planned_at > o.planned_at) END
     WHERE o.person_id = $1 AND o.key = $2`,
    [personId, key],
  );
}

async function applyFact(m: EntityManager, f: KeyPersonFact): Promise<void> {
  switch (f.kind) {
    case 'registered':
      await m.query(
        `INSERT INTO insights.key_persons (person_id, org_unit, org_path, category, risk_level, registered_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (person_id) DO UPDATE SET org_unit = EXCLUDED.org_unit, org_path = coalesce(EXCLUDED.org_path, insights.key_persons.org_path),
           category = EXCLUDED.category, risk_level = EXCLUDED.risk_level, registered_at = EXCLUDED.registered_at`,
        [f.personId, f.orgUnit, f.orgPath ?? null, f.category, f.riskLevel, f.at],
      );
      await rememberPath(m, f.orgPath, f.orgUnit);
      return;
    case 'risk-changed':
      await m.query(`INSERT INTO insights.key_person_risk_changes (person_id, at, from_level, to_level) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
        f.personId,
        f.at,
        f.from,
        f.to,
      ]);
      await rememberPath(m, f.orgPath, f.orgUnit);
      return;
    case 'removed':
      await m.query(
        `INSERT INTO insights.key_persons (person_id, org_unit, category, removed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (person_id) DO UPDATE SET removed_at = EXCLUDED.removed_at, category = coalesce(insights.key_persons.category, EXCLUDED.category)`,
        [f.personId, f.orgUnit, f.category ?? null, f.at],
      );
      await rememberPath(m, f.orgPath, f.orgUnit);
      return;
    case 'obligation-planned':
      await ensureObligation(m, f.ref, f.plannedAt);
      await m.query(
        `UPDATE insights.key_person_obligations SET planned_at = CASE WHEN planned_seen THEN least(planned_at, $4::timestamptz) ELSE $4::timestamptz END,
           planned_seen = true
         WHERE person_id = $1 AND key = $2 AND due_at = $3`,
        [f.ref.personId, f.ref.key, f.ref.dueAt, f.plannedAt],
      );
      break;
    case 'obligation-met':
      await ensureObligation(m, f.ref, f.seenAt);
      await m.query(
        `UPDATE insights.key_person_obligations SET met_at = $4, on_time = $5 WHERE person_id = $1 AND key = $2 AND due_at = $3 AND met_at IS NULL`,
        [f.ref.personId, f.ref.key, f.ref.dueAt, f.metAt, f.onTime],
      );
      break;
    case 'warning':
      await ensureObligation(m, f.ref, f.at);
      await m.query(
        `INSERT INTO insights.key_person_warnings (person_id, key, due_at, colour, at, org_unit) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [f.ref.personId, f.ref.key, f.ref.dueAt, f.colour, f.at, f.ref.orgUnit],
      );
      break;
  }
  await resolveSuperseded(m, f.ref.personId, f.ref.key);
  await rememberPath(m, f.orgPath, f.ref.orgUnit);
}

/**
 * Applies one key-person event inside the caller's transaction: skipped when its id was applied
 * before (every write is also keyed, so a repeat under a new id changes nothing). Returns whether
 * anything was applied.
 */
export async function projectKeyPersonEvent(m: EntityManager, raw: CloudEvent, subject?: string): Promise<boolean> {
  const f = classifyKeyPersonEvent(raw, subject);
  if (!f) return false;
  const fresh = (await m.query(`INSERT INTO insights.processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING event_id`, [
    raw.id,
  ])) as unknown[];
  if (fresh.length === 0) return false;
  await applyFact(m, f);
  return true;
}

/** The live consumer's unit of work: one event, one transaction, under the read model's shared lock. */
export class KeyPersonProjector {
  constructor(private readonly ds: DataSource) {}

  handle(raw: CloudEvent, subject?: string): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock_shared($1)`, [READ_MODEL_LOCK]);
      return projectKeyPersonEvent(m, raw, subject);
    });
  }
}
