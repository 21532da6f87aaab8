import type { PetitionDocumentData } from '@fengqiao/documents';
import type { DerivedPetition, StoredStep } from '../file/petition-file';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

/**
 * What a document states, from the step that issues it and the file so far: the step's own
 * words first (the decision's reason, text and issuer), then the registration's facts carried by
 * any step, then neutral wording, so a step with a bare detail still gives a valid notice.
 */
export function documentData(
  step: StoredStep,
  file: DerivedPetition,
  o: { caseNo: string; issuer: string; firstStepAt: string; petitioner?: string },
): PetitionDocumentData {
  const d = step.detail ?? {};
  const reason = str(d['reason']);
  const text = str(d['text']) ?? str(d['reply']) ?? str(d['opinion']) ?? str(d['note']);
  const decision = str(d['decision']);
  return {
    caseNo: o.caseNo,
    title: str(d['title']) ?? file.title ?? '信访事项',
    petitioner: str(d['petitioner']) ?? o.petitioner ?? '信访人',
    registeredAt: str(d['registeredAt']) ?? file.registeredAt ?? o.firstStepAt,
    issuer: str(d['issuer']) ?? o.issuer,
    issuedAt: step.at,
    ...(reason ? { reason } : {}),
    ...(text ? { text } : {}),
    ...(decision ? { decision } : {}),
  };
}

/** The last petitioner's name any step carried (the documents are addressed to them). */
export function petitionerOf(steps: readonly StoredStep[]): string | undefined {
  let name: string | undefined;
  for (const s of [...steps].sort((a, b) => a.seq - b.seq)) name = str(s.detail?.['petitioner']) ?? name;
  return name;
}
