/**
 * The petition process (《信访工作条例》2022) as other services see it: the steps it records in a
 * case's timeline (and publishes as `cn.fengqiao.case.<step>.v1`), and the activities the petitions
 * service runs for it. The workflow (workflows/petition) and the kind declaration (libs/rules) own
 * the rules; this file only names what crosses a service boundary.
 */

/** Statuses a petition case passes through, in order (a case stored by intake has one of them). */
export const PETITION_STATUSES = ['acceptance', 'forwarded', 'handling', 'replied', 'petition-review', 'petition-re-review', 'closed'] as const;
export type PetitionStatus = (typeof PETITION_STATUSES)[number];

/** Timeline step types of the petition process (insights counts from these). */
export const PetitionSteps = {
  /** Accepted within the 15-day acceptance period (§22); starts the 60-day handling clock (§34). */
  accepted: 'petition-accepted',
  /** Not accepted, with the reason told to the petitioner (litigation/arbitration/administrative review channel, skipped level §19, …). */
  notAccepted: 'petition-not-accepted',
  /** Forwarded or assigned (转送/交办) to the competent body, which is notified within 15 days (§22). */
  forwarded: 'petition-forwarded',
  /** The receiving body objects within 5 working days (§23): back to acceptance. */
  objected: 'petition-objected',
  /** The written reply (答复意见书) issued: handling concluded. */
  replied: 'petition-replied',
  reviewRequested: 'petition-review-requested',
  reviewDecided: 'petition-review-decided',
  reReviewRequested: 'petition-re-review-requested',
  /** After this the same facts and reasons are not accepted again (§36). */
  reReviewDecided: 'petition-re-review-decided',
  /** The petitioner's satisfaction rating (§21), 1–5. */
  rated: 'rated',
  closed: 'closed',
} as const;
export type PetitionStep = (typeof PetitionSteps)[keyof typeof PetitionSteps];

/** One step as the petitions service stores it; idempotent on (caseId, seq). */
export interface PetitionStepRecord {
  caseId: string;
  caseNo: string;
  orgUnit: string;
  seq: number;
  type: string;
  actor: string;
  at: string;
  detail: Record<string, unknown>;
  status: string;
}

/** Activities of the petitions service, on task queue `petitions` (one deployment per county or township). */
export interface PetitionActivities {
  /** Stores the step in the petition's file (decision, competent body, reply, review, hearing, extension). */
  recordPetitionStep(input: PetitionStepRecord): Promise<void>;
}

/** Clock ids of the petition process: a `warning-changed` step names one in `detail.clock`. */
export const PetitionClocks = {
  /** Decide acceptance within 15 days of registration (§22). */
  acceptance: 'petition-acceptance',
  /** The competent body reached within 15 days of forwarding (§22). */
  forwardNotice: 'petition-forward-notice',
  /** The receiving body's objection window, 5 working days (§23); does not count toward lateness. */
  objection: 'petition-objection',
  /** Handling concluded within 60 days of acceptance, plus an approved extension of at most 30 (§34). */
  handling: 'petition-handling',
  /** The petitioner may ask for review within 30 days of the reply (§35); not a staff deadline. */
  reviewWindow: 'petition-review-window',
  /** Review decided within 30 days of the request (§35). */
  review: 'petition-review',
  /** The petitioner may ask for re-review within 30 days of the review decision (§36). */
  reReviewWindow: 'petition-re-review-window',
  /** Re-review decided within 30 days of the request (§36). */
  reReview: 'petition-re-review',
} as const;
