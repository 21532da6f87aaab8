import { LegalAidSteps, type EligibilityAssessment, type LegalAidDocumentName, type LegalAidFileView } from '@fengqiao/contracts';

/** A step as stored (legal_aid.steps). */
export interface StoredStep {
  seq: number;
  type: string;
  actor: string;
  at: string;
  status: string;
  orgUnit: string;
  detail: Record<string, unknown>;
}

/** The application row's part the file shows. */
export interface StoredApplication {
  caseId: string;
  caseNo: string;
  orgUnit: string;
  status: string;
  matter: string | null;
  appliedAt: string | null;
  assessment: EligibilityAssessment | null;
}

/** The document a step issues, if any. */
export function documentOfStep(type: string): LegalAidDocumentName | undefined {
  switch (type) {
    case LegalAidSteps.granted:
      return 'grant-decision';
    case LegalAidSteps.refused:
      return 'refusal-decision';
    case LegalAidSteps.materialsRequested:
      return 'material-request';
    case LegalAidSteps.assigned:
      return 'assignment-letter';
    default:
      return undefined;
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : []);

type Derived = Omit<LegalAidFileView, 'caseId' | 'caseNo' | 'orgUnit' | 'status' | 'matter' | 'appliedAt' | 'assessment' | 'steps' | 'documents'>;

/**
 * The file's decisions as a fold over the steps in seq order, so a retried or late step gives the
 * same file. A later step of a kind replaces an earlier one (a corrected refusal, a second assignment).
 */
export function deriveFile(steps: readonly StoredStep[]): Derived {
  const f: Derived = {
    materialRequest: null,
    advanceAid: null,
    decision: null,
    assignment: null,
    court: null,
    termination: null,
    objection: null,
    closure: null,
    quality: null,
    rating: null,
  };
  for (const s of [...steps].sort((a, b) => a.seq - b.seq)) {
    const d = s.detail ?? {};
    switch (s.type) {
      case LegalAidSteps.materialsRequested:
        f.materialRequest = { missing: strs(d['missing']), at: s.at, by: s.actor, suppliedAt: null };
        break;
      case LegalAidSteps.materialsSupplied:
        if (f.materialRequest) f.materialRequest = { ...f.materialRequest, suppliedAt: s.at };
        break;
      case LegalAidSteps.advanceAid:
        f.advanceAid = { ground: str(d['ground']) ?? '', at: s.at, by: s.actor };
        break;
      case LegalAidSteps.granted:
        f.decision = { granted: true, at: s.at, by: s.actor, reasons: [], text: str(d['note']) ?? str(d['text']) };
        break;
      case LegalAidSteps.refused:
        f.decision = { granted: false, at: s.at, by: s.actor, reasons: strs(d['reasons']), text: str(d['text']) };
        break;
      case LegalAidSteps.assigned:
        f.assignment = {
          providerId: str(d['providerId']) ?? '',
          providerName: str(d['providerName']) ?? '',
          organisation: str(d['organisation']) ?? '',
          reason: str(d['reason']) ?? '',
          at: s.at,
        };
        break;
      case LegalAidSteps.courtFiled:
        f.court = { court: str(d['court']) ?? '', courtCaseNo: str(d['courtCaseNo']) ?? '', filedOn: str(d['filedOn']) ?? '' };
        break;
      case LegalAidSteps.terminated:
        f.termination = { reason: str(d['reason']) ?? '', text: str(d['text']) ?? '', at: s.at };
        break;
      case LegalAidSteps.objected:
        f.objection = { reason: str(d['reason']) ?? '', at: s.at, decision: null, decidedAt: null };
        break;
      case LegalAidSteps.objectionDecided:
        if (f.objection) f.objection = { ...f.objection, decision: str(d['decision']), decidedAt: s.at };
        break;
      case LegalAidSteps.matterEnded:
        f.closure = { ...(f.closure ?? { filedAt: null, summary: null, materials: [] }), result: str(d['result']), endedOn: str(d['endedOn']) };
        break;
      case LegalAidSteps.closureFiled:
        f.closure = { ...(f.closure ?? { result: null, endedOn: null }), filedAt: s.at, summary: str(d['summary']), materials: strs(d['materials']) };
        break;
      case LegalAidSteps.qualityReviewed:
        f.quality = { grade: str(d['grade']) ?? '', note: str(d['note']), at: s.at, by: s.actor };
        break;
      case LegalAidSteps.rated: {
        const score = d['score'] ?? d['rating'];
        if (typeof score === 'number' && Number.isInteger(score) && score >= 1 && score <= 5) f.rating = score;
        break;
      }
    }
  }
  return f;
}

/** The stored application, its steps and documents as the contract's file view. */
export function toFileView(
  app: StoredApplication,
  steps: readonly StoredStep[],
  docs: ReadonlyArray<{ kind: LegalAidDocumentName; seq: number; issuedAt: string }>,
): LegalAidFileView {
  const sorted = [...steps].sort((a, b) => a.seq - b.seq);
  const applied = sorted.find((s) => s.type === LegalAidSteps.applied || s.type === LegalAidSteps.notified);
  return {
    caseId: app.caseId,
    caseNo: app.caseNo,
    orgUnit: app.orgUnit,
    status: app.status,
    matter: app.matter,
    appliedAt: app.appliedAt ?? applied?.at ?? null,
    assessment: app.assessment,
    ...deriveFile(sorted),
    steps: sorted.map((s) => ({ seq: s.seq, type: s.type, actor: s.actor, at: s.at, status: s.status })),
    documents: [...docs].sort((a, b) => a.seq - b.seq).map((d) => ({ kind: d.kind, seq: d.seq, issuedAt: d.issuedAt })),
  };
}
