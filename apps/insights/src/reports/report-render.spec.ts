import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { KeyPersonMonthFigures, LegalAidStatsView, MonthlyReportFigures, PetitionStatsView, StatsView } from '@fengqiao/contracts';
import { keyPersonMonthChange } from '../key-persons/key-person-figures';
import { legalAidStatsChange, petitionStatsChange, statsChange } from './reports.activities';
import { reportFilename } from './report-labels';
import { renderPdf, renderXlsx, SHEET_NAMES } from './report-render';
import { reportLevel } from './report-units';

const FONT = { path: process.env['REPORT_FONT_PATH'] ?? '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' };

const stats = (o: Partial<StatsView>): StatsView => ({
  received: 0,
  closed: 0,
  closureRate: 0,
  resolvedAtFirstContact: 0,
  mediated: 0,
  mediationSucceeded: 0,
  mediationSuccessRate: 0,
  resolved: 0,
  resolutionRate: 0,
  closedOnTime: 0,
  onTimeRate: 0,
  avgFirstReplyHours: 0,
  satisfactionRate: 0,
  warnings: { green: 0, yellow: 0, red: 0 },
  ...o,
});

const now = stats({
  received: 10057,
  closed: 9980,
  closureRate: 0.9923,
  mediated: 5164,
  mediationSucceeded: 4235,
  mediationSuccessRate: 0.8201,
  avgFirstReplyHours: 4.25,
  warnings: { green: 50, yellow: 3, red: 2 },
});
const before = stats({
  received: 9000,
  closed: 8900,
  closureRate: 0.9889,
  mediated: 5000,
  mediationSucceeded: 4000,
  mediationSuccessRate: 0.8,
  avgFirstReplyHours: 5,
});

const figures: MonthlyReportFigures = {
  month: '2026-11',
  orgUnit: { code: '621102', name: '安定区', level: 'county', path: '/621100/621102/' },
  window: { from: '2026-11-01', to: '2026-12-01' },
  previousMonth: '2026-10',
  stats: now,
  previous: before,
  change: statsChange(now, before),
  redUnits: [{ code: '621102101', name: '巉口镇', colour: 'red', red: 2, yellow: 1 }],
  yellowUnits: [{ code: '621102102', name: '内官营镇', colour: 'yellow', red: 0, yellow: 2 }],
  topCategories: [{ category: 'neighbour', name: '邻里纠纷', received: 6000, share: 0.5966 }],
  rules: { redMinOverdue: 1, yellowMinOpenYellow: 1, topCategories: 5 },
  generatedAt: '2026-12-05T00:00:03.000Z',
};

const petitionStats = (o: Partial<PetitionStatsView>): PetitionStatsView => ({
  received: 0,
  acceptanceDue: 0,
  acceptedTimely: 0,
  timelyAcceptanceRate: 0,
  replied: 0,
  repliedOnTime: 0,
  onTimeClosureRate: 0,
  rated: 0,
  ratingParticipationRate: 0,
  petitionSatisfactionRate: 0,
  reviewed: 0,
  reviewRate: 0,
  ...o,
});
const petitionsNow = petitionStats({
  received: 40,
  acceptanceDue: 38,
  acceptedTimely: 36,
  timelyAcceptanceRate: 0.9474,
  replied: 20,
  rated: 15,
  ratingParticipationRate: 0.75,
});
const petitionsBefore = petitionStats({ received: 30, acceptanceDue: 30, acceptedTimely: 30, timelyAcceptanceRate: 1 });
/** The same month with petitions registered: the report has a petitions section. */
const withPetitions: MonthlyReportFigures = {
  ...figures,
  petitions: { stats: petitionsNow, previous: petitionsBefore, change: petitionStatsChange(petitionsNow, petitionsBefore) },
};

const legalAidStats = (o: Partial<LegalAidStatsView>): LegalAidStatsView => ({
  received: 0,
  applications: 0,
  notifications: 0,
  decided: 0,
  granted: 0,
  refused: 0,
  grantRate: 0,
  avgDecisionDays: 0,
  assigned: 0,
  assignedOnTime: 0,
  onTimeAssignmentRate: 0,
  ratings: 0,
  legalAidSatisfactionRate: 0,
  withdrawn: 0,
  terminated: 0,
  objections: 0,
  ...o,
});
const legalAidNow = legalAidStats({
  received: 12,
  applications: 10,
  notifications: 2,
  decided: 8,
  granted: 7,
  refused: 1,
  grantRate: 0.875,
  avgDecisionDays: 3.25,
  assigned: 9,
  assignedOnTime: 8,
  onTimeAssignmentRate: 0.8889,
  objections: 1,
});
const legalAidBefore = legalAidStats({ received: 6, applications: 6, decided: 4, granted: 4, grantRate: 1, avgDecisionDays: 4.5 });
/** A month with legal-aid cases: its own section (after the petitions section when there is one). */
const withLegalAid: MonthlyReportFigures = {
  ...figures,
  legalAid: { stats: legalAidNow, previous: legalAidBefore, change: legalAidStatsChange(legalAidNow, legalAidBefore) },
};
const withBoth: MonthlyReportFigures = { ...withPetitions, legalAid: withLegalAid.legalAid! };

const pdfText = async (f: MonthlyReportFigures): Promise<string | undefined> => {
  const pdf = await renderPdf(f, FONT);
  try {
    const dir = mkdtempSync(join(tmpdir(), 'fq-report-'));
    writeFileSync(join(dir, 'r.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
  } catch {
    return undefined; // poppler-utils absent: the end-to-end test checks the text
  }
};

describe('the report figures', () => {
  it('gives the change from the month before, rates to 4 decimals', () => {
    expect(figures.change).toMatchObject({ received: 1057, closureRate: 0.0034, mediationSuccessRate: 0.0201, avgFirstReplyHours: -0.75 });
    expect(withPetitions.petitions!.change).toMatchObject({ received: 10, timelyAcceptanceRate: -0.0526, ratingParticipationRate: 0.75 });
    expect(withLegalAid.legalAid!.change).toMatchObject({ received: 6, grantRate: -0.125, avgDecisionDays: -1.25, onTimeAssignmentRate: 0.8889 });
  });

  it('reports counties and townships (and cities when named), never villages or provinces', () => {
    expect(['620000', '621100', '621102', '621102101', '621102101201', '621102101201-01'].map(reportLevel)).toEqual([
      undefined,
      'city',
      'county',
      'township',
      undefined,
      undefined,
    ]);
  });

  it('names the files in Chinese', () => {
    expect(reportFilename({ orgUnitName: '安定区', month: '2026-11' }, 'pdf')).toBe('安定区-2026年11月平安动态.pdf');
  });
});

describe('rendering', () => {
  it('writes a workbook with Chinese headers and the figures as numbers', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(await renderXlsx(figures)).buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([SHEET_NAMES.figures, SHEET_NAMES.cards, SHEET_NAMES.categories]);
    const ws = wb.getWorksheet(SHEET_NAMES.figures)!;
    expect(ws.getCell('A1').value).toBe('安定区2026年11月平安动态');
    const rows = new Map<string, unknown[]>();
    ws.eachRow((r) => rows.set(String(r.getCell(1).value), [r.getCell(2).value, r.getCell(3).value, r.getCell(4).value]));
    expect(rows.get('指标')).toEqual(['本月', '上月', '变化']);
    expect(rows.get('受理数')).toEqual([10057, 9000, 1057]);
    expect(rows.get('调解成功率')).toEqual([0.8201, 0.8, 0.0201]);
    expect(wb.getWorksheet(SHEET_NAMES.cards)!.getRow(2).values).toEqual([undefined, '巉口镇', '621102101', '红牌', 2, 1]);
  });

  it('adds a petitions sheet only for a month with petitions', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(await renderXlsx(withPetitions)).buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([SHEET_NAMES.figures, SHEET_NAMES.cards, SHEET_NAMES.categories, SHEET_NAMES.petitions]);
    const rows = new Map<string, unknown[]>();
    wb.getWorksheet(SHEET_NAMES.petitions)!.eachRow((r) => rows.set(String(r.getCell(1).value), [r.getCell(2).value, r.getCell(3).value, r.getCell(4).value]));
    expect(rows.get('信访件数')).toEqual([40, 30, 10]);
    expect(rows.get('及时受理率')).toEqual([0.9474, 1, -0.0526]);
    expect(rows.get('参评率')).toEqual([0.75, 0, 0.75]);
    expect(rows.has('满意率')).toBe(true);
    expect(rows.has('复查率')).toBe(true);
  });

  const haveFont = existsSync(FONT.path);
  (haveFont ? it : it.skip)('writes a PDF in the embedded CJK font whose text extracts as Chinese', async () => {
    const pdf = await renderPdf(figures, FONT);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2/);
    let text: string | undefined;
    try {
      const dir = mkdtempSync(join(tmpdir(), 'fq-report-'));
      writeFileSync(join(dir, 'r.pdf'), pdf);
      text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
    } catch {
      return; // poppler-utils absent: the end-to-end test checks the text
    }
    expect(text).toContain('安定区2026年11月平安动态');
    expect(text).toMatch(/调解成功率\s+82\.01%\s+80\.00%\s+\+2\.01个百分点/);
    expect(text).toContain('红牌 巉口镇');
    expect(text).not.toContain('信访工作');
  });

  (haveFont ? it : it.skip)('prints the petitions section in the PDF for a month with petitions', async () => {
    const pdf = await renderPdf(withPetitions, FONT);
    let text: string | undefined;
    try {
      const dir = mkdtempSync(join(tmpdir(), 'fq-report-'));
      writeFileSync(join(dir, 'r.pdf'), pdf);
      text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
    } catch {
      return;
    }
    expect(text).toContain('四、信访工作');
    expect(text).toMatch(/及时受理率\s+94\.74%\s+100\.00%\s+−5\.26个百分点/);
    expect(text).toMatch(/参评率\s+75\.00%\s+0\.00%\s+\+75\.00个百分点/);
    // Still the month's figures first.
    expect(text!.indexOf('一、主要指标')).toBeLessThan(text!.indexOf('四、信访工作'));
  });

  it('adds a legal-aid sheet only for a month with legal-aid cases, after the petitions sheet', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(await renderXlsx(withBoth)).buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      SHEET_NAMES.figures,
      SHEET_NAMES.cards,
      SHEET_NAMES.categories,
      SHEET_NAMES.petitions,
      SHEET_NAMES.legalAid,
    ]);
    const sheet = wb.getWorksheet(SHEET_NAMES.legalAid)!;
    expect(sheet.getCell('A1').value).toBe('法律援助（按登记时间）');
    const rows = new Map<string, unknown[]>();
    sheet.eachRow((r) => rows.set(String(r.getCell(1).value), [r.getCell(2).value, r.getCell(3).value, r.getCell(4).value]));
    expect(rows.get('申请数')).toEqual([10, 6, 4]);
    expect(rows.get('通知辩护（代理）数')).toEqual([2, 0, 2]);
    expect(rows.get('给予率')).toEqual([0.875, 1, -0.125]);
    expect(rows.get('平均审查天数')).toEqual([3.25, 4.5, -1.25]);
    expect(rows.get('按期指派率')).toEqual([0.8889, 0, 0.8889]);
    for (const label of ['满意率', '不予法律援助数', '撤回数', '终止数', '异议数']) expect(rows.has(label)).toBe(true);
    const formatOf = (label: string) => {
      let fmt: string | undefined;
      sheet.eachRow((r) => {
        if (r.getCell(1).value === label) fmt = r.getCell(2).numFmt;
      });
      return fmt;
    };
    expect([formatOf('给予率'), formatOf('平均审查天数')]).toEqual(['0.00%', '0.00']);
    const plain = new ExcelJS.Workbook();
    await plain.xlsx.load(new Uint8Array(await renderXlsx(withPetitions)).buffer);
    expect(plain.worksheets.map((w) => w.name)).not.toContain(SHEET_NAMES.legalAid);
  });

  (haveFont ? it : it.skip)('prints the legal-aid section in the PDF, numbered after the sections before it', async () => {
    const alone = await pdfText(withLegalAid);
    if (alone === undefined) return;
    expect(alone).toContain('四、法律援助');
    expect(alone).toMatch(/给予率\s+87\.50%\s+100\.00%\s+−12\.50个百分点/);
    expect(alone).toMatch(/平均审查天数\s+3\.25\s+4\.50\s+−1\.25/);
    expect(alone).toMatch(/按期指派率\s+88\.89%\s+0\.00%\s+\+88\.89个百分点/);
    expect(alone).toContain('不含补充材料期间');
    const both = (await pdfText(withBoth))!;
    expect(both).toContain('四、信访工作');
    expect(both).toContain('五、法律援助');
    expect(both.indexOf('四、信访工作')).toBeLessThan(both.indexOf('五、法律援助'));
    expect(await pdfText(withPetitions)).not.toContain('法律援助');
  });

  it('refuses to render without its font, naming the package to install', () => {
    expect(() => renderPdf(figures, { path: '/nonexistent/font.ttc' })).toThrow(/fonts-wqy-microhei/);
  });
});

const keyPersonsNow: KeyPersonMonthFigures = {
  onRegister: 148,
  low: 100,
  medium: 40,
  high: 8,
  contactsDue: 250,
  contactsOnTime: 235,
  contactCompliance: 0.94,
  overdueContacts: 6,
  red: 2,
};
const keyPersonsBefore: KeyPersonMonthFigures = { ...keyPersonsNow, onRegister: 140, contactsDue: 0, contactsOnTime: 0, contactCompliance: null };
/** A month of a township that keeps a register: its key-person section, the compliance change undefined (nothing due before). */
const withKeyPersons: MonthlyReportFigures = {
  ...withBoth,
  keyPersons: { stats: keyPersonsNow, previous: keyPersonsBefore, change: keyPersonMonthChange(keyPersonsNow, keyPersonsBefore) },
};

describe('the key-person section', () => {
  it('adds a key-person sheet of counts, a dash where a rate has nothing to count', async () => {
    expect(withKeyPersons.keyPersons!.change).toMatchObject({ onRegister: 8, contactsDue: 250, contactCompliance: null });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(await renderXlsx(withKeyPersons)).buffer);
    expect(wb.worksheets.map((w) => w.name).slice(-2)).toEqual([SHEET_NAMES.legalAid, SHEET_NAMES.keyPersons]);
    const rows = new Map<string, unknown[]>();
    wb.getWorksheet(SHEET_NAMES.keyPersons)!.eachRow((r) => rows.set(String(r.getCell(1).value), [r.getCell(2).value, r.getCell(3).value, r.getCell(4).value]));
    expect(rows.get('月末在册重点人员')).toEqual([148, 140, 8]);
    expect(rows.get('其中高风险')).toEqual([8, 8, 0]);
    expect(rows.get('走访见面到位率')).toEqual([0.94, '—', '—']);
    expect(rows.get('逾期未走访见面数')).toEqual([6, 6, 0]);
    expect(rows.get('红色预警数')).toEqual([2, 2, 0]);
    const plain = new ExcelJS.Workbook();
    await plain.xlsx.load(new Uint8Array(await renderXlsx(withBoth)).buffer);
    expect(plain.worksheets.map((w) => w.name)).not.toContain(SHEET_NAMES.keyPersons);
  });

  (existsSync(FONT.path) ? it : it.skip)('prints the key-person section in the PDF after the other sections', async () => {
    const text = await pdfText(withKeyPersons);
    if (text === undefined) return;
    expect(text).toContain('六、重点人员');
    expect(text).toMatch(/走访见面到位率\s+94\.00%\s+—\s+—/);
    expect(text).toMatch(/月末在册重点人员\s+148\s+140\s+\+8/);
    expect(text.indexOf('五、法律援助')).toBeLessThan(text.indexOf('六、重点人员'));
    expect(await pdfText(withBoth)).not.toContain('重点人员');
  });
});
