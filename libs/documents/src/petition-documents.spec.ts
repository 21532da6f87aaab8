import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chineseDate, cjkFont, renderOfficialDocument } from './official-document';
import { PETITION_DOCUMENT_KINDS, petitionDocument, type PetitionDocumentData } from './petition-documents';

const data: PetitionDocumentData = {
  caseNo: 'F20261201-0007',
  title: '补偿款发放问题',
  petitioner: '王建国',
  registeredAt: '2026-12-01T01:30:00.000Z',
  issuer: '安定区信访局',
  issuedAt: '2026-12-03T16:30:00.000Z', // 00:30 on 4 December in China
};

/** The text of a PDF as pdftotext reads it (poppler-utils; the test script installs it). */
function textOf(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'fq-doc-'));
  writeFileSync(join(dir, 'd.pdf'), pdf);
  return execFileSync('pdftotext', [join(dir, 'd.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

describe('petition documents', () => {
  it('dates a document on its China-time day', () => {
    expect(chineseDate(data.issuedAt)).toBe('2026年12月4日');
  });

  it('tells the petitioner which channel is theirs when not accepted, in the words of the regulation', () => {
    const skips = petitionDocument('non-acceptance-notice', { ...data, reason: 'skips-level' });
    expect(skips.paragraphs.join('')).toContain('第十九条');
    const court = petitionDocument('non-acceptance-notice', { ...data, reason: 'litigation', text: '请向安定区人民法院起诉。' });
    expect(court.paragraphs).toEqual([expect.stringContaining('不予受理'), expect.stringContaining('人民法院提起诉讼'), '请向安定区人民法院起诉。']);
  });

  it('names the remedy after each decision: review after the reply, re-review after the review, none after the re-review', () => {
    expect(petitionDocument('reply', { ...data, text: '经核实，补偿款已于12月2日发放。' }).note).toContain('复查');
    expect(petitionDocument('review-decision', { ...data, decision: 'upheld' }).paragraphs[0]).toContain('维持原处理意见');
    expect(petitionDocument('review-decision', data).note).toContain('复核');
    expect(petitionDocument('re-review-decision', { ...data, decision: 'changed' }).note).toContain('不再受理');
  });

  it('numbers each kind of document apart', () => {
    const numbers = PETITION_DOCUMENT_KINDS.map((k) => petitionDocument(k, data).number);
    expect(new Set(numbers).size).toBe(PETITION_DOCUMENT_KINDS.length);
    expect(numbers[0]).toBe('信受〔2026〕F20261201-0007号');
  });

  const font = cjkFont();
  (existsSync(font.path) ? it : it.skip)('renders each document as a PDF whose text reads back in Chinese', async () => {
    for (const kind of PETITION_DOCUMENT_KINDS) {
      const pdf = await renderOfficialDocument(
        petitionDocument(kind, { ...data, reason: 'litigation', decision: 'upheld', text: '经核实，补偿款已发放。' }),
        font,
      );
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const text = textOf(pdf);
      expect(text).toContain(petitionDocument(kind, data).title);
      expect(text).toContain('王建国：');
      expect(text).toContain('2026年12月4日');
    }
  });

  (existsSync(font.path) ? it : it.skip)('gives the same bytes for the same document, so a stored copy can be checked', async () => {
    const doc = petitionDocument('reply', { ...data, text: '经核实，补偿款已发放。' });
    const [a, b] = [await renderOfficialDocument(doc, font), await renderOfficialDocument(doc, font)];
    expect(a.equals(b)).toBe(true);
    const other = await renderOfficialDocument({ ...doc, paragraphs: [...doc.paragraphs, '另：'] }, font);
    expect(other.equals(a)).toBe(false);
  });

  it('refuses to render without its font, naming the package to install', () => {
    expect(() => renderOfficialDocument(petitionDocument('reply', data), { path: '/nonexistent/font.ttc' })).toThrow(/fonts-wqy-microhei/);
  });
});
