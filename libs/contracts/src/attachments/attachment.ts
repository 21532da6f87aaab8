import { z } from 'zod';

/**
 * Attachments: photos and documents (a signed mediation agreement) stored in the S3 object store and
 * linked to one subject — a case now; a field report registers itself as another subject kind. Which
 * types and sizes are accepted, and whose photos keep their GPS position, is libs/rules (attachments).
 */

/**
 * What an attachment belongs to. Its jurisdiction is the subject's: a case's (intake's case rule), a field
 * report's (whoever may read the report: intake's field-report visibility).
 */
export const ATTACHMENT_SUBJECT_KINDS = ['case', 'field-report'] as const;
export type AttachmentSubjectKind = (typeof ATTACHMENT_SUBJECT_KINDS)[number];

/** Body of `POST /api/v1/cases/{id}/attachments` and `POST /api/v1/field-reports/{id}/attachments`: what the caller is about to upload. */
export const attachmentRequestSchema = z
  .object({
    /** The file's name as the caller knows it (shown, never used as a storage key). */
    fileName: z.string().trim().min(1).max(200),
    /** The declared type; the stored file's first bytes must agree (image/jpeg, image/png, image/webp, application/pdf). */
    contentType: z.string().trim().min(1).max(100),
    /** The exact size in bytes of the file about to be uploaded. */
    size: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  })
  .strict();
export type AttachmentRequest = z.infer<typeof attachmentRequestSchema>;

/** The command intake answers `createAttachment` with. */
export const createAttachmentCommandSchema = attachmentRequestSchema.extend({
  subjectKind: z.enum(ATTACHMENT_SUBJECT_KINDS),
  subjectId: z.string().uuid(),
});
export type CreateAttachmentCommand = z.infer<typeof createAttachmentCommandSchema>;

export const attachmentIdSchema = z.object({ id: z.string().uuid() }).strict();
export const attachmentSubjectSchema = z.object({ subjectKind: z.enum(ATTACHMENT_SUBJECT_KINDS), subjectId: z.string().uuid() }).strict();

/** The gateway's account of a checked upload (`storeAttachment`). */
export const storeAttachmentSchema = z
  .object({
    id: z.string().uuid(),
    contentType: z.string().min(1).max(100),
    size: z.number().int().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    /** null for a document. */
    gpsKept: z.boolean().nullable(),
  })
  .strict();
export type StoreAttachment = z.infer<typeof storeAttachmentSchema>;

export type AttachmentStatus = 'pending' | 'stored';

/** An attachment as the API answers it. */
export interface AttachmentView {
  id: string;
  subjectKind: AttachmentSubjectKind;
  subjectId: string;
  fileName: string;
  /** The stored file's type (an image is stored as the type it was checked to be). */
  contentType: string;
  /** Bytes: declared while pending, of the stored (re-encoded) file once stored. */
  size: number;
  /** SHA-256 of the stored file, once stored. */
  sha256: string | null;
  status: AttachmentStatus;
  /** Whether a photo kept its GPS position (its uploader's role may keep it); null for documents and pending uploads. */
  gpsKept: boolean | null;
  uploadedBy: { username: string; name: string };
  createdAt: string;
  storedAt: string | null;
}

/** What intake tells the gateway besides the view: where the object lives in the bucket. */
export interface AttachmentRecord extends AttachmentView {
  /** The key the client uploads to (pending) and, once checked, the key of the stored file. */
  uploadKey: string;
  objectKey: string;
}
