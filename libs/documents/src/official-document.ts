import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';

/** A TrueType font (or a collection and the PostScript name of a face in it) with CJK glyphs. */
export interface DocumentFont {
  path: string;
  /** The face inside a .ttc collection (`WenQuanYiMicroHei`); absent for a single .ttf. */
  family?: string;
}

/** Where Debian's fonts-wqy-microhei puts its collection; REPORT_FONT_PATH overrides it. */
export const DEFAULT_CJK_FONT: DocumentFont = { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' };

export function cjkFont(env: Record<string, string | undefined> = process.env): DocumentFont {
  const path = env['REPORT_FONT_PATH'];
  return path ? { path, ...(path.endsWith('.ttc') ? { family: env['REPORT_FONT_FAMILY'] ?? DEFAULT_CJK_FONT.family } : {}) } : DEFAULT_CJK_FONT;
}

/**
 * A written notice as an office issues it (告知书, 意见书): a title, a document number, the person it is
 * addressed to, the body, and the issuing office with its date. Content only: the renderer lays it out.
 */
export interface OfficialDocument {
  title: string;
  /** 文号, e.g. 安信受〔2026〕F20261201-0001号. */
  number: string;
  /** The person addressed (称谓 line), e.g. 王建国. */
  addressee: string;
  paragraphs: string[];
  issuer: string;
  /** ISO instant; shown as the China-time date in Chinese (2026年12月4日). */
  issuedAt: string;
  /** A line under the date: what the person may do next and by when (救济途径). */
  note?: string;
}

/** 2026年12月4日, the China-time day of an instant. */
export function chineseDate(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/**
 * One A4 document in the embedded CJK font (subset). The same document always gives the same bytes
 * (fixed creation date), so a stored copy can be checked against a fresh render.
 */
export function renderOfficialDocument(d: OfficialDocument, font: DocumentFont): Promise<Buffer> {
  if (!existsSync(font.path)) throw new Error(`document font not found: ${font.path} (install fonts-wqy-microhei or set REPORT_FONT_PATH)`);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 72, bottom: 72, left: 80, right: 80 },
    info: { Title: d.title, Author: d.issuer, Subject: d.number, CreationDate: new Date(d.issuedAt), ModDate: new Date(d.issuedAt) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.path, font.family);
  doc.font('cjk');
  doc.fontSize(20).text(d.title, { align: 'center' });
  doc.moveDown(0.4).fontSize(11).text(d.number, { align: 'center' });
  doc.moveDown(1.2).fontSize(13).text(`${d.addressee}：`);
  doc.moveDown(0.4);
  // Two full-width spaces open a paragraph, as Chinese official writing does.
  for (const p of d.paragraphs) doc.text(`\u3000\u3000${p}`, { lineGap: 6, paragraphGap: 8 });
  doc.moveDown(2);
  doc.text(d.issuer, { align: 'right' });
  doc.text(chineseDate(d.issuedAt), { align: 'right' });
  if (d.note) doc.moveDown(1.5).fontSize(10).fillColor('#444444').text(d.note, { lineGap: 4 });
  doc.end();
  return done;
}
