import type { LegalAidDocumentData } from '@fengqiao/documents';
import type { StoredStep } from '../file/legal-aid-file';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : []);

/**
 * What a document states, from the step that issues it and the case so far: the step's own words
 * first (reasons, missing items, the officer's text, the issuer), then the application, then
 * neutral wording, so a step with a bare detail still gives a valid document.
 */
export function documentData(
  step: StoredStep,
  o: {
    caseNo: string;
    issuer: string;
    matter: string | null;
    appliedAt: string | null;
    firstStepAt: string;
    applicant?: string;
    provider?: { name: string; organisation: string; type?: string };
  },
): LegalAidDocumentData {
  const d = step.detail ?? {};
  const items = strs(d['reasons']).length ? strs(d['reasons']) : strs(d['missing']);
  const text = str(d['text']) ?? str(d['message']) ?? str(d['note']);
  const providerName = str(d['providerName']);
  const provider = providerName ? { name: providerName, organisation: str(d['organisation']) ?? '', type: str(d['providerType']) } : o.provider;
  return {
    caseNo: o.caseNo,
    applicant: str(d['applicant']) ?? o.applicant ?? '申请人',
    matter: o.matter ?? str(d['matter']) ?? '法律援助事项',
    appliedAt: o.appliedAt ?? o.firstStepAt,
    issuer: str(d['issuer']) ?? o.issuer,
    issuedAt: step.at,
    ...(items.length ? { items } : {}),
    ...(text ? { text } : {}),
    ...(provider ? { provider: { name: provider.name, organisation: provider.organisation, ...(provider.type ? { type: provider.type } : {}) } } : {}),
  };
}

/** The last applicant's name any step carried (the decisions are addressed to them). */
export function applicantOf(steps: readonly StoredStep[]): string | undefined {
  let name: string | undefined;
  for (const s of [...steps].sort((a, b) => a.seq - b.seq)) name = str(s.detail?.['applicant']) ?? name;
  return name;
}
