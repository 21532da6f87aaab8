import { LEGAL_AID_MATTER_LABELS } from '@fengqiao/documents';

/** A roster entry as the choice reads it; `load` = matters in hand (active assignments). */
export interface Candidate {
  id: string;
  name: string;
  type: string;
  organisation: string;
  specialities: readonly string[];
  orgUnit: string;
  capacity: number;
  username: string | null;
  active: boolean;
  load: number;
}

/** An assignment of a provider (any time, released or not), as the conflict check reads it. */
export interface PastAssignment {
  caseId: string;
  providerId: string;
  clientKeys: readonly string[];
}

/** The case being assigned: its parties' keys and the cases linked to it in the person file. */
export interface CaseParties {
  caseId: string;
  applicantKeys: readonly string[];
  opponentKeys: readonly string[];
  linkedCaseIds: readonly string[];
}

const meets = (a: readonly string[], b: readonly string[]) => a.some((k) => b.includes(k));

/**
 * Does the provider act, or did they act, against this case's applicant? Conflicted when one of
 * their assignments (any time, another case) had a client who is an opponent here, or was on a
 * case linked to this one for a client who is not this applicant (the other side of the linked case).
 */
export function isConflicted(providerId: string, c: CaseParties, history: readonly PastAssignment[]): boolean {
  return history.some(
    (h) =>
      h.providerId === providerId &&
      h.caseId !== c.caseId &&
      (meets(h.clientKeys, c.opponentKeys) || (c.linkedCaseIds.includes(h.caseId) && !meets(h.clientKeys, c.applicantKeys))),
  );
}

export const isFull = (p: Pick<Candidate, 'load' | 'capacity'>) => p.load >= p.capacity;

/** Why this provider, as recorded on the assignment (zh-CN): `专长：劳动报酬；所在单位：621102；在办 1/5`. */
export function assignmentReason(p: Candidate, matter: string | null, named: boolean): string {
  const speciality = matter ? `专长：${LEGAL_AID_MATTER_LABELS[matter] ?? matter}` : '专长：不限';
  return `${named ? '指定承办；' : ''}${speciality}；所在单位：${p.orgUnit}；在办 ${p.load}/${p.capacity}`;
}

/** Code-point order (as SQL's "C" collation): the same tie-break everywhere. */
const byName = (a: Candidate, b: Candidate) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The automatic choice: active providers whose unit is the case's unit or one of its ancestors,
 * whose specialities include the matter (any, when the matter is unknown), neither conflicted
 * nor full; the least load wins, then the name.
 */
export function chooseProvider(
  candidates: readonly Candidate[],
  o: { matter: string | null; unitAndAncestors: readonly string[]; parties: CaseParties; history: readonly PastAssignment[] },
): Candidate | undefined {
  return candidates
    .filter(
      (p) =>
        p.active &&
        o.unitAndAncestors.includes(p.orgUnit) &&
        (!o.matter || p.specialities.includes(o.matter)) &&
        !isFull(p) &&
        !isConflicted(p.id, o.parties, o.history),
    )
    .sort((a, b) => a.load - b.load || byName(a, b))[0];
}
