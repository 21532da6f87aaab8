import { z } from 'zod';
import type { CaseKind, CaseStatus, WarningColour } from './case.schema';
import type { CaseClock } from '../dispute/workflow-types';

/**
 * Cases as an integrator's service account reads them (the gateway's Open311 GeoReport v2,
 * docs/open311.md): no parties, no timeline text, only what a public report shows. Intake answers
 * `Commands.intake.listServiceRequests` within the caller's jurisdiction, for the kinds it names.
 */

/** At most this many requests in one answer (GeoReport v2's own bound). */
export const MAX_SERVICE_REQUESTS = 1000;

const unitCode = z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, '应为 6、9 或 12 位行政区划代码 / must be a 6, 9 or 12 digit division code');
const instant = z.string().datetime({ offset: true, message: '应为带时区的 ISO 8601 时间 / must be ISO 8601 with an offset' });

export const serviceRequestsQuerySchema = z
  .object({
    /** Case numbers; when given, the other filters (but jurisdiction and kinds) are ignored. */
    caseNos: z.array(z.string().trim().min(1).max(40)).max(MAX_SERVICE_REQUESTS).optional(),
    /** The caller's own registration with this request key (a token of Open311). */
    requestKey: z.string().min(1).max(255).optional(),
    /** Only cases of these kinds are ever shown. */
    kinds: z.array(z.string().min(1).max(40)).min(1).max(20),
    categories: z.array(z.string().trim().min(1).max(40)).max(100).optional(),
    /** This unit's subtree (it must lie in the caller's). */
    orgUnit: unitCode.optional(),
    from: instant.optional(),
    to: instant.optional(),
    /** true: not closed; false: closed; absent: both. */
    open: z.boolean().optional(),
    limit: z.number().int().min(1).max(MAX_SERVICE_REQUESTS).default(MAX_SERVICE_REQUESTS),
  })
  .strict();

export type ServiceRequestsQuery = z.input<typeof serviceRequestsQuerySchema>;

export interface ServiceRequestView {
  id: string;
  caseNo: string;
  kind: CaseKind;
  category: string;
  status: CaseStatus;
  warning: WarningColour;
  title: string;
  description: string;
  orgUnit: string;
  /** The unit's name (zh-CN, English). */
  orgUnitName: { zh: string; en: string };
  location: { address?: string; gridCode?: string; lat?: number; lng?: number } | null;
  /** The running clocks (their due times give an expected time). */
  clocks: CaseClock[];
  /** The latest step of the case's timeline: its type and time (no text: text may name people). */
  lastStep: { type: string; at: string } | null;
  createdAt: string;
  updatedAt: string;
}
