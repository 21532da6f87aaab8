import type { EligibilityAssessment } from './eligibility';

/** Documents the legal-aid process issues (PDFs from templates, in Chinese). */
export const LEGAL_AID_DOCUMENTS = ['grant-decision', 'refusal-decision', 'material-request', 'assignment-letter'] as const;
export type LegalAidDocumentName = (typeof LEGAL_AID_DOCUMENTS)[number];

/** What `fq.legal-aid.file.get` answers (`GET /api/v1/cases/{id}/legal-aid`). */
export interface LegalAidFileView {
  caseId: string;
  caseNo: string;
  orgUnit: string;
  status: string;
  matter: string | null;
  appliedAt: string | null;
  assessment: EligibilityAssessment | null;
  materialRequest: { missing: string[]; at: string; by: string; suppliedAt: string | null } | null;
  advanceAid: { ground: string; at: string; by: string } | null;
  decision: { granted: boolean; at: string; by: string; reasons: string[]; text: string | null } | null;
  assignment: { providerId: string; providerName: string; organisation: string; reason: string; at: string } | null;
  court: { court: string; courtCaseNo: string; filedOn: string } | null;
  termination: { reason: string; text: string; at: string } | null;
  objection: { reason: string; at: string; decision: string | null; decidedAt: string | null } | null;
  closure: { result: string | null; endedOn: string | null; filedAt: string | null; summary: string | null; materials: string[] } | null;
  quality: { grade: string; note: string | null; at: string; by: string } | null;
  rating: number | null;
  steps: Array<{ seq: number; type: string; actor: string; at: string; status: string }>;
  documents: Array<{ kind: LegalAidDocumentName; seq: number; issuedAt: string }>;
}

/** What `fq.legal-aid.documents.get` answers. */
export interface LegalAidDocumentFile {
  kind: LegalAidDocumentName;
  filename: string;
  contentType: 'application/pdf';
  base64: string;
}
