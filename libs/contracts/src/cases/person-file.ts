import { z } from 'zod';
import type { CaseView } from './case.view';

/**
 * The person file (一人一档): every case of one person across kinds, found by the ID number's
 * blind index, plus the cases a clerk linked to them (a person without an ID number, a relative's
 * matter). Linking is an audited action with a reason; a leader removes a wrong link.
 */
export const CASE_LINK_RELATIONS = ['same-person', 'same-matter'] as const;
/** A link's relation as stored: `merged` is made by a merge, `referred` by a referral to legal aid, never by a plain link. */
export type StoredCaseLinkRelation = CaseLinkRelation | 'merged' | 'referred';
export type CaseLinkRelation = (typeof CASE_LINK_RELATIONS)[number];

const uuid = z.string().uuid({ message: '应为案件编号（UUID）/ must be a case id (UUID)' });
const reason = z.string().trim().min(2, { message: '请说明原因（至少 2 个字）/ give a reason (2 characters or more)' }).max(500);

/** `GET /api/v1/person-file`: by an ID number (sealed on its way to intake) or by one of the person's cases. */
export const personFileQuerySchema = z
  .object({ idNumber: z.string().max(200).optional(), caseId: uuid.optional() })
  .strict()
  .refine((q) => !!q.idNumber !== !!q.caseId, { message: '请给出身份证号或案件之一 / give either idNumber or caseId', path: ['idNumber'] });

/** `POST /api/v1/cases/{id}/links`. */
export const caseLinkSchema = z
  .object({
    linkedCaseId: uuid,
    relation: z.enum(CASE_LINK_RELATIONS, {
      errorMap: () => ({ message: '取值应为 same-person | same-matter / relation must be same-person or same-matter' }),
    }),
    reason,
  })
  .strict();

/** `POST /api/v1/case-links/{linkId}/remove`. */
export const caseUnlinkSchema = z.object({ reason }).strict();

/**
 * `POST /api/v1/cases/{id}/merge`: the same matter brought through another channel (a letter, a visit, a
 * 12345 call) is handled once — this case stops (its clocks paused, no action taken) and joins `intoCaseId`.
 */
export const caseMergeSchema = z.object({ intoCaseId: uuid, reason }).strict();

/** `POST /api/v1/cases/{id}/unmerge` (a leader): the case is handled on its own again. */
export const caseUnmergeSchema = caseUnlinkSchema;

export interface CaseLinkView {
  id: string;
  caseId: string;
  caseNo: string;
  linkedCaseId: string;
  linkedCaseNo: string;
  relation: StoredCaseLinkRelation;
  reason: string;
  createdBy: string;
  createdAt: string;
}

export interface PersonFileView {
  /** As registered on the cases (masked ID number; the names the person was registered under). */
  person: { idNumberMasked: string | null; names: string[] };
  /** Newest first, each with its timeline: the history of every matter. */
  cases: CaseView[];
  links: CaseLinkView[];
}
