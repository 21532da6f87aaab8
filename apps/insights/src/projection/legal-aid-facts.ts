import { CHINA_OFFSET_MS, DAY_MS } from '@fengqiao/calendar';
import { LegalAidSteps, type CaseTransitionData } from '@fengqiao/contracts';

const onTimeOf = (detail: Record<string, unknown>) => (typeof detail['onTime'] === 'boolean' ? detail['onTime'] : null);

/**
 * A legal-aid case's figures as its process's own steps (`LegalAidSteps`) tell them (docs/metrics.md,
 * "Legal aid"); case-facts.ts applies each step here. Every field is the first (lowest step number) of
 * its kind or a set, so any order of delivery, and a step applied twice, give the same facts.
 */
export interface LegalAidFacts {
  /** The application recorded (`legal-aid-applied`): its time. */
  appliedSeq: number | null;
  appliedAt: string | null;
  /** A criminal notification (§36): when the agency received it (`detail.receivedAt`, else the step's time). */
  notifiedSeq: number | null;
  notifiedAt: string | null;
  /** The review decision (`legal-aid-granted` / `legal-aid-refused`): the first one. */
  decisionSeq: number | null;
  decisionAt: string | null;
  granted: boolean | null;
  /** The one material request (§43) and its answer: the review clock stands still between them. */
  materialsRequestedSeq: number | null;
  materialsRequestedAt: string | null;
  materialsSuppliedSeq: number | null;
  materialsSuppliedAt: string | null;
  /** The first provider assignment, with its own `detail.onTime` when the step carries one. */
  assignedSeq: number | null;
  assignedAt: string | null;
  assignedOnTime: boolean | null;
  /** A refusal corrected on objection (§49): the assignment clock runs from this decision. */
  correctedSeq: number | null;
  correctedAt: string | null;
  withdrawn: boolean;
  terminated: boolean;
  /** Step numbers of the objections (§49), so a repeated step counts once. */
  objectedSeqs: number[];
}

export const NO_LEGAL_AID_FACTS: LegalAidFacts = {
  appliedSeq: null,
  appliedAt: null,
  notifiedSeq: null,
  notifiedAt: null,
  decisionSeq: null,
  decisionAt: null,
  granted: null,
  materialsRequestedSeq: null,
  materialsRequestedAt: null,
  materialsSuppliedSeq: null,
  materialsSuppliedAt: null,
  assignedSeq: null,
  assignedAt: null,
  assignedOnTime: null,
  correctedSeq: null,
  correctedAt: null,
  withdrawn: false,
  terminated: false,
  objectedSeqs: [],
};

/** The first of a kind of step: its number and time, kept when an earlier one arrives later. */
const first = (seq: number | null, at: string | null, d: CaseTransitionData, value: string = d.at): [number | null, string | null] =>
  seq === null || d.seq < seq ? [d.seq, value] : [seq, at];

const instantOr = (v: unknown, fallback: string) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : fallback);

/** A legal-aid step's part in the legal-aid facts; the same whatever order (and however often) the steps arrive. */
export function applyLegalAidStep(l: LegalAidFacts, d: CaseTransitionData, detail: Record<string, unknown>): LegalAidFacts {
  switch (d.type) {
    case LegalAidSteps.applied: {
      const [appliedSeq, appliedAt] = first(l.appliedSeq, l.appliedAt, d);
      return { ...l, appliedSeq, appliedAt };
    }
    case LegalAidSteps.notified: {
      // The assignment clock runs from the notification's receipt (§36), which the step may carry.
      const notification = detail['notification'] as Record<string, unknown> | undefined;
      const received = instantOr(detail['receivedAt'] ?? notification?.['receivedAt'], d.at);
      const [notifiedSeq, notifiedAt] = first(l.notifiedSeq, l.notifiedAt, d, received);
      return { ...l, notifiedSeq, notifiedAt };
    }
    case LegalAidSteps.granted:
    case LegalAidSteps.refused: {
      if (l.decisionSeq !== null && l.decisionSeq < d.seq) return l;
      return { ...l, decisionSeq: d.seq, decisionAt: d.at, granted: d.type === LegalAidSteps.granted };
    }
    case LegalAidSteps.materialsRequested: {
      const [materialsRequestedSeq, materialsRequestedAt] = first(l.materialsRequestedSeq, l.materialsRequestedAt, d);
      return { ...l, materialsRequestedSeq, materialsRequestedAt };
    }
    case LegalAidSteps.materialsSupplied: {
      const [materialsSuppliedSeq, materialsSuppliedAt] = first(l.materialsSuppliedSeq, l.materialsSuppliedAt, d);
      return { ...l, materialsSuppliedSeq, materialsSuppliedAt };
    }
    case LegalAidSteps.assigned: {
      if (l.assignedSeq !== null && l.assignedSeq < d.seq) return l;
      return { ...l, assignedSeq: d.seq, assignedAt: d.at, assignedOnTime: onTimeOf(detail) };
    }
    case LegalAidSteps.objectionDecided: {
      if (detail['decision'] !== 'corrected') return l;
      const [correctedSeq, correctedAt] = first(l.correctedSeq, l.correctedAt, d);
      return { ...l, correctedSeq, correctedAt };
    }
    case LegalAidSteps.withdrawn:
      return { ...l, withdrawn: true };
    case LegalAidSteps.terminated:
      return { ...l, terminated: true };
    case LegalAidSteps.objected:
      return l.objectedSeqs.includes(d.seq) ? l : { ...l, objectedSeqs: [...l.objectedSeqs, d.seq].sort((a, b) => a - b) };
    default:
      return l;
  }
}

/** The assignment period (§36, §43): 3 days, counted as the law counts days (from the next day, to its end). */
const ASSIGNMENT_DAYS = 3;

/** The end (exclusive) of the China-time day `days` after the day of `iso`. */
function endOfDayAfter(iso: string, days: number): number {
  const dayStart = Math.floor((Date.parse(iso) + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
  return dayStart + (days + 1) * DAY_MS;
}

/** The figures one legal-aid case gives (docs/metrics.md, "Legal aid"). */
export function legalAidFigures(l: LegalAidFacts): {
  application: boolean;
  notification: boolean;
  granted: boolean;
  refused: boolean;
  decisionMs: number | null;
  assigned: boolean;
  assignedOnTime: boolean;
} {
  const notification = l.notifiedSeq !== null;
  const decided = l.decisionSeq !== null;
  let decisionMs: number | null = null;
  if (decided && l.appliedAt !== null) {
    const decision = Date.parse(l.decisionAt!);
    let ms = decision - Date.parse(l.appliedAt);
    // The wait for requested materials is not review time (§43: the review clock stands still).
    if (l.materialsRequestedSeq !== null && l.materialsRequestedSeq < l.decisionSeq!) {
      const supplied = l.materialsSuppliedAt !== null && l.materialsSuppliedSeq! < l.decisionSeq! ? Date.parse(l.materialsSuppliedAt) : decision;
      ms -= Math.max(0, supplied - Date.parse(l.materialsRequestedAt!));
    }
    decisionMs = Math.max(0, ms);
  }
  const assigned = l.assignedSeq !== null;
  return {
    application: l.appliedSeq !== null && !notification,
    notification,
    granted: decided && l.granted === true,
    refused: decided && l.granted === false,
    decisionMs,
    assigned,
    assignedOnTime: assigned && (l.assignedOnTime ?? assignedInTime(l)),
  };
}

/**
 * Without the step's own `onTime`: within 3 days of what started the assignment clock — the
 * notification's receipt, a refusal corrected on objection, or the grant. An assignment before any
 * of them (advance aid, §44, during the review) is in time.
 */
function assignedInTime(l: LegalAidFacts): boolean {
  const before = (seq: number | null) => seq !== null && seq < l.assignedSeq!;
  const from = before(l.notifiedSeq)
    ? l.notifiedAt
    : before(l.correctedSeq) && l.granted === false
      ? l.correctedAt
      : before(l.decisionSeq) && l.granted === true
        ? l.decisionAt
        : null;
  return from === null || Date.parse(l.assignedAt!) < endOfDayAfter(from, ASSIGNMENT_DAYS);
}

export const LEGAL_AID_KIND = 'legal-aid';
