import sharp from 'sharp';
import {
  ATTACHMENT_CONTENT_TYPES,
  ATTACHMENT_TYPES,
  AttachmentFailures,
  attachmentMaxBytes,
  isAttachmentContentType,
  sniffAttachmentType,
  type AttachmentContentType,
} from '@fengqiao/rules';
import type { Problem } from '@fengqiao/contracts';

/** What an upload becomes once checked: the bytes to store (an image re-encoded) and their type. */
export type CheckedUpload = { ok: true; bytes: Buffer; contentType: AttachmentContentType; gpsKept: boolean | null } | { ok: false; problem: Problem };

/** A photo larger than this many pixels is refused before decoding (a small file can unpack to gigabytes). */
const MAX_PIXELS = 100_000_000;

/**
 * Checks an uploaded file against what its uploader declared: its first bytes must be an accepted type,
 * the declared one, within the type's size; an image is decoded and re-encoded (turned upright first),
 * which drops its metadata — EXIF with the GPS position, XMP, comments — unless `keepLocation`.
 */
export async function checkUpload(bytes: Buffer, declared: string, keepLocation: boolean): Promise<CheckedUpload> {
  const actual = sniffAttachmentType(bytes.subarray(0, 16));
  if (!actual) return { ok: false, problem: AttachmentFailures.problem('ATTACHMENT_TYPE_NOT_ALLOWED', { type: declared }) };
  if (actual !== declared) return { ok: false, problem: AttachmentFailures.problem('ATTACHMENT_TYPE_MISMATCH', { actual, declared }) };
  const over = tooLarge(actual, bytes.length);
  if (over) return over;
  if (ATTACHMENT_TYPES[actual].family !== 'image') return { ok: true, bytes, contentType: actual, gpsKept: null };
  try {
    let image = sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' }).rotate();
    if (keepLocation) image = image.keepMetadata();
    const out = actual === 'image/jpeg' ? image.jpeg({ quality: 90, mozjpeg: true }) : actual === 'image/png' ? image.png() : image.webp({ quality: 90 });
    return { ok: true, bytes: await out.toBuffer(), contentType: actual, gpsKept: keepLocation };
  } catch {
    return { ok: false, problem: AttachmentFailures.problem('ATTACHMENT_UNREADABLE') };
  }
}

/** The refusal of a file of `size` bytes over its type's limit (any type: the largest limit), or undefined. */
export function tooLarge(type: string, size: number): CheckedUpload | undefined {
  const max = isAttachmentContentType(type) ? attachmentMaxBytes(type) : Math.max(...ATTACHMENT_CONTENT_TYPES.map(attachmentMaxBytes));
  if (size <= max) return undefined;
  return { ok: false, problem: AttachmentFailures.problem('ATTACHMENT_TOO_LARGE', { type, maxMb: max / (1024 * 1024) }) };
}
