import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  attachmentIdSchema,
  attachmentSubjectSchema,
  createAttachmentCommandSchema,
  ok,
  storeAttachmentSchema,
  zodFieldErrors,
  type AttachmentRecord,
  type AttachmentSubjectKind,
  type AttachmentView,
  type Caller,
  type Reply,
} from '@fengqiao/contracts';
import { AttachmentFailures, attachmentMaxBytes, isAttachmentContentType, mayReadCase } from '@fengqiao/rules';
import { formatChinaTime } from '@fengqiao/calendar';
import { inScope, type Scope } from '../database/jurisdiction-scope';
import { CaseEntity } from '../cases/case.entity';
import { CaseFailures } from '../cases/cases.failures';

/**
 * Where a subject lies: its jurisdiction is the attachment's (org path and owner are copied onto the row).
 * `uploadRefused`: the caller may see the subject but may not add to it (the subject's own rule says why).
 */
export interface SubjectPlace {
  orgPath: string;
  owner: string;
  uploadRefused?: Reply<never>;
}

/**
 * A kind of subject besides cases, as the module that owns it describes it: how to find one the caller may
 * read (undefined: missing or not theirs to see, answered alike with `notFound`), and what to do when one of
 * its attachments has been stored.
 */
export interface AttachmentSubject {
  find(m: EntityManager, id: string, caller: Caller): Promise<SubjectPlace | undefined>;
  notFound(): Reply<never>;
  stored(m: EntityManager, subjectId: string, attachmentId: string): Promise<void>;
}

type Subjects = Record<AttachmentSubjectKind, AttachmentSubject>;

/** Cases: the case rule (mayReadCase on the case's unit and registrar). */
const caseSubject: AttachmentSubject = {
  find: async (m, id, caller) => {
    const c = await m.getRepository(CaseEntity).findOne({ where: { id }, select: { orgPath: true, registeredBy: true } });
    return c && mayReadCase(caller, c) ? { orgPath: c.orgPath, owner: c.registeredBy } : undefined;
  },
  notFound: () => CaseFailures.fail('CASE_NOT_FOUND'),
  stored: async () => undefined,
};

/** The ids of a subject's stored attachments, oldest first (in the caller's transaction: row-level security applies). */
export async function storedAttachmentIds(m: EntityManager, kind: AttachmentSubjectKind, subjectId: string): Promise<string[]> {
  const rows = (await m.query(`SELECT id FROM intake.attachments WHERE subject_kind = $1 AND subject_id = $2 AND status = 'stored' ORDER BY created_at, id`, [
    kind,
    subjectId,
  ])) as { id: string }[];
  return rows.map((r) => r.id);
}

/**
 * Gives another subject the stored attachments of one (a sent field report's photos to the case it became):
 * a record per file under the target's jurisdiction, pointing at the same stored object, remembering its
 * source; done once per source (a repeat adds nothing). Run it in a scope that may write the target's rows.
 */
export async function copyStoredAttachments(
  m: EntityManager,
  from: { kind: AttachmentSubjectKind; id: string },
  to: { kind: AttachmentSubjectKind; id: string; orgPath: string; owner: string },
): Promise<number> {
  const rows = (await m.query(
    `INSERT INTO intake.attachments (id, subject_kind, subject_id, org_path, subject_owner, file_name, content_type, size, sha256,
       upload_key, object_key, uploaded_by, uploader_username, uploader_name, gps_kept, status, created_at, stored_at, source_id)
     SELECT gen_random_uuid(), $3, $4, $5, $6, a.file_name, a.content_type, a.size, a.sha256,
            a.upload_key, a.object_key, a.uploaded_by, a.uploader_username, a.uploader_name, a.gps_kept, 'stored', a.created_at, a.stored_at, a.id
       FROM intake.attachments a WHERE a.subject_kind = $1 AND a.subject_id = $2 AND a.status = 'stored'
     ON CONFLICT (subject_kind, subject_id, source_id) WHERE source_id IS NOT NULL DO NOTHING RETURNING id`,
    [from.kind, from.id, to.kind, to.id, to.orgPath, to.owner],
  )) as { id: string }[];
  return rows.length;
}

interface StoredAttachment {
  id: string;
  subject_kind: AttachmentSubjectKind;
  subject_id: string;
  org_path: string;
  subject_owner: string;
  file_name: string;
  content_type: string;
  size: string;
  sha256: string | null;
  upload_key: string;
  object_key: string;
  uploaded_by: string;
  uploader_username: string;
  uploader_name: string;
  gps_kept: boolean | null;
  status: 'pending' | 'stored';
  created_at: Date;
  stored_at: Date | null;
}

const view = (r: StoredAttachment): AttachmentView => ({
  id: r.id,
  subjectKind: r.subject_kind,
  subjectId: r.subject_id,
  fileName: r.file_name,
  contentType: r.content_type,
  size: Number(r.size),
  sha256: r.sha256,
  status: r.status,
  gpsKept: r.gps_kept,
  uploadedBy: { username: r.uploader_username, name: r.uploader_name },
  createdAt: formatChinaTime(r.created_at),
  storedAt: r.stored_at ? formatChinaTime(r.stored_at) : null,
});

const record = (r: StoredAttachment): AttachmentRecord => ({ ...view(r), uploadKey: r.upload_key, objectKey: r.object_key });

/**
 * Attachment metadata (the files themselves are in the object store, written by the gateway): created
 * pending for a subject the caller may act on, stored once the gateway has checked the upload, read
 * within the subject's jurisdiction — in the query and by forced row-level security on the table.
 */
export class AttachmentsService {
  private readonly subjects: Subjects;

  constructor(
    private readonly ds: DataSource,
    private readonly scopeOf: (caller: Caller) => Promise<Scope>,
    fieldReports: AttachmentSubject,
  ) {
    this.subjects = { case: caseSubject, 'field-report': fieldReports };
  }

  /** A pending attachment: the declared type and size are checked first, nothing stored when refused. */
  async create(body: unknown, caller: Caller): Promise<Reply<AttachmentRecord>> {
    const parsed = createAttachmentCommandSchema.safeParse(body ?? {});
    if (!parsed.success) return AttachmentFailures.fail('ATTACHMENT_INVALID', zodFieldErrors(parsed.error));
    const a = parsed.data;
    if (!isAttachmentContentType(a.contentType)) return AttachmentFailures.fail('ATTACHMENT_TYPE_NOT_ALLOWED', { type: a.contentType });
    const max = attachmentMaxBytes(a.contentType);
    if (a.size > max) return AttachmentFailures.fail('ATTACHMENT_TOO_LARGE', { type: a.contentType, maxMb: max / (1024 * 1024) });
    const subject = this.subjects[a.subjectKind];
    const id = randomUUID();
    const row = await inScope(this.ds, await this.scopeOf(caller), async (m): Promise<Reply<StoredAttachment> | undefined> => {
      const place = await subject.find(m, a.subjectId, caller);
      if (!place) return undefined;
      if (place.uploadRefused) return place.uploadRefused;
      const [inserted] = (await m.query(
        `INSERT INTO intake.attachments (id, subject_kind, subject_id, org_path, subject_owner, file_name, content_type, size,
           upload_key, object_key, uploaded_by, uploader_username, uploader_name, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'pending') RETURNING *`,
        [
          id,
          a.subjectKind,
          a.subjectId,
          place.orgPath,
          place.owner,
          a.fileName,
          a.contentType,
          a.size,
          `uploads/${id}`,
          `${a.subjectKind}/${a.subjectId}/${id}`,
          caller.userId,
          caller.username,
          caller.name ?? caller.username,
        ],
      )) as StoredAttachment[];
      return ok(inserted!);
    });
    if (!row) return subject.notFound();
    return row.ok ? ok(record(row.value)) : row;
  }

  /** One attachment the caller may see (missing and out of jurisdiction answer alike). */
  async get(body: unknown, caller: Caller): Promise<Reply<AttachmentRecord>> {
    const parsed = attachmentIdSchema.safeParse(body ?? {});
    if (!parsed.success) return AttachmentFailures.fail('ATTACHMENT_NOT_FOUND');
    const row = await inScope(this.ds, await this.scopeOf(caller), (m) => this.visible(m, parsed.data.id, caller));
    return row ? ok(record(row)) : AttachmentFailures.fail('ATTACHMENT_NOT_FOUND');
  }

  /** A subject's stored attachments, oldest first (pending uploads are their uploader's business only). */
  async list(body: unknown, caller: Caller): Promise<Reply<AttachmentView[]>> {
    const parsed = attachmentSubjectSchema.safeParse(body ?? {});
    if (!parsed.success)
      return (body as { subjectKind?: unknown } | undefined)?.subjectKind === 'field-report'
        ? this.subjects['field-report'].notFound()
        : CaseFailures.fail('CASE_NOT_FOUND');
    const { subjectKind, subjectId } = parsed.data;
    const subject = this.subjects[subjectKind];
    const rows = await inScope(this.ds, await this.scopeOf(caller), async (m) => {
      if (!(await subject.find(m, subjectId, caller))) return undefined;
      return (await m.query(`SELECT * FROM intake.attachments WHERE subject_kind = $1 AND subject_id = $2 AND status = 'stored' ORDER BY created_at, id`, [
        subjectKind,
        subjectId,
      ])) as StoredAttachment[];
    });
    return rows ? ok(rows.map(view)) : subject.notFound();
  }

  /** The gateway checked and stored the upload: pending -> stored, by the uploader only. */
  async store(body: unknown, caller: Caller): Promise<Reply<AttachmentRecord>> {
    const parsed = storeAttachmentSchema.safeParse(body ?? {});
    if (!parsed.success) return AttachmentFailures.fail('ATTACHMENT_INVALID', zodFieldErrors(parsed.error));
    const s = parsed.data;
    return inScope(this.ds, await this.scopeOf(caller), async (m) => {
      const found = await this.pendingOfUploader(m, s.id, caller);
      if (!found.ok) return found;
      const [rows] = (await m.query(
        `UPDATE intake.attachments SET status = 'stored', content_type = $2, size = $3, sha256 = $4, gps_kept = $5, stored_at = now()
         WHERE id = $1 AND status = 'pending' RETURNING *`,
        [s.id, s.contentType, s.size, s.sha256, s.gpsKept],
      )) as [StoredAttachment[], number];
      if (!rows[0]) return AttachmentFailures.fail('ATTACHMENT_NOT_PENDING');
      await this.subjects[rows[0].subject_kind].stored(m, rows[0].subject_id, rows[0].id);
      return ok(record(rows[0]));
    });
  }

  /** The upload was refused: the pending attachment goes, by the uploader only; a stored one stays. */
  async discard(body: unknown, caller: Caller): Promise<Reply<{ id: string }>> {
    const parsed = attachmentIdSchema.safeParse(body ?? {});
    if (!parsed.success) return AttachmentFailures.fail('ATTACHMENT_NOT_FOUND');
    return inScope(this.ds, await this.scopeOf(caller), async (m) => {
      const found = await this.pendingOfUploader(m, parsed.data.id, caller);
      if (!found.ok) return found;
      await m.query(`DELETE FROM intake.attachments WHERE id = $1 AND status = 'pending'`, [parsed.data.id]);
      return ok({ id: parsed.data.id });
    });
  }

  private async pendingOfUploader(m: EntityManager, id: string, caller: Caller): Promise<Reply<StoredAttachment>> {
    const row = await this.visible(m, id, caller);
    if (!row) return AttachmentFailures.fail('ATTACHMENT_NOT_FOUND');
    if (row.uploaded_by !== caller.userId) return AttachmentFailures.fail('ATTACHMENT_NOT_UPLOADER');
    if (row.status !== 'pending') return AttachmentFailures.fail('ATTACHMENT_NOT_PENDING');
    return ok(row);
  }

  /**
   * The row, if the caller may act on its subject (row-level security has filtered already; this is the
   * second lock). A subject other than a case has its own visibility rule, narrower than the unit's
   * jurisdiction (a field report: a grid worker sees their grids'), asked of its module as well.
   */
  private async visible(m: EntityManager, id: string, caller: Caller): Promise<StoredAttachment | undefined> {
    const [row] = (await m.query(`SELECT * FROM intake.attachments WHERE id = $1 FOR UPDATE`, [id])) as StoredAttachment[];
    if (!row || !mayReadCase(caller, { orgPath: row.org_path, registeredBy: row.subject_owner })) return undefined;
    if (row.subject_kind !== 'case' && !(await this.subjects[row.subject_kind].find(m, row.subject_id, caller))) return undefined;
    return row;
  }
}
