import type { Caller } from '@fengqiao/contracts';
import { ATTACHMENT_GPS_KEEPER_ROLES, hasAnyRole } from '../roles';

/**
 * Attachments (photos of a case or a field report, documents such as a signed mediation agreement):
 * which types are accepted, how large each may be, how a stored file's real type is told from its first
 * bytes, and whose photos keep their GPS position. The gateway and intake both read these.
 */

const MB = 1024 * 1024;

/** Accepted types: images are re-encoded on completion (metadata stripped), documents are kept as sent. */
export const ATTACHMENT_TYPES = {
  'image/jpeg': { family: 'image', maxBytes: 10 * MB, extension: 'jpg' },
  'image/png': { family: 'image', maxBytes: 10 * MB, extension: 'png' },
  'image/webp': { family: 'image', maxBytes: 10 * MB, extension: 'webp' },
  'application/pdf': { family: 'document', maxBytes: 20 * MB, extension: 'pdf' },
} as const satisfies Record<string, { family: 'image' | 'document'; maxBytes: number; extension: string }>;

export type AttachmentContentType = keyof typeof ATTACHMENT_TYPES;
export const ATTACHMENT_CONTENT_TYPES = Object.keys(ATTACHMENT_TYPES) as AttachmentContentType[];

export function isAttachmentContentType(t: string): t is AttachmentContentType {
  return Object.prototype.hasOwnProperty.call(ATTACHMENT_TYPES, t);
}

/** The largest accepted size of a type, in bytes. */
export function attachmentMaxBytes(t: AttachmentContentType): number {
  return ATTACHMENT_TYPES[t].maxBytes;
}

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * The type a file really is, from its first bytes (magic numbers), whatever its sender declared;
 * `undefined` for anything not accepted. Twelve bytes are enough for every accepted type.
 */
export function sniffAttachmentType(head: Uint8Array): AttachmentContentType | undefined {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(head, ascii('%PDF-'))) return 'application/pdf';
  return undefined;
}

/** Whether a photo this caller uploads keeps its GPS position (see ATTACHMENT_GPS_KEEPER_ROLES). */
export function mayKeepPhotoLocation(caller: Pick<Caller, 'roles'>): boolean {
  return hasAnyRole(caller, ATTACHMENT_GPS_KEEPER_ROLES);
}
