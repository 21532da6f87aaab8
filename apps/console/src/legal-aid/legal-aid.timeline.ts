import { LegalAidSteps, type EligibilityAssessment, type LegalAidFileView } from '@fengqiao/contracts';
import type { CaseView, TimelineEntry } from '../api/api.types';

const s = (x: unknown): string | null => (typeof x === 'string' ? x : null);
const list = (x: unknown): string[] => (Array.isArray(x) ? x.filter((i): i is string => typeof i === 'string') : []);

/**
 * The legal-aid file as far as the case's own timeline tells it (each step's detail): what an
 * applicant sees, who reads their case but not the agency's file — the missing materials, the
 * decision with its reasons, the provider, the court, the end. The screening's rules, the standard
 * and the documents stay with the agency (null / empty here).
 */
export function fileFromTimeline(c: Pick<CaseView, 'id' | 'caseNo' | 'orgUnit' | 'status' | 'timeline' | 'rating'>): LegalAidFileView {
  const last = (type: string): TimelineEntry | undefined => [...c.timeline].reverse().find((e) => e.type === type);
  const applied = last(LegalAidSteps.applied);
  const asked = last(LegalAidSteps.materialsRequested);
  const supplied = last(LegalAidSteps.materialsSupplied);
  const granted = last(LegalAidSteps.granted);
  const refused = last(LegalAidSteps.refused);
  const decision = [granted, refused].filter(Boolean).sort((a, b) => Date.parse(b!.at) - Date.parse(a!.at))[0];
  const advance = last(LegalAidSteps.advanceAid);
  const assigned = last(LegalAidSteps.assigned);
  const court = last(LegalAidSteps.courtFiled);
  const terminated = last(LegalAidSteps.terminated);
  const objected = last(LegalAidSteps.objected);
  const objectionDecided = last(LegalAidSteps.objectionDecided);
  const ended = last(LegalAidSteps.matterEnded);
  const closure = last(LegalAidSteps.closureFiled);
  const quality = last(LegalAidSteps.qualityReviewed);
  const screened = applied?.detail['assessment'] as Pick<EligibilityAssessment, 'outcome' | 'economic'> | undefined;
  return {
    caseId: c.id,
    caseNo: c.caseNo,
    orgUnit: c.orgUnit,
    status: c.status,
    matter: s(applied?.detail['matter']),
    appliedAt: applied?.at ?? null,
    assessment: screened?.outcome
      ? {
          outcome: screened.outcome,
          economic: screened.economic,
          standard: null,
          advanceAidGrounds: list(applied?.detail['advanceAidGrounds']) as EligibilityAssessment['advanceAidGrounds'],
          rules: [],
        }
      : null,
    materialRequest: asked
      ? {
          missing: list(asked.detail['missing']),
          at: asked.at,
          by: asked.by,
          suppliedAt: supplied && Date.parse(supplied.at) >= Date.parse(asked.at) ? supplied.at : null,
        }
      : null,
    advanceAid: advance ? { ground: s(advance.detail['ground']) ?? '', at: advance.at, by: advance.by } : null,
    decision: decision
      ? {
          granted: decision === granted,
          at: decision.at,
          by: decision.by,
          reasons: list(decision.detail['reasons']),
          text: s(decision.detail['text']) ?? s(decision.detail['note']),
        }
      : null,
    assignment: assigned
      ? {
          providerId: s(assigned.detail['providerId']) ?? '',
          providerName: s(assigned.detail['providerName']) ?? '',
          organisation: s(assigned.detail['organisation']) ?? '',
          reason: s(assigned.detail['reason']) ?? '',
          at: assigned.at,
        }
      : null,
    court: court
      ? { court: s(court.detail['court']) ?? '', courtCaseNo: s(court.detail['courtCaseNo']) ?? '', filedOn: s(court.detail['filedOn']) ?? '' }
      : null,
    termination: terminated ? { reason: s(terminated.detail['reason']) ?? '', text: s(terminated.detail['text']) ?? '', at: terminated.at } : null,
    objection: objected
      ? {
          reason: s(objected.detail['reason']) ?? '',
          at: objected.at,
          decision: s(objectionDecided?.detail['decision']),
          decidedAt: objectionDecided?.at ?? null,
        }
      : null,
    closure:
      ended || closure
        ? {
            result: s(ended?.detail['result']),
            endedOn: s(ended?.detail['endedOn']),
            filedAt: closure?.at ?? null,
            summary: s(closure?.detail['summary']),
            materials: list(closure?.detail['materials']),
          }
        : null,
    quality: quality ? { grade: s(quality.detail['grade']) ?? '', note: s(quality.detail['note']), at: quality.at, by: quality.by } : null,
    rating: c.rating,
    steps: [],
    documents: [],
  };
}
