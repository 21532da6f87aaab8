import type { DataSource, EntityManager } from 'typeorm';
import type { CloudEvent } from '@fengqiao/contracts';
import { applyEvent, classify, contributionDelta, type CaseEvent, type CaseFacts, type Contribution, type RollupKey } from './case-facts';
import { ROLLUP_COUNT_COLUMNS } from './rollup-columns';
import { addToSubtrees, moveUnitCounts } from './subtree-rollups';

/**
 * Writers of the read model hold this advisory lock: each event shared, a rebuild exclusive,
 * so a live event never lands between the rebuild's emptying and its replay.
 */
export const READ_MODEL_LOCK = 0x1f_0e_5e_01;

export const FACT_COLUMNS = `case_id, org_unit, org_path, kind, category, registered_at, last_seq, status, outcome, warning,
  resolved_at_first_contact, mediated, ever_overdue, first_reply_at, rating, ratings, ratings_satisfied, closed_at,
  petition_decision_seq, petition_decision_on_time, petition_objected_seq, petition_acceptance_red_seq, petition_reply_seq,
  petition_reply_on_time, petition_handling_red_seq, petition_review_requested,
  legal_aid_applied_seq, legal_aid_applied_at, legal_aid_notified_seq, legal_aid_notified_at, legal_aid_decision_seq, legal_aid_decision_at,
  legal_aid_granted, legal_aid_materials_requested_seq, legal_aid_materials_requested_at, legal_aid_materials_supplied_seq,
  legal_aid_materials_supplied_at, legal_aid_assigned_seq, legal_aid_assigned_at, legal_aid_assigned_on_time, legal_aid_corrected_seq,
  legal_aid_corrected_at, legal_aid_withdrawn, legal_aid_terminated, legal_aid_objected_seqs`;

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
  legal_aid_applied_seq: number | null;
  legal_aid_applied_at: Date | null;
  legal_aid_notified_seq: number | null;
  legal_aid_notified_at: Date | null;
  legal_aid_decision_seq: number | null;
  legal_aid_decision_at: Date | null;
  legal_aid_granted: boolean | null;
  legal_aid_materials_requested_seq: number | null;
  legal_aid_materials_requested_at: Date | null;
  legal_aid_materials_supplied_seq: number | null;
  legal_aid_materials_supplied_at: Date | null;
  legal_aid_assigned_seq: number | null;
  legal_aid_assigned_at: Date | null;
  legal_aid_assigned_on_time: boolean | null;
  legal_aid_corrected_seq: number | null;
  legal_aid_corrected_at: Date | null;
  legal_aid_withdrawn: boolean;
  legal_aid_terminated: boolean;
  legal_aid_objected_seqs: Array<number | string>;
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
    legalAid: {
      appliedSeq: num(r.legal_aid_applied_seq),
      appliedAt: iso(r.legal_aid_applied_at),
      notifiedSeq: num(r.legal_aid_notified_seq),
      notifiedAt: iso(r.legal_aid_notified_at),
      decisionSeq: num(r.legal_aid_decision_seq),
      decisionAt: iso(r.legal_aid_decision_at),
      granted: r.legal_aid_granted,
      materialsRequestedSeq: num(r.legal_aid_materials_requested_seq),
      materialsRequestedAt: iso(r.legal_aid_materials_requested_at),
      materialsSuppliedSeq: num(r.legal_aid_materials_supplied_seq),
      materialsSuppliedAt: iso(r.legal_aid_materials_supplied_at),
      assignedSeq: num(r.legal_aid_assigned_seq),
      assignedAt: iso(r.legal_aid_assigned_at),
      assignedOnTime: r.legal_aid_assigned_on_time,
      correctedSeq: num(r.legal_aid_corrected_seq),
      correctedAt: iso(r.legal_aid_corrected_at),
      withdrawn: r.legal_aid_withdrawn,
      terminated: r.legal_aid_terminated,
      objectedSeqs: (r.legal_aid_objected_seqs ?? []).map(Number),
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

/**
 * Learns a unit's path (or, without one, the unit itself as a root until a path arrives), and the
 * paths of the units above it. A unit placed for the first time or moved takes its counts along in
 * `subtree_rollups` (`moveUnitCounts`); the common case, every unit known where it is, only reads.
 */
export async function rememberPath(m: EntityManager, orgPath: string | undefined, orgUnit: string, subtrees = true): Promise<void> {
  // An event without a path: the unit is known at least as a root of its own, until a path arrives.
  const units = orgPath ? pathUnits(orgPath) : [{ code: orgUnit, path: `/${orgUnit}/` }];
  const known = new Map(
    (
      (await m.query(`SELECT code, path FROM insights.org_units WHERE code = ANY($1::text[])`, [units.map((u) => u.code)])) as Array<{
        code: string;
        path: string;
      }>
    ).map((r) => [r.code, r.path]),
  );
  const fresh = units.filter((u) => !known.has(u.code));
  // Every org_units row this event writes is locked before any subtree row is touched, so two
  // events never hold a subtree row and an org unit crosswise (addToSubtrees locks in that order too).
  const moves: Array<{ code: string; from: string | null; to: string }> = [];
  if (fresh.length) {
    // Another transaction placing the same unit makes this insert wait, then skip it: only the one that inserted moves counts.
    const inserted = (await m.query(
      `INSERT INTO insights.org_units (code, path) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (code) DO NOTHING RETURNING code, path`,
      [fresh.map((u) => u.code), fresh.map((u) => u.path)],
    )) as Array<{ code: string; path: string }>;
    for (const u of inserted) moves.push({ code: u.code, from: null, to: u.path });
  }
  const placed = new Set(moves.map((mv) => mv.code));
  const moved = orgPath ? units.filter((u) => !placed.has(u.code) && known.get(u.code) !== u.path) : [];
  if (moved.length) {
    // Moved (the org tree was reorganised): the rows locked, so a concurrent count waits and then reads the new path.
    const held = new Map(
      (
        (await m.query(`SELECT code, path FROM insights.org_units WHERE code = ANY($1::text[]) ORDER BY code FOR UPDATE`, [
          moved.map((u) => u.code),
        ])) as Array<{
          code: string;
          path: string;
        }>
      ).map((r) => [r.code, r.path]),
    );
    for (const u of moved) {
      const from = held.get(u.code);
      if (from === undefined || from === u.path) continue;
      await m.query(`UPDATE insights.org_units SET path = $2 WHERE code = $1`, [u.code, u.path]);
      moves.push({ code: u.code, from, to: u.path });
    }
  }
  if (subtrees) for (const mv of moves) await moveUnitCounts(m, mv.code, mv.from, mv.to);
}

export { ROLLUP_COUNT_COLUMNS };
const ROLLUP_COLUMNS = ROLLUP_COUNT_COLUMNS;

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
       petition_handling_red_seq = $25, petition_review_requested = $26, legal_aid_applied_seq = $27, legal_aid_applied_at = $28,
       legal_aid_notified_seq = $29, legal_aid_notified_at = $30, legal_aid_decision_seq = $31, legal_aid_decision_at = $32, legal_aid_granted = $33,
       legal_aid_materials_requested_seq = $34, legal_aid_materials_requested_at = $35, legal_aid_materials_supplied_seq = $36,
       legal_aid_materials_supplied_at = $37, legal_aid_assigned_seq = $38, legal_aid_assigned_at = $39, legal_aid_assigned_on_time = $40,
       legal_aid_corrected_seq = $41, legal_aid_corrected_at = $42, legal_aid_withdrawn = $43, legal_aid_terminated = $44,
       legal_aid_objected_seqs = $45, updated_at = now()
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
      f.legalAid.appliedSeq,
      f.legalAid.appliedAt,
      f.legalAid.notifiedSeq,
      f.legalAid.notifiedAt,
      f.legalAid.decisionSeq,
      f.legalAid.decisionAt,
      f.legalAid.granted,
      f.legalAid.materialsRequestedSeq,
      f.legalAid.materialsRequestedAt,
      f.legalAid.materialsSuppliedSeq,
      f.legalAid.materialsSuppliedAt,
      f.legalAid.assignedSeq,
      f.legalAid.assignedAt,
      f.legalAid.assignedOnTime,
      f.legalAid.correctedSeq,
      f.legalAid.correctedAt,
      f.legalAid.withdrawn,
      f.legalAid.terminated,
      f.legalAid.objectedSeqs,
    ],
  );
}

export interface ProjectOptions {
  /**
   * false: leave `subtree_rollups` alone, for a caller that applies many events in one transaction
   * and then refills it (`refillSubtreeRollups`): a row updated over and over in one transaction
   * keeps every version until commit, so the root's month row would cost more with each event.
   */
  subtrees?: boolean;
}

/**
 * Applies one event inside the caller's transaction: skipped when its id was applied before;
 * otherwise the case's facts change and its rollup rows get the difference of its
 * contribution. Returns whether anything was applied.
 */
export async function projectEvent(m: EntityManager, raw: CloudEvent, o: ProjectOptions = {}): Promise<boolean> {
  const subtrees = o.subtrees ?? true;
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
  // The grid the registration names (the map's grid layer); no later step changes it.
  if (e.kind === 'registered') await m.query(`UPDATE insights.case_facts SET grid_code = $2 WHERE case_id = $1`, [d.caseId, gridCodeOf(e.data)]);
  // The org tree first (it changes rarely: read for a new case or a case whose path moved, not per
  // event), so the counts below go to the subtrees the unit belongs to now.
  if (created.length || (d.orgPath && d.orgPath !== before!.orgPath)) await rememberPath(m, d.orgPath, d.orgUnit, subtrees);
  const deltas = contributionDelta(known, after);
  for (const delta of deltas) await addToRollup(m, delta.key, delta.counts);
  if (subtrees) await addToSubtrees(m, deltas);
  return true;
}

/** The grid a registration names, when it names one as text. */
export const gridCodeOf = (d: { gridCode?: unknown }): string | null => (typeof d.gridCode === 'string' && d.gridCode ? d.gridCode : null);

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
