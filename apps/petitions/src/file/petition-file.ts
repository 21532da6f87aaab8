import { PetitionSteps, type PetitionDocumentName } from '@fengqiao/contracts';

/** A step as stored in petitions.steps. */
export interface StoredStep {
  seq: number;
  type: string;
  actor: string;
  at: string;
  status: string;
  orgUnit: string;
  detail: Record<string, unknown>;
}

export interface Hearing {
  at: string;
  reason: string | null;
  resumedAt: string | null;
}

/** The petition's columns derived from its steps (petitions.petitions, besides its keys). */
export interface DerivedPetition {
  orgUnit: string;
  status: string;
  channel: string | null;
  title: string | null;
  registeredAt: string | null;
  acceptanceDecision: 'accepted' | 'not-accepted' | null;
  acceptanceReason: string | null;
  acceptanceAt: string | null;
  acceptanceBy: string | null;
  competentBody: string | null;
  forwardMode: string | null;
  forwardedAt: string | null;
  objectedAt: string | null;
  objectionReason: string | null;
  extensionDays: number | null;
  extensionReason: string | null;
  extensionApproved: boolean | null;
  extensionAt: string | null;
  extensionBy: string | null;
  replyText: string | null;
  repliedAt: string | null;
  repliedBy: string | null;
  reviewRequestedAt: string | null;
  reviewDecision: string | null;
  reviewText: string | null;
  reviewDecidedAt: string | null;
  reviewDecidedBy: string | null;
  reReviewRequestedAt: string | null;
  reReviewDecision: string | null;
  reReviewText: string | null;
  reReviewDecidedAt: string | null;
  reReviewDecidedBy: string | null;
  hearings: Hearing[];
  rating: number | null;
  closedAt: string | null;
  lastSeq: number;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);

/** The opinion's text as the workflow names it (the reply's, a decision's). */
const opinion = (d: Record<string, unknown>) => str(d['text']) ?? str(d['reply']) ?? str(d['opinion']) ?? str(d['note']);

/** Which document a step issues, if any. */
export const DOCUMENT_OF_STEP: Readonly<Record<string, PetitionDocumentName>> = {
  [PetitionSteps.accepted]: 'acceptance-notice',
  [PetitionSteps.notAccepted]: 'non-acceptance-notice',
  [PetitionSteps.replied]: 'reply',
  [PetitionSteps.reviewDecided]: 'review-decision',
  [PetitionSteps.reReviewDecided]: 're-review-decision',
};

export function documentOfStep(type: string): PetitionDocumentName | undefined {
  return Object.prototype.hasOwnProperty.call(DOCUMENT_OF_STEP, type) ? DOCUMENT_OF_STEP[type] : undefined;
}

/**
 * The petition's file from its steps, in seq order (the order the process took them); a pure
 * fold, so the same steps always give the same file however often or late they arrive.
 * Clock stops (a hearing, §36) are listed with their reason; extensions follow the clock
 * controls' steps (`extension-approved` / `extension-refused`).
 */
export function derivePetition(steps: readonly StoredStep[]): DerivedPetition {
  const sorted = [...steps].sort((a, b) => a.seq - b.seq);
  const first = sorted[0];
  if (!first) throw new Error('a petition has at least one step');
  const f: DerivedPetition = {
    orgUnit: first.orgUnit,
    status: first.status,
    channel: null,
    title: null,
    registeredAt: null,
    acceptanceDecision: null,
    acceptanceReason: null,
    acceptanceAt: null,
    acceptanceBy: null,
    competentBody: null,
    forwardMode: null,
    forwardedAt: null,
    objectedAt: null,
    objectionReason: null,
    extensionDays: null,
    extensionReason: null,
    extensionApproved: null,
    extensionAt: null,
    extensionBy: null,
    replyText: null,
    repliedAt: null,
    repliedBy: null,
    reviewRequestedAt: null,
    reviewDecision: null,
    reviewText: null,
    reviewDecidedAt: null,
    reviewDecidedBy: null,
    reReviewRequestedAt: null,
    reReviewDecision: null,
    reReviewText: null,
    reReviewDecidedAt: null,
    reReviewDecidedBy: null,
    hearings: [],
    rating: null,
    closedAt: null,
    lastSeq: first.seq,
  };
  for (const s of sorted) {
    const d = s.detail ?? {};
    f.orgUnit = s.orgUnit;
    f.status = s.status;
    f.lastSeq = s.seq;
    // Facts any step may carry (the registration's, repeated on later steps for the documents).
    f.channel = str(d['channel']) ?? f.channel;
    f.title = str(d['title']) ?? f.title;
    f.registeredAt = str(d['registeredAt']) ?? f.registeredAt;
    switch (s.type) {
      case PetitionSteps.accepted:
      case PetitionSteps.notAccepted:
        f.acceptanceDecision = s.type === PetitionSteps.accepted ? 'accepted' : 'not-accepted';
        f.acceptanceReason = str(d['reason']);
        f.acceptanceAt = s.at;
        f.acceptanceBy = s.actor;
        break;
      case PetitionSteps.forwarded:
        f.competentBody = str(d['competentBody']) ?? str(d['body']) ?? f.competentBody;
        f.forwardMode = str(d['mode']);
        f.forwardedAt = s.at;
        f.objectedAt = null;
        f.objectionReason = null;
        break;
      case PetitionSteps.objected:
        f.objectedAt = s.at;
        f.objectionReason = str(d['reason']);
        break;
      case 'extension-approved':
        f.extensionDays = int(d['days']);
        f.extensionReason = str(d['reason']);
        f.extensionApproved = true;
        f.extensionAt = s.at;
        f.extensionBy = s.actor;
        break;
      case 'extension-refused':
        // A refusal does not undo an extension already granted (one extension at most, §34).
        if (f.extensionApproved !== true) {
          f.extensionDays = int(d['days']);
          f.extensionReason = str(d['reason']);
          f.extensionApproved = false;
          f.extensionAt = s.at;
          f.extensionBy = s.actor;
        }
        break;
      case PetitionSteps.replied:
        f.replyText = opinion(d);
        f.repliedAt = s.at;
        f.repliedBy = s.actor;
        break;
      case PetitionSteps.reviewRequested:
        f.reviewRequestedAt = s.at;
        break;
      case PetitionSteps.reviewDecided:
        f.reviewDecision = str(d['decision']);
        f.reviewText = opinion(d);
        f.reviewDecidedAt = s.at;
        f.reviewDecidedBy = s.actor;
        break;
      case PetitionSteps.reReviewRequested:
        f.reReviewRequestedAt = s.at;
        break;
      case PetitionSteps.reReviewDecided:
        f.reReviewDecision = str(d['decision']);
        f.reReviewText = opinion(d);
        f.reReviewDecidedAt = s.at;
        f.reReviewDecidedBy = s.actor;
        break;
      case 'clock-paused':
      case 'petition-hearing':
        f.hearings.push({ at: str(d['at']) ?? s.at, reason: str(d['reason']), resumedAt: null });
        break;
      case 'clock-resumed': {
        const open = [...f.hearings].reverse().find((h) => !h.resumedAt);
        if (open) open.resumedAt = s.at;
        break;
      }
      case PetitionSteps.rated:
        f.rating = int(d['score']) ?? f.rating;
        break;
      case PetitionSteps.closed:
        f.closedAt = s.at;
        break;
    }
  }
  if (f.rating !== null && (f.rating < 1 || f.rating > 5)) f.rating = null;
  return f;
}
