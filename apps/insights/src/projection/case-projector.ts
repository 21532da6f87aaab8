import type { DataSource, EntityManager } from 'typeorm';
import type { CloudEvent } from '@fengqiao/contracts';
import { applyEvent, classify, contributionDelta, type CaseEvent, type CaseFacts, type Contribution, type RollupKey } from './case-facts';

/**
 * Writers of the read model hold this advisory lock: each event shared, a rebuild exclusive,
 * so a live event never lands between the rebuild's emptying and its replay.
 */
export const READ_MODEL_LOCK = 0x1f_0e_5e_01;

export const FACT_COLUMNS = `case_id, org_unit, org_path, kind, category, registered_at, last_seq, status, outcome, warning,
  resolved_at_first_contact, mediated, ever_overdue, first_reply_at, rating, ratings, ratings_satisfied, closed_at,
  petition_decision_seq, petition_decision_on_time, petition_objected_seq, petition_acceptance_red_seq, petition_reply_seq,
  petition_reply_on_time, petition_handling_red_seq, petition_review_requested`;

interface FactRow {
  case_id: string;
  org_unit: string;
  org_path: string;
  kind: string;
  category: string;
  registered_at: Date | null;
  last_seq: number;
  status: string;
  outcome: string | null;
  warning: CaseFacts['warning'];
  resolved_at_first_contact: boolean;
  mediated: boolean;
  ever_overdue: boolean;
  first_reply_at: Date | null;
  rating: number | null;
  ratings: number;
  ratings_satisfied: number;
  closed_at: Date | null;
  petition_decision_seq: number | null;
  petition_decision_on_time: boolean | null;
  petition_objected_seq: number | null;
  petition_acceptance_red_seq: number | null;
  petition_reply_seq: number | null;
  petition_reply_on_time: boolean | null;
  petition_handling_red_seq: number | null;
  petition_review_requested: boolean;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const num = (v: number | string | null) => (v === null ? null : Number(v));

export function factsFromRow(r: FactRow): CaseFacts {
  return {
    caseId: r.case_id,
    orgUnit: r.org_unit,
    orgPath: r.org_path,
    kind: r.kind,
    category: r.category,
    registeredAt: iso(r.registered_at),
    lastSeq: Number(r.last_seq),
    status: r.status,
    outcome: r.outcome,
    warning: r.warning,
    resolvedAtFirstContact: r.resolved_at_first_contact,
    mediated: r.mediated,
    everOverdue: r.ever_overdue,
    firstReplyAt: iso(r.first_reply_at),
    rating: r.rating === null ? null : Number(r.rating),
    ratings: Number(r.ratings),
    ratingsSatisfied: Number(r.ratings_satisfied),
    closedAt: iso(r.closed_at),
    petition: {
      decisionSeq: num(r.petition_decision_seq),
      decisionOnTime: r.petition_decision_on_time,
      objectedSeq: num(r.petition_objected_seq),
      acceptanceRedSeq: num(r.petition_acceptance_red_seq),
      replySeq: num(r.petition_reply_seq),
      replyOnTime: r.petition_reply_on_time,
      handlingRedSeq: num(r.petition_handling_red_seq),
      reviewRequested: r.petition_review_requested,
    },
  };
}

export async function selectFacts(m: EntityManager, where: string, params: unknown[]): Promise<CaseFacts[]> {
  const rows = (await m.query(
    `SELECT ${FACT_COLUMNS.split(',')
      .map((c) => `f.${c.trim()}`)
      .join(', ')} FROM insights.case_facts f ${where}`,
    params,
  )) as FactRow[];
  return rows.map(factsFromRow);
}

/** Every code on a materialised path (`/621100/621102/621102101/`) with its own path. */
export function pathUnits(path: string): Array<{ code: string; path: string }> {
  const codes = path.split('/').filter(Boolean);
  return codes.map((code, i) => ({ code, path: `/${codes.slice(0, i + 1).join('/')}/` }));
}

async function rememberPath(m: EntityManager, orgPath: string | undefined, orgUnit: string): Promise<void> {
  if (!orgPath) {
    // An event without a path: the unit is known at least as a root of its own, until a path arrives.
    await m.query(`INSERT INTO insights.org_units (code, path) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING`, [orgUnit, `/${orgUnit}/`]);
    return;
  }
  const units = pathUnits(orgPath);
  const values = units.map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(', ');
  await m.query(
    `INSERT INTO insights.org_units (code, path) VALUES ${values}
     ON CONFLICT (code) DO UPDATE SET path = EXCLUDED.path WHERE insights.org_units.path <> EXCLUDED.path`,
    units.flatMap((u) => [u.code, u.path]),
  );
}

const ROLLUP_COLUMNS: Array<[keyof Contribution, string]> = [
  ['received', 'received'],
  ['closed', 'closed'],
  ['resolvedAtFirstContact', 'resolved_at_first_contact'],
  ['mediated', 'mediated'],
  ['mediationSucceeded', 'mediation_succeeded'],
  ['resolved', 'resolved'],
  ['closedOnTime', 'closed_on_time'],
  ['firstReplyCount', 'first_reply_count'],
  ['firstReplyMsSum', 'first_reply_ms_sum'],
  ['ratings', 'ratings'],
  ['ratingsSatisfied', 'ratings_satisfied'],
  ['openGreen', 'open_green'],
  ['openYellow', 'open_yellow'],
  ['openRed', 'open_red'],
  ['petitionAcceptanceDue', 'petition_acceptance_due'],
  ['petitionAcceptedTimely', 'petition_accepted_timely'],
  ['petitionReplied', 'petition_replied'],
  ['petitionRepliedOnTime', 'petition_replied_on_time'],
  ['petitionRepliedRated', 'petition_replied_rated'],
  ['petitionRepliedReviewed', 'petition_replied_reviewed'],
];
export const ROLLUP_COUNT_COLUMNS = ROLLUP_COLUMNS;

async function addToRollup(m: EntityManager, key: RollupKey, counts: Contribution): Promise<void> {
  const cols = ROLLUP_COLUMNS.map(([, c]) => c);
  await m.query(
    `INSERT INTO insights.rollups (org_unit, kind, category, day, ${cols.join(', ')})
     VALUES ($1, $2, $3, $4, ${cols.map((_, i) => `$${i + 5}`).join(', ')})
     ON CONFLICT (org_unit, kind, category, day) DO UPDATE SET ${cols.map((c) => `${c} = insights.rollups.${c} + EXCLUDED.${c}`).join(', ')}`,
    [key.orgUnit, key.kind, key.category, key.day, ...ROLLUP_COLUMNS.map(([f]) => counts[f])],
  );
}

async function writeFacts(m: EntityManager, f: CaseFacts): Promise<void> {
  await m.query(
    `UPDATE insights.case_facts SET org_unit = $2, org_path = $3, kind = $4, category = $5, registered_at = $6, last_seq = $7, status = $8,
       outcome = $9, warning = $10, resolved_at_first_contact = $11, mediated = $12, ever_overdue = $13, first_reply_at = $14, rating = $15,
       ratings = $16, ratings_satisfied = $17, closed_at = $18, petition_decision_seq = $19, petition_decision_on_time = $20,
       petition_objected_seq = $21, petition_acceptance_red_seq = $22, petition_reply_seq = $23, petition_reply_on_time = $24,
       petition_handling_red_seq = $25, petition_review_requested = $26, updated_at = now()
     WHERE case_id = $1`,
    [
      f.caseId,
      f.orgUnit,
      f.orgPath,
      f.kind,
      f.category,
      f.registeredAt,
      f.lastSeq,
      f.status,
      f.outcome,
      f.warning,
      f.resolvedAtFirstContact,
      f.mediated,
      f.everOverdue,
      f.firstReplyAt,
      f.rating,
      f.ratings,
      f.ratingsSatisfied,
      f.closedAt,
      f.petition.decisionSeq,
      f.petition.decisionOnTime,
      f.petition.objectedSeq,
      f.petition.acceptanceRedSeq,
      f.petition.replySeq,
      f.petition.replyOnTime,
      f.petition.handlingRedSeq,
      f.petition.reviewRequested,
    ],
  );
}

/**
 * Applies one event inside the caller's transaction: skipped when its id was applied before;
 * otherwise the case's facts change and its rollup rows get the difference of its
 * contribution. Returns whether anything was applied.
 */
export async function projectEvent(m: EntityManager, raw: CloudEvent): Promise<boolean> {
  const e: CaseEvent | undefined = classify(raw);
  if (!e) return false;
  const fresh = (await m.query(`INSERT INTO insights.processed_events (event_id, case_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`, [
    e.id,
    e.data.caseId,
  ])) as unknown[];
  if (fresh.length === 0) return false;
  const d = e.data as { caseId: string; orgUnit: string; orgPath?: string; kind?: string; category?: string };
  // A placeholder row first, then a row lock: two replicas with events of one new case take turns.
  const created = (await m.query(
    `INSERT INTO insights.case_facts (case_id, org_unit, org_path, kind, category) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (case_id) DO NOTHING RETURNING case_id`,
    [d.caseId, d.orgUnit, d.orgPath || `/${d.orgUnit}/`, d.kind ?? 'dispute', d.category ?? 'other'],
  )) as unknown[];
  const [before] = await selectFacts(m, `WHERE f.case_id = $1 FOR UPDATE`, [d.caseId]);
  const known = created.length ? null : before!;
  const after = applyEvent(known, e);
  await writeFacts(m, after);
  for (const delta of contributionDelta(known, after)) await addToRollup(m, delta.key, delta.counts);
  // The org tree changes rarely: written for a new case or a case whose path moved, not per event.
  if (created.length || (d.orgPath && d.orgPath !== before!.orgPath)) await rememberPath(m, d.orgPath, d.orgUnit);
  return true;
}

/** The live consumer's unit of work: one event, one transaction. */
export class CaseProjector {
  constructor(private readonly ds: DataSource) {}

  handle(raw: CloudEvent): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock_shared($1)`, [READ_MODEL_LOCK]);
      return projectEvent(m, raw);
    });
  }
}
