import type { EntityManager } from 'typeorm';
import {
  EventTypes,
  eventSubject,
  type Caller,
  type FieldReportHandledData,
  type FieldReportKind,
  type FieldReportStatus,
  type FieldReportVerifiedData,
  type FieldReportView,
} from '@fengqiao/contracts';
import { formatChinaTime } from '@fengqiao/calendar';
import { appendToOutbox, buildCloudEvent } from '@fengqiao/messaging';
import { INTAKE_SCHEMA, INTAKE_EVENT_SOURCE } from '../config/intake.config';

/** A stored field report (`intake.field_reports`), its view, the events its handling causes, and helpers of the service. */

export interface StoredReport {
  id: string;
  kind: FieldReportKind;
  category: string;
  text: string;
  status: FieldReportStatus;
  grid_code: string;
  org_path: string;
  lng: number;
  lat: number;
  accuracy: number | null;
  address: string | null;
  attachment_ids: string[];
  reporter_id: string;
  reporter_username: string;
  reporter_name: string;
  reporter_role: 'grid-worker' | 'resident';
  created_at: Date;
  settled_by: string | null;
  settled_at: Date | null;
  settlement_result: string | null;
  settlement_attachment_ids: string[] | null;
  sending_by: string | null;
  send_note: string | null;
  case_id: string | null;
  sent_at: Date | null;
  rejected_by: string | null;
  rejected_at: Date | null;
  rejection_reason: string | null;
}

/** A report as the API answers it: never the reporter's name (nor a phone: none is stored). */
export function fieldReportView(r: StoredReport): FieldReportView {
  return {
    id: r.id,
    kind: r.kind,
    category: r.category,
    text: r.text,
    status: r.status,
    gridCode: r.grid_code,
    position: { lng: r.lng, lat: r.lat, ...(r.accuracy !== null ? { accuracy: r.accuracy } : {}) },
    ...(r.address !== null ? { address: r.address } : {}),
    reporter: { username: r.reporter_username, role: r.reporter_role },
    attachmentIds: r.attachment_ids,
    createdAt: formatChinaTime(r.created_at),
    ...(r.settled_at
      ? { settlement: { by: r.settled_by!, at: formatChinaTime(r.settled_at), result: r.settlement_result!, attachmentIds: r.settlement_attachment_ids ?? [] } }
      : {}),
    ...(r.case_id ? { caseId: r.case_id } : {}),
    ...(r.rejected_at ? { rejection: { by: r.rejected_by!, at: formatChinaTime(r.rejected_at), reason: r.rejection_reason! } } : {}),
  };
}

/** `handled` for every reporter; `verified` as well for a resident's report settled or sent (participation points). */
export async function announceHandled(m: EntityManager, r: StoredReport, caller: Caller): Promise<void> {
  const at = r.status === 'settled' ? r.settled_at! : r.status === 'sent' ? r.sent_at! : r.rejected_at!;
  const handled: FieldReportHandledData = {
    reportId: r.id,
    kind: r.kind,
    category: r.category,
    status: r.status as FieldReportHandledData['status'],
    reporterUsername: r.reporter_username,
    reporterRole: r.reporter_role,
    gridCode: r.grid_code,
    path: r.org_path,
    handledBy: caller.username,
    ...(r.case_id ? { caseId: r.case_id } : {}),
    recordedAt: formatChinaTime(r.created_at),
    at: formatChinaTime(at),
  };
  await appendToOutbox(
    m,
    INTAKE_SCHEMA,
    eventSubject(r.grid_code, 'field-report', 'handled'),
    buildCloudEvent({ type: EventTypes.fieldReportHandled, source: INTAKE_EVENT_SOURCE, subject: r.id, data: handled, time: at }),
  );
  if (r.reporter_role !== 'resident' || (r.status !== 'settled' && r.status !== 'sent')) return;
  const verified: FieldReportVerifiedData = {
    reportId: r.id,
    residentSub: r.reporter_id,
    residentUsername: r.reporter_username,
    kind: r.kind,
    category: r.category,
    outcome: r.status,
    gridCode: r.grid_code,
    path: r.org_path,
    verifiedBy: caller.username,
    at: formatChinaTime(at),
  };
  await appendToOutbox(
    m,
    INTAKE_SCHEMA,
    eventSubject(r.grid_code, 'field-report', 'verified'),
    buildCloudEvent({ type: EventTypes.fieldReportVerified, source: INTAKE_EVENT_SOURCE, subject: r.id, data: verified, time: at }),
  );
}

/** The row an `UPDATE … RETURNING *` changed (TypeORM answers an update as `[rows, count]`). */
export async function updated(m: EntityManager, sql: string, params: unknown[]): Promise<StoredReport> {
  const result = (await m.query(sql, params)) as [StoredReport[], number];
  return result[0][0]!;
}

/** The body of an action as the handler passes it: `{ id, input }`. */
export function inputOf(body: unknown): unknown {
  return (body as { input?: unknown } | undefined)?.input ?? {};
}
