/**
 * The petition file (信访档案) as the petitions service answers it, and the keys of a step's
 * `detail` it reads to fill the file and the documents. The workflow writes `detail`; every key
 * is optional, so a step without one still records.
 */

/** Documents the petition process issues, one of a kind per petition. */
export const PETITION_DOCUMENTS = ['acceptance-notice', 'non-acceptance-notice', 'reply', 'review-decision', 're-review-decision'] as const;
export type PetitionDocumentName = (typeof PETITION_DOCUMENTS)[number];

/** Keys of a step's `detail` the petitions service reads (others are kept in the step as given). */
export interface PetitionStepDetail {
  /** Registration: the channel (letter, visit, online, hotline, referral). */
  channel?: string;
  /** The matter as registered, the petitioner's name, and when: printed on the documents. */
  title?: string;
  petitioner?: string;
  registeredAt?: string;
  /** The issuing office printed on a document (default: the deployment's PETITIONS_ISSUER). */
  issuer?: string;
  /** Not accepted, objected, extension: the reason code or the reason told. */
  reason?: string;
  /** Forwarded: the competent body (转送/交办对象). */
  competentBody?: string;
  /** 'forward' (转送) or 'assign' (交办). */
  mode?: string;
  /** Reply, review or re-review decision: the text of the opinion. */
  text?: string;
  /** Review and re-review: upheld, changed or revoked. */
  decision?: string;
  /** Extension: days granted; hearing: when it was held. */
  days?: number;
  /** Rated: 1–5. */
  score?: number;
}

export interface PetitionFileStep {
  seq: number;
  type: string;
  actor: string;
  at: string;
  status: string;
}

export interface PetitionDecisionView {
  at: string;
  by: string;
  text: string | null;
  decision: string | null;
}

/** What `fq.petitions.file.get` answers: the petition and the decisions recorded so far. */
export interface PetitionFileView {
  caseId: string;
  caseNo: string;
  orgUnit: string;
  channel: string | null;
  status: string;
  acceptance: { decision: 'accepted' | 'not-accepted'; reason: string | null; at: string; by: string } | null;
  competentBody: { name: string; mode: string | null; at: string; objectedAt: string | null; objection: string | null } | null;
  extension: { days: number | null; reason: string | null; at: string; by: string; approved: boolean } | null;
  reply: PetitionDecisionView | null;
  review: { requestedAt: string | null; decided: PetitionDecisionView | null } | null;
  reReview: { requestedAt: string | null; decided: PetitionDecisionView | null } | null;
  hearings: Array<{ at: string; reason: string | null; resumedAt: string | null }>;
  rating: number | null;
  closedAt: string | null;
  steps: PetitionFileStep[];
  documents: Array<{ kind: PetitionDocumentName; seq: number; issuedAt: string }>;
}

/** What `fq.petitions.documents.get` answers. */
export interface PetitionDocumentFile {
  kind: PetitionDocumentName;
  filename: string;
  contentType: 'application/pdf';
  base64: string;
}
