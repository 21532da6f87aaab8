import { z } from 'zod';
import { fieldPositionSchema, type FieldPosition } from './check-in';
import { MAX_PAGE_SIZE } from '../cases/case.schema';
import type { fieldReportHandledDataSchema, fieldReportRecordedDataSchema, fieldReportVerifiedDataSchema } from '../events/catalogue/data-schemas';

/**
 * Field reports (随手拍 / 事件上报): a grid worker, or a resident from the portal, reports a hazard, a
 * dispute or an event in a grid with text, category, position and photos. A grid worker then settles it
 * on the spot (事在格中办, with a result and a photo) or sends it to the centre, where it becomes a case
 * with channel `grid` on the category's routing. A resident's report that a grid worker settles or sends
 * is verified (it earns participation points); one found untrue is rejected with a reason.
 *
 * Routes (gateway → intake):
 * - `POST /api/v1/field-reports` → 201 FieldReportView (grid-worker, resident)
 * - `GET  /api/v1/field-reports?status=&gridCode=&mine=true&page=&pageSize=` → { items, total } (grid-worker: their grids and
 *   their own; resident: their own; clerk, leader: their jurisdiction)
 * - `GET  /api/v1/field-reports/{id}` → FieldReportView (same visibility)
 * - `POST /api/v1/field-reports/{id}/settle` → FieldReportView (a grid worker of the report's grid)
 * - `POST /api/v1/field-reports/{id}/send` → FieldReportView with `caseId` (a grid worker of the report's grid)
 * - `POST /api/v1/field-reports/{id}/reject` → FieldReportView (a grid worker of the report's grid; residents' reports only)
 */

/** What was seen: each maps to the case kind it becomes when sent to the centre. */
export const FIELD_REPORT_KINDS = ['hazard', 'dispute', 'event'] as const;
export type FieldReportKind = (typeof FIELD_REPORT_KINDS)[number];
/** The case kind a sent report is registered as (an event is a complaint about public order). */
export const FIELD_REPORT_CASE_KIND: Record<FieldReportKind, 'hazard' | 'dispute' | 'complaint'> = {
  hazard: 'hazard',
  dispute: 'dispute',
  event: 'complaint',
};

/**
 * open: waiting for a grid worker; settled: handled on the spot; sent: registered as a case at the centre;
 * rejected: a resident's report found untrue (with a reason).
 */
export const FIELD_REPORT_STATUSES = ['open', 'settled', 'sent', 'rejected'] as const;
export type FieldReportStatus = (typeof FIELD_REPORT_STATUSES)[number];

const attachmentIds = z.array(z.string().uuid()).max(9);

/** Body of `POST /api/v1/field-reports`. The reporter is always the caller. */
export const fieldReportInputSchema = z
  .object({
    kind: z.enum(FIELD_REPORT_KINDS),
    /** A routing category code (as a case's `category`). */
    category: z.string().min(1).max(64),
    text: z.string().trim().min(1).max(2000),
    /** From the phone or picked on the map; must lie inside `gridCode`'s boundary when that is given. */
    position: fieldPositionSchema,
    /** The grid picked on the map; absent: the grid whose boundary holds `position`. */
    gridCode: z.string().max(40).optional(),
    address: z.string().max(200).optional(),
    /**
     * Not at filing: a report's photos are uploaded to it once it is filed (`POST /api/v1/field-reports/{id}/attachments`,
     * docs/api.md). Kept so that a client sending ids hears why: any id here is refused with 422
     * FIELD_REPORT_ATTACHMENT_UNKNOWN naming it, and nothing is stored.
     */
    attachmentIds: attachmentIds.optional(),
    /** Only a grid worker may settle at once (事在格中办): the report is stored `settled` with this result. */
    settledOnSpot: z
      .object({ result: z.string().trim().min(1).max(2000) })
      .strict()
      .optional(),
  })
  .strict();
export type FieldReportInput = z.infer<typeof fieldReportInputSchema>;

/** Query of `GET /api/v1/field-reports` (an empty parameter means "not given", as forms send it). */
export const fieldReportListQuerySchema = z
  .object({
    status: z.enum(FIELD_REPORT_STATUSES).optional(),
    /** One grid (or a unit above grids: its subtree), within what the caller may see. */
    gridCode: z
      .string()
      .regex(/^\d{6}[0-9A-Za-z-]{0,30}$/, '应为单位或网格代码 / must be an org-unit or grid code such as 621102101201-01')
      .optional(),
    /** `true`: only the caller's own reports. */
    mine: z.enum(['true', 'false'], { errorMap: () => ({ message: '取值应为 true | false / mine must be true or false' }) }).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
  })
  .strict();
export type FieldReportListQuery = z.infer<typeof fieldReportListQuerySchema>;

/**
 * Body of `POST /api/v1/field-reports/{id}/settle`. `attachmentIds`: the result's photos, each a stored
 * attachment of this report (uploaded to it beforehand); any other id is refused (422 FIELD_REPORT_ATTACHMENT_UNKNOWN).
 */
export const fieldReportSettleSchema = z.object({ result: z.string().trim().min(1).max(2000), attachmentIds: attachmentIds.optional() }).strict();
/** Body of `POST /api/v1/field-reports/{id}/send`: an optional note for the centre. */
export const fieldReportSendSchema = z.object({ note: z.string().trim().max(500).optional() }).strict();
/** Body of `POST /api/v1/field-reports/{id}/reject`. */
export const fieldReportRejectSchema = z.object({ reason: z.string().trim().min(1).max(500) }).strict();

/** A field report as the API answers it (the reporter's name and phone are never in it). */
export interface FieldReportView {
  id: string;
  kind: FieldReportKind;
  category: string;
  text: string;
  status: FieldReportStatus;
  gridCode: string;
  position: FieldPosition;
  address?: string;
  reporter: { username: string; role: 'grid-worker' | 'resident' };
  /** The report's stored photos (attachments with subject kind `field-report`), in the order they were stored. */
  attachmentIds: string[];
  createdAt: string;
  /** Set when settled: who, when, the result and its photos (a subset of `attachmentIds`). */
  settlement?: { by: string; at: string; result: string; attachmentIds: string[] };
  /** Set when sent: the case it became. */
  caseId?: string;
  /** Set when rejected. */
  rejection?: { by: string; at: string; reason: string };
}

/**
 * Event `cn.fengqiao.field-report.verified.v1` on `fq.evt.<grid>.field-report.verified`: a resident's
 * report confirmed by a grid worker (settled or sent). Participation points are awarded from it, once per
 * report (`reportId` is the idempotency key).
 */
export type FieldReportVerifiedData = z.infer<typeof fieldReportVerifiedDataSchema>;

/** Event `cn.fengqiao.field-report.recorded.v1` on `fq.evt.<grid>.field-report.recorded`: a new report (no text, no position), for statistics by grid and the activity rate. */
export type FieldReportRecordedData = z.infer<typeof fieldReportRecordedDataSchema>;

/**
 * Event `cn.fengqiao.field-report.handled.v1` on `fq.evt.<grid>.field-report.handled`: a grid worker
 * settled, sent or rejected an open report (any reporter). Carries what a read model needs to count the
 * report by grid, kind and status even when it missed the `recorded` event (no text, no position).
 */
export type FieldReportHandledData = z.infer<typeof fieldReportHandledDataSchema>;

/** Counts of field reports by status (every status present, 0 when none). */
export type FieldReportStatusCounts = Record<FieldReportStatus, number>;

/**
 * `GET /api/v1/stats/field-reports?orgUnit=&from=&to=` (docs/metrics.md "Field reports"): the reports
 * recorded in the window in the unit's subtree, by grid, kind and status.
 */
export interface FieldReportStatsView {
  orgUnit: string;
  total: number;
  byStatus: FieldReportStatusCounts;
  byKind: Record<FieldReportKind, number>;
  /** Residents' reports among them, and those a grid worker verified (settled or sent). */
  fromResidents: number;
  verified: number;
  /** One row per grid with reports, by grid code. */
  grids: Array<{ gridCode: string; total: number; byStatus: FieldReportStatusCounts; byKind: Record<FieldReportKind, number> }>;
}
