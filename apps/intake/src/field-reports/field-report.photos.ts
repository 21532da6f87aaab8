import type { DataSource, EntityManager } from 'typeorm';
import type { Caller, Reply } from '@fengqiao/contracts';
import { hasAnyRole, Roles } from '@fengqiao/rules';
import { inScope } from '../database/jurisdiction-scope';
import { copyStoredAttachments, storedAttachmentIds, type AttachmentSubject } from '../attachments/attachments.service';
import { FieldReportFailures } from './field-reports.failures';
import type { StoredReport } from './field-report.stored';
import type { FieldReportGrids } from './field-report.grids';
import { inWorkerGrids } from './field-report.rules';

/**
 * A field report's photos: attachments with subject kind `field-report` (docs/api.md, Field reports). A report is
 * filed first, then its photos are uploaded to it; a settlement names some of them; a sent report's photos are
 * given to its case.
 */

/**
 * Field reports as a subject of attachments (attachments.service.ts): whoever may read the report (`visible`,
 * the field-reports service's rule) sees its photos; its reporter or a grid worker of its grid adds photos
 * while it is open; a stored photo joins the report's `attachmentIds`.
 */
export function reportAttachmentSubject(report: {
  visible(m: EntityManager, id: string, caller: Caller): Promise<StoredReport | undefined>;
  grids: Pick<FieldReportGrids, 'workerGrids'>;
}): AttachmentSubject {
  const mayAdd = async (r: StoredReport, caller: Caller) =>
    r.reporter_id === caller.userId ||
    (hasAnyRole(caller, [Roles.gridWorker]) &&
      inWorkerGrids(
        r.org_path,
        (await report.grids.workerGrids(caller.username)).map((g) => g.path),
      ));
  return {
    find: async (m, id, caller) => {
      const r = await report.visible(m, id, caller);
      if (!r) return undefined;
      const place = { orgPath: r.org_path, owner: r.reporter_id };
      if (r.status !== 'open') return { ...place, uploadRefused: FieldReportFailures.fail('FIELD_REPORT_NOT_OPEN', { status: r.status }) };
      if (!(await mayAdd(r, caller))) return { ...place, uploadRefused: FieldReportFailures.fail('FIELD_REPORT_NOT_YOUR_GRID', { grid: r.grid_code }) };
      return place;
    },
    notFound: () => FieldReportFailures.fail('FIELD_REPORT_NOT_FOUND'),
    stored: async (m, reportId, attachmentId) => {
      await m.query(
        `UPDATE intake.field_reports SET attachment_ids = array_append(attachment_ids, $2::uuid) WHERE id = $1 AND NOT ($2::uuid = ANY (attachment_ids))`,
        [reportId, attachmentId],
      );
    },
  };
}

/** Photos are uploaded to a report once it is filed: no id named at filing can be one of the new report's. */
export function photosAtFiling(ids: readonly string[] | undefined): Reply<never> | undefined {
  return ids?.length ? FieldReportFailures.fail('FIELD_REPORT_ATTACHMENT_UNKNOWN', { id: ids[0]! }) : undefined;
}

/** A refusal naming the first of `ids` that is not a stored photo of the report (in the caller's transaction), if any. */
export async function unknownPhoto(m: EntityManager, reportId: string, ids: readonly string[] | undefined): Promise<Reply<never> | undefined> {
  if (!ids?.length) return undefined;
  const photos = await storedAttachmentIds(m, 'field-report', reportId);
  const unknown = ids.find((a) => !photos.includes(a));
  return unknown === undefined ? undefined : FieldReportFailures.fail('FIELD_REPORT_ATTACHMENT_UNKNOWN', { id: unknown });
}

/** The sent report's stored photos become its case's (the case's jurisdiction, the same stored files); a repeat copies nothing twice. */
export async function photosToCase(ds: DataSource, reportId: string, caseId: string): Promise<void> {
  await inScope(ds, { kind: 'system' }, async (m) => {
    const [c] = (await m.query(`SELECT org_path, registered_by FROM intake.cases WHERE id = $1`, [caseId])) as { org_path: string; registered_by: string }[];
    if (c) await copyStoredAttachments(m, { kind: 'field-report', id: reportId }, { kind: 'case', id: caseId, orgPath: c.org_path, owner: c.registered_by });
  });
}
