import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cjkFont, renderOfficialDocument } from './official-document';
import { LEGAL_AID_DOCUMENT_KINDS, legalAidDocument, type LegalAidDocumentData } from './legal-aid-documents';

const data: LegalAidDocumentData = {
  caseNo: '621102-2026-000321',
  applicant: '李春梅',
  matter: 'labour',
  appliedAt: '2026-12-01T01:30:00.000Z',
  issuer: '安定区法律援助中心',
  issuedAt: '2026-12-03T16:30:00.000Z',
};

function textOf(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'fq-doc-'));
  writeFileSync(join(dir, 'd.pdf'), pdf);
  return execFileSync('pdftotext', [join(dir, 'd.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

describe('legal-aid documents', () => {
  it('a refusal lists every reason and names the objection to the justice bureau (§49)', () => {
    const d = legalAidDocument('refusal-decision', { ...data, items: ['家庭经济状况不符合经济困难标准', '已自行委托代理人'], text: '特此决定。' });
    expect(d.paragraphs).toEqual([expect.stringContaining('不予法律援助'), '1. 家庭经济状况不符合经济困难标准', '2. 已自行委托代理人', '特此决定。']);
    expect(d.note).toContain('第四十九条');
  });

  it('a material request lists every missing item once, and says the review waits for them (§43)', () => {
    const d = legalAidDocument('material-request', { ...data, items: ['身份证复印件', '劳动合同', '工资流水'] });
    expect(d.paragraphs.filter((p) => /^\d\. /.test(p))).toEqual(['1. 身份证复印件', '2. 劳动合同', '3. 工资流水']);
    expect(d.note).toContain('视为撤回申请');
  });

  it('the assignment letter is addressed to the organisation and names the provider', () => {
    const d = legalAidDocument('assignment-letter', { ...data, provider: { name: '张明', organisation: '甘肃陇原律师事务所', type: 'firm-lawyer' } });
    expect(d.addressee).toBe('甘肃陇原律师事务所');
    expect(d.paragraphs.join('')).toContain('律师事务所律师张明');
  });

  it('numbers each kind apart', () => {
    const numbers = LEGAL_AID_DOCUMENT_KINDS.map((k) => legalAidDocument(k, data).number);
    expect(new Set(numbers).size).toBe(LEGAL_AID_DOCUMENT_KINDS.length);
    expect(numbers[0]).toBe('法援援〔2026〕621102-2026-000321号');
  });

  const font = cjkFont();
  (existsSync(font.path) ? it : it.skip)('renders each as a PDF whose text reads back in Chinese, with the case number', async () => {
    for (const kind of LEGAL_AID_DOCUMENT_KINDS) {
      const pdf = await renderOfficialDocument(
        legalAidDocument(kind, { ...data, items: ['劳动合同'], provider: { name: '张明', organisation: '陇原所' } }),
        font,
      );
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const text = textOf(pdf);
      expect(text).toContain(legalAidDocument(kind, data).title);
      expect(text).toContain('621102-2026-000321');
      expect(text).toContain('2026年12月4日');
    }
  });
});
