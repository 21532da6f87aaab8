import { CHINA_OFFSET_MS } from '@fengqiao/calendar';
import { GENERIC_METRIC_STEPS, kindModule, type MetricSteps } from '@fengqiao/rules';
import { EventTypes, PetitionClocks, PetitionSteps, type CaseRegisteredData, type CaseTransitionData, type CloudEvent } from '@fengqiao/contracts';
import { applyLegalAidStep, LEGAL_AID_KIND, legalAidFigures, NO_LEGAL_AID_FACTS, type LegalAidFacts } from './legal-aid-facts';

/** What the metrics need to know about one case (a row of insights.case_facts). */
export interface CaseFacts {
  caseId: string;
  orgUnit: string;
  orgPath: string;
  kind: string;
  category: string;
  /** Null while only later steps have arrived (the registration event is still on its way). */
  registeredAt: string | null;
  /** The step whose state `status`/`outcome`/`warning`/`rating` show (0: registration only). */
  lastSeq: number;
  status: string;
  outcome: string | null;
  warning: 'green' | 'yellow' | 'red';
  /** A first-contact reply said `resolved: true`. */
  resolvedAtFirstContact: boolean;
  /** Assigned to a mediator (entered `mediation`) at some point. */
  mediated: boolean;
  /** A counting clock turned red at some point: the case missed a deadline. */
  everOverdue: boolean;
  firstReplyAt: string | null;
  rating: number | null;
  /** Every rating given (a low one reopens the case; a later one counts too). */
  ratings: number;
  ratingsSatisfied: number;
  closedAt: string | null;
  petition: PetitionFacts;
  legalAid: LegalAidFacts;
}

/**
 * A petition's timeliness as its process's own events tell it (docs/metrics.md, petitions): step
 * numbers, not clocks re-computed, so "red before the decision" is the timeline's order.
 */
export interface PetitionFacts {
  /** The acceptance decision that stands: the latest accepted / not-accepted / forwarded step. */
  decisionSeq: number | null;
  /** That step's own `detail.onTime`, preferred to the clock's colour when given. */
  decisionOnTime: boolean | null;
  /** The latest objection (§23): a decision before it was sent back to acceptance. */
  objectedSeq: number | null;
  /** The first step at which the acceptance clock turned red. */
  acceptanceRedSeq: number | null;
  /** The written reply (the first `petition-replied`). */
  replySeq: number | null;
  replyOnTime: boolean | null;
  /** The first step at which the handling clock turned red. */
  handlingRedSeq: number | null;
  reviewRequested: boolean;
}

export const NO_PETITION_FACTS: PetitionFacts = {
  decisionSeq: null,
  decisionOnTime: null,
  objectedSeq: null,
  acceptanceRedSeq: null,
  replySeq: null,
  replyOnTime: null,
  handlingRedSeq: null,
  reviewRequested: false,
};

/** The additive counts a case adds to its rollup row (`insights.rollups`). */
export interface Contribution {
  received: number;
  closed: number;
  resolvedAtFirstContact: number;
  mediated: number;
  mediationSucceeded: number;
  resolved: number;
  closedOnTime: number;
  firstReplyCount: number;
  /** Integer milliseconds, so adding and subtracting never drifts (a rebuild gives the same sum). */
  firstReplyMsSum: number;
  ratings: number;
  ratingsSatisfied: number;
  openGreen: number;
  openYellow: number;
  openRed: number;
  /** Petitions whose acceptance decision was made, or is overdue (its clock red) without one. */
  petitionAcceptanceDue: number;
  petitionAcceptedTimely: number;
  /** Petitions with a written reply (handling concluded). */
  petitionReplied: number;
  petitionRepliedOnTime: number;
  /** Replied petitions with at least one rating. */
  petitionRepliedRated: number;
  /** Replied petitions whose petitioner asked for review (复查). */
  petitionRepliedReviewed: number;
  /** Legal-aid applications recorded, criminal notifications aside, and the notifications. */
  legalAidApplications: number;
  legalAidNotifications: number;
  legalAidGranted: number;
  legalAidRefused: number;
  /** Decisions whose application time is known, and the sum of their review times (material waits excluded), ms. */
  legalAidDecisionTimed: number;
  legalAidDecisionMsSum: number;
  legalAidAssigned: number;
  legalAidAssignedOnTime: number;
  legalAidWithdrawn: number;
  legalAidTerminated: number;
  legalAidObjections: number;
  /** Open legal-aid cases now in review / waiting for materials (the board's tile). */
  legalAidUnderReview: number;
  legalAidAwaitingMaterials: number;
}

export interface RollupKey {
  orgUnit: string;
  kind: string;
  category: string;
  /** China-time registration day, YYYY-MM-DD. */
  day: string;
}

export const CONTRIBUTION_FIELDS = [
  'received',
  'closed',
  'resolvedAtFirstContact',
  'mediated',
  'mediationSucceeded',
  'resolved',
  'closedOnTime',
  'firstReplyCount',
  'firstReplyMsSum',
  'ratings',
  'ratingsSatisfied',
  'openGreen',
  'openYellow',
  'openRed',
  'petitionAcceptanceDue',
  'petitionAcceptedTimely',
  'petitionReplied',
  'petitionRepliedOnTime',
  'petitionRepliedRated',
  'petitionRepliedReviewed',
  'legalAidApplications',
  'legalAidNotifications',
  'legalAidGranted',
  'legalAidRefused',
  'legalAidDecisionTimed',
  'legalAidDecisionMsSum',
  'legalAidAssigned',
  'legalAidAssignedOnTime',
  'legalAidWithdrawn',
  'legalAidTerminated',
  'legalAidObjections',
  'legalAidUnderReview',
  'legalAidAwaitingMaterials',
] as const satisfies readonly (keyof Contribution)[];

export const ZERO: Contribution = Object.fromEntries(CONTRIBUTION_FIELDS.map((f) => [f, 0])) as unknown as Contribution;

/** The China-time calendar day of an instant. */
export function chinaDay(iso: string | number): string {
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** A case event as the read model understands it; anything else is ignored. */
export type CaseEvent =
  | { kind: 'registered'; id: string; data: CaseRegisteredData }
  | { kind: 'step'; id: string; data: CaseTransitionData }
  /** The first-reply workflow's colour change (no step number). */
  | { kind: 'warning'; id: string; data: { caseId: string; orgUnit: string; warning: 'green' | 'yellow' | 'red' } };

const STEP_TYPE = /^cn\.fengqiao\.case\.([a-z-]+)\.v1$/;

export function classify(e: CloudEvent): CaseEvent | undefined {
  const data = e.data as Record<string, unknown> | null;
  if (!data || typeof data['caseId'] !== 'string') return undefined;
  if (e.type === EventTypes.caseRegistered) return { kind: 'registered', id: e.id, data: data as unknown as CaseRegisteredData };
  if (!STEP_TYPE.test(e.type)) return undefined;
  if (typeof data['seq'] === 'number') return { kind: 'step', id: e.id, data: data as unknown as CaseTransitionData };
  if (e.type === EventTypes.caseWarningChanged)
    return { kind: 'warning', id: e.id, data: data as unknown as { caseId: string; orgUnit: string; warning: 'green' | 'yellow' | 'red' } };
  return undefined;
}

function blank(caseId: string, orgUnit: string, orgPath: string | undefined, kind: string, category: string): CaseFacts {
  return {
    caseId,
    orgUnit,
    orgPath: orgPath ?? `/${orgUnit}/`,
    kind,
    category,
    registeredAt: null,
    lastSeq: 0,
    status: 'registered',
    outcome: null,
    warning: 'green',
    resolvedAtFirstContact: false,
    mediated: false,
    everOverdue: false,
    firstReplyAt: null,
    rating: null,
    ratings: 0,
    ratingsSatisfied: 0,
    closedAt: null,
    petition: NO_PETITION_FACTS,
    legalAid: NO_LEGAL_AID_FACTS,
  };
}

/** The kind's declaration says which steps count; an undeclared kind's steps count as the generic process's. */
const metricStepsOf = (kind: string): MetricSteps => kindModule(kind)?.metricSteps ?? GENERIC_METRIC_STEPS;

const earlier = (a: string | null, b: string) => (a === null || Date.parse(b) < Date.parse(a) ? b : a);
const lower = (a: number | null, b: number) => (a === null || b < a ? b : a);
const higher = (a: number | null, b: number) => (a === null || b > a ? b : a);
const onTimeOf = (detail: Record<string, unknown>) => (typeof detail['onTime'] === 'boolean' ? detail['onTime'] : null);

const ACCEPTANCE_DECISIONS: readonly string[] = [PetitionSteps.accepted, PetitionSteps.notAccepted, PetitionSteps.forwarded];

/** A petition step's part in the petition facts; the same whatever order the steps arrive in. */
function applyPetitionStep(p: PetitionFacts, d: CaseTransitionData, detail: Record<string, unknown>): PetitionFacts {
  if (ACCEPTANCE_DECISIONS.includes(d.type)) {
    return d.seq === higher(p.decisionSeq, d.seq) ? { ...p, decisionSeq: d.seq, decisionOnTime: onTimeOf(detail) } : p;
  }
  if (d.type === PetitionSteps.objected) return { ...p, objectedSeq: higher(p.objectedSeq, d.seq) };
  if (d.type === PetitionSteps.replied) {
    return d.seq === lower(p.replySeq, d.seq) ? { ...p, replySeq: d.seq, replyOnTime: onTimeOf(detail) } : p;
  }
  if (d.type === PetitionSteps.reviewRequested) return { ...p, reviewRequested: true };
  if (d.type === 'warning-changed' && detail['to'] === 'red') {
    if (detail['clock'] === PetitionClocks.acceptance) return { ...p, acceptanceRedSeq: lower(p.acceptanceRedSeq, d.seq) };
    if (detail['clock'] === PetitionClocks.handling) return { ...p, handlingRedSeq: lower(p.handlingRedSeq, d.seq) };
  }
  return p;
}

/** Whether a petition's acceptance decision stands, and whether it was timely (docs/metrics.md). */
export function petitionTimeliness(p: PetitionFacts): {
  decided: boolean;
  acceptanceDue: boolean;
  acceptedTimely: boolean;
  replied: boolean;
  repliedOnTime: boolean;
} {
  const decided = p.decisionSeq !== null && (p.objectedSeq === null || p.objectedSeq < p.decisionSeq);
  // Timely when the step says so, otherwise when the acceptance clock had not turned red before it.
  const acceptedTimely = decided && (p.decisionOnTime ?? (p.acceptanceRedSeq === null || p.acceptanceRedSeq > p.decisionSeq!));
  const replied = p.replySeq !== null;
  const repliedOnTime = replied && (p.replyOnTime ?? (p.handlingRedSeq === null || p.handlingRedSeq > p.replySeq!));
  // Undecided and red: the decision was due and is late; undecided and not red: not due yet.
  const acceptanceDue = decided || p.acceptanceRedSeq !== null;
  return { decided, acceptanceDue, acceptedTimely, replied, repliedOnTime };
}

/**
 * The facts after one event. Any order gives the same result: the state shown is the highest
 * step's, the flags only ever turn on, the first reply is the earliest. Repeats must be
 * filtered before (ratings are counted per event).
 */
export function applyEvent(before: CaseFacts | null, e: CaseEvent): CaseFacts {
  if (e.kind === 'registered') {
    const d = e.data;
    const f = before ? { ...before } : blank(d.caseId, d.orgUnit, d.orgPath, d.kind, d.category);
    return { ...f, registeredAt: d.registeredAt, kind: d.kind, category: d.category, orgUnit: d.orgUnit, orgPath: d.orgPath ?? f.orgPath };
  }
  if (e.kind === 'warning') {
    const f = before ? { ...before } : blank(e.data.caseId, e.data.orgUnit, undefined, 'dispute', 'other');
    return { ...f, warning: f.lastSeq === 0 ? e.data.warning : f.warning, everOverdue: f.everOverdue || e.data.warning === 'red' };
  }
  const d = e.data;
  const f = before ? { ...before } : blank(d.caseId, d.orgUnit, d.orgPath, d.kind, d.category);
  if (d.seq > f.lastSeq) {
    Object.assign(f, {
      lastSeq: d.seq,
      status: d.status,
      outcome: d.outcome,
      warning: d.warning,
      rating: d.rating,
      orgUnit: d.orgUnit,
      orgPath: d.orgPath || f.orgPath,
      kind: d.kind,
      category: d.category,
    });
  }
  const detail = d.detail ?? {};
  const steps = metricStepsOf(d.kind);
  if (steps.mediated.statuses.includes(d.status) || steps.mediated.types.includes(d.type)) f.mediated = true;
  if (steps.firstReply.includes(d.type)) {
    f.firstReplyAt = earlier(f.firstReplyAt, d.at);
    if (detail['resolved'] === true) f.resolvedAtFirstContact = true;
  }
  // Every warning-changed step is a counting clock's; red means its deadline passed.
  if (d.type === 'warning-changed' && detail['to'] === 'red') f.everOverdue = true;
  if (steps.rated.includes(d.type) && typeof detail['score'] === 'number') {
    f.ratings += 1;
    if (detail['score'] >= 4) f.ratingsSatisfied += 1;
  }
  f.petition = applyPetitionStep(f.petition, d, detail);
  f.legalAid = applyLegalAidStep(f.legalAid, d, detail);
  if (steps.closed.includes(d.type) && (f.closedAt === null || Date.parse(d.at) > Date.parse(f.closedAt))) f.closedAt = d.at;
  return f;
}

/** Where a case counts and what it adds there (docs/metrics.md); nothing before its registration is known. */
export function contribution(f: CaseFacts | null): { key: RollupKey; counts: Contribution } | null {
  if (!f || f.registeredAt === null) return null;
  const closed = f.status === 'closed';
  const rfc = closed && f.resolvedAtFirstContact;
  const agreement = f.outcome === 'agreement';
  const open = !closed;
  const p = petitionTimeliness(f.petition);
  const l = legalAidFigures(f.legalAid);
  const legalAidOpen = open && f.kind === LEGAL_AID_KIND;
  return {
    key: { orgUnit: f.orgUnit, kind: f.kind, category: f.category, day: chinaDay(f.registeredAt) },
    counts: {
      received: 1,
      closed: closed ? 1 : 0,
      resolvedAtFirstContact: rfc ? 1 : 0,
      mediated: f.mediated ? 1 : 0,
      mediationSucceeded: f.mediated && agreement ? 1 : 0,
      resolved: rfc || agreement ? 1 : 0,
      closedOnTime: closed && !f.everOverdue ? 1 : 0,
      firstReplyCount: f.firstReplyAt ? 1 : 0,
      firstReplyMsSum: f.firstReplyAt ? Math.max(0, Date.parse(f.firstReplyAt) - Date.parse(f.registeredAt)) : 0,
      ratings: f.ratings,
      ratingsSatisfied: f.ratingsSatisfied,
      openGreen: open && f.warning === 'green' ? 1 : 0,
      openYellow: open && f.warning === 'yellow' ? 1 : 0,
      openRed: open && f.warning === 'red' ? 1 : 0,
      petitionAcceptanceDue: p.acceptanceDue ? 1 : 0,
      petitionAcceptedTimely: p.acceptedTimely ? 1 : 0,
      petitionReplied: p.replied ? 1 : 0,
      petitionRepliedOnTime: p.repliedOnTime ? 1 : 0,
      petitionRepliedRated: p.replied && f.ratings > 0 ? 1 : 0,
      petitionRepliedReviewed: p.replied && f.petition.reviewRequested ? 1 : 0,
      legalAidApplications: l.application ? 1 : 0,
      legalAidNotifications: l.notification ? 1 : 0,
      legalAidGranted: l.granted ? 1 : 0,
      legalAidRefused: l.refused ? 1 : 0,
      legalAidDecisionTimed: l.decisionMs === null ? 0 : 1,
      legalAidDecisionMsSum: l.decisionMs ?? 0,
      legalAidAssigned: l.assigned ? 1 : 0,
      legalAidAssignedOnTime: l.assignedOnTime ? 1 : 0,
      legalAidWithdrawn: f.legalAid.withdrawn ? 1 : 0,
      legalAidTerminated: f.legalAid.terminated ? 1 : 0,
      legalAidObjections: f.legalAid.objectedSeqs.length,
      legalAidUnderReview: legalAidOpen && f.status === 'legal-aid-review' ? 1 : 0,
      legalAidAwaitingMaterials: legalAidOpen && f.status === 'awaiting-materials' ? 1 : 0,
    },
  };
}

const sameKey = (a: RollupKey, b: RollupKey) => a.orgUnit === b.orgUnit && a.kind === b.kind && a.category === b.category && a.day === b.day;

export function addCounts(a: Contribution, b: Contribution, sign: 1 | -1 = 1): Contribution {
  return Object.fromEntries(CONTRIBUTION_FIELDS.map((k) => [k, a[k] + sign * b[k]])) as unknown as Contribution;
}

/**
 * What to add to which rollup rows when a case's facts change: its old contribution taken
 * out, the new one put in; one row when the key is the same, nothing when nothing changed.
 */
export function contributionDelta(before: CaseFacts | null, after: CaseFacts | null): Array<{ key: RollupKey; counts: Contribution }> {
  const old = contribution(before);
  const now = contribution(after);
  const out: Array<{ key: RollupKey; counts: Contribution }> = [];
  if (old && now && sameKey(old.key, now.key)) out.push({ key: now.key, counts: addCounts(now.counts, old.counts, -1) });
  else {
    if (old) out.push({ key: old.key, counts: addCounts(ZERO, old.counts, -1) });
    if (now) out.push({ key: now.key, counts: now.counts });
  }
  return out.filter((d) => CONTRIBUTION_FIELDS.some((k) => d.counts[k] !== 0));
}
