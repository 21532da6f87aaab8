import { z } from 'zod';
import { PURPOSE_HEADER, REQUEST_ID_HEADER, SOURCE_IP_HEADER } from '../messaging/caller';

/** The longest purpose a read may state (`purpose` parameter or `X-Purpose` header). */
export const MAX_READ_PURPOSE = 200;

/**
 * What a read without a stated purpose records as its reason: the route that answered. A stated
 * purpose is recorded as given, with the route beside it.
 */
export const CASE_READ_ROUTES = [
  'case-view',
  /** The case as an action's answer shows it. */
  'case-action',
  'case-list',
  'person-file',
  'petition-file',
  'petition-document',
  'legal-aid-file',
  'legal-aid-document',
  'case-reads',
] as const;
export type CaseReadRoute = (typeof CASE_READ_ROUTES)[number];

/** A stated purpose as it travels between services (percent-encoded in a header), back to text; null when absent or unreadable. */
export function decodePurpose(v: string | undefined | null): string | null {
  if (!v) return null;
  let text: string;
  try {
    text = decodeURIComponent(v);
  } catch {
    text = v;
  }
  const t = text.replace(/\s+/g, ' ').trim();
  return t ? t.slice(0, MAX_READ_PURPOSE) : null;
}

/** `GET /api/v1/cases/{id}/reads` (leaders, admins): who read the case's personal data, newest first. */
export const caseReadsQuerySchema = z
  .object({
    id: z.string().uuid('应为案件 ID / id must be a case id'),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/** One audited read (or unmasking) of a case's personal data. */
export interface CaseReadView {
  seq: number;
  at: string;
  actor: string;
  actorId: string;
  roles: string[];
  orgUnit: string | null;
  /** e.g. `read.case`, `read.case-list`, `read.person-file`, `read.petition-file`, `unmask.case-party`. */
  action: string;
  /** The route that answered (see CASE_READ_ROUTES); null for an unmasking. */
  route: string | null;
  /** The purpose the reader stated, else the route. */
  purpose: string | null;
  purposeStated: boolean;
  /** The personal-data fields the answer held (names, never values). */
  fields: string[];
  /** Other cases the same answer showed (a list page, a person file), not counting this one. */
  alongWith: number;
  result: 'allowed' | 'denied';
  requestId: string | null;
}

/** What a service records with a read, from the headers the gateway sent (PURPOSE_HEADER, SOURCE_IP_HEADER, the request id). */
export function readContextFromHeaders(get: (name: string) => string | undefined | null): {
  purpose: string | null;
  requestId: string | null;
  sourceIp: string | null;
} {
  return {
    purpose: decodePurpose(get(PURPOSE_HEADER)),
    requestId: get(REQUEST_ID_HEADER) || null,
    sourceIp: get(SOURCE_IP_HEADER)?.slice(0, 64) || null,
  };
}
