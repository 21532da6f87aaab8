import type { PetitionDocumentName, PetitionFileView } from '@fengqiao/contracts';
import type { Hearing, StoredStep } from './petition-file';

/** A row of petitions.petitions: the derived columns, read by name. */
export interface PetitionRow {
  case_id: string;
  case_no: string;
  org_unit: string;
  channel: string | null;
  status: string;
  [column: string]: unknown;
}

const iso = (v: unknown): string | null => (v instanceof Date ? v.toISOString() : typeof v === 'string' ? new Date(v).toISOString() : null);
const isoOr = (v: unknown, fallback: string) => iso(v) ?? fallback;
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function decided(at: unknown, by: unknown, txt: unknown, decision: unknown) {
  const when = iso(at);
  return when ? { at: when, by: text(by) ?? '', text: text(txt), decision: text(decision) } : null;
}

/** The stored row as the file view of the contract. */
export function toFileView(row: PetitionRow, steps: StoredStep[], docs: Array<{ kind: PetitionDocumentName; seq: number; issued_at: Date }>): PetitionFileView {
  const acceptanceAt = iso(row['acceptance_at']);
  const forwardedAt = iso(row['forwarded_at']);
  const extensionAt = iso(row['extension_at']);
  const reviewRequestedAt = iso(row['review_requested_at']);
  const reReviewRequestedAt = iso(row['re_review_requested_at']);
  const review = decided(row['review_decided_at'], row['review_decided_by'], row['review_text'], row['review_decision']);
  const reReview = decided(row['re_review_decided_at'], row['re_review_decided_by'], row['re_review_text'], row['re_review_decision']);
  return {
    caseId: row.case_id,
    caseNo: row.case_no,
    orgUnit: row.org_unit,
    channel: row.channel,
    status: row.status,
    acceptance:
      acceptanceAt && row['acceptance_decision']
        ? {
            decision: row['acceptance_decision'] as 'accepted' | 'not-accepted',
            reason: text(row['acceptance_reason']),
            at: acceptanceAt,
            by: text(row['acceptance_by']) ?? '',
          }
        : null,
    competentBody:
      forwardedAt || row['competent_body']
        ? {
            name: text(row['competent_body']) ?? '',
            mode: text(row['forward_mode']),
            at: isoOr(row['forwarded_at'], ''),
            objectedAt: iso(row['objected_at']),
            objection: text(row['objection_reason']),
          }
        : null,
    extension: extensionAt
      ? {
          days: typeof row['extension_days'] === 'number' ? row['extension_days'] : null,
          reason: text(row['extension_reason']),
          at: extensionAt,
          by: text(row['extension_by']) ?? '',
          approved: row['extension_approved'] === true,
        }
      : null,
    reply: decided(row['replied_at'], row['replied_by'], row['reply_text'], null),
    review: reviewRequestedAt || review ? { requestedAt: reviewRequestedAt, decided: review } : null,
    reReview: reReviewRequestedAt || reReview ? { requestedAt: reReviewRequestedAt, decided: reReview } : null,
    hearings: (row['hearings'] as Hearing[] | null) ?? [],
    rating: typeof row['rating'] === 'number' ? row['rating'] : null,
    closedAt: iso(row['closed_at']),
    steps: steps.map((s) => ({ seq: s.seq, type: s.type, actor: s.actor, at: s.at, status: s.status })),
    documents: docs.map((d) => ({ kind: d.kind, seq: d.seq, issuedAt: d.issued_at.toISOString() })),
  };
}
