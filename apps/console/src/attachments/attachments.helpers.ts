import type { AttachmentRequest, AttachmentSubjectKind } from '@fengqiao/contracts';
import { ATTACHMENT_TYPES, isAttachmentContentType } from '@fengqiao/rules';

/** The API path of an attachment subject: a case or a field report. */
export function subjectPath(kind: AttachmentSubjectKind, id: string): string {
  return `${kind === 'case' ? '/api/v1/cases' : '/api/v1/field-reports'}/${encodeURIComponent(id)}`;
}

/**
 * The first step's body for a picked file: its name, its type as the browser tells it and its size. The
 * API judges both (an unknown type, a HEIC photo, a file too large: its own 422 in both languages); a
 * file the browser could not type is declared as bytes so the API names it, never left out.
 */
export function startBody(file: Pick<File, 'name' | 'type' | 'size'>): AttachmentRequest {
  return { fileName: file.name.trim() || 'file', contentType: file.type || 'application/octet-stream', size: file.size };
}

/** A photo is shown as a thumbnail; anything else (a PDF) as a link. */
export function isPhoto(contentType: string): boolean {
  return isAttachmentContentType(contentType) && ATTACHMENT_TYPES[contentType].family === 'image';
}

/** `1.2 MB`, `340 KB`: a file's size as people read it. */
export function humanSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The ids of a form's photos that are stored, in the order they were picked. */
export function storedIds(photos: ReadonlyArray<{ attachment?: { id: string; status: string } }>): string[] {
  return photos.flatMap((p) => (p.attachment?.status === 'stored' ? [p.attachment.id] : []));
}
