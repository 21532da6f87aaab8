import { existsSync } from 'node:fs';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { MonthlyReportFigures } from '@fengqiao/contracts';
import {
  chinaTime,
  COLOUR_NAMES,
  FIGURE_ROWS,
  formatChange,
  formatFigure,
  KEY_PERSON_ROWS,
  lastDay,
  LEGAL_AID_ROWS,
  monthLabel,
  PETITION_ROWS,
  reportTitle,
  type FigureKind,
} from './report-labels';
import { LEVEL_NAMES } from './report-units';

/** A TrueType font (or a collection and the PostScript name of a face in it) with CJK glyphs. */
export interface ReportFont {
  path: string;
  /** The face inside a .ttc collection (`WenQuanYiMicroHei`); absent for a single .ttf. */
  family?: string;
}

export const SHEET_NAMES = {
  figures: '主要指标',
  cards: '红黄牌单位',
  categories: '案件类别',
  petitions: '信访工作',
  legalAid: '法律援助',
  keyPersons: '重点人员',
} as const;

/** A section after the case figures (petitions, legal aid, key persons): its rows this month, last month and the change. */
interface KindSection {
  rows: ReadonlyArray<{ key: string; label: string; kind: FigureKind }>;
  /** Null: not defined this month (a rate over nothing), printed as a dash. */
  stats: Record<string, number | null>;
  previous: Record<string, number | null>;
  change: Record<string, number | null>;
}

const NONE = '—';
const figureText = (kind: FigureKind, v: number | null) => (v === null ? NONE : formatFigure(kind, v));
const changeText = (kind: FigureKind, v: number | null) => (v === null ? NONE : formatChange(kind, v));

const NUM_FMT: Record<FigureKind, string> = { count: '0', rate: '0.00%', hours: '0.00', days: '0.00' };

/** Section numbers after the three fixed sections (一、二、三). */
const SECTION_NUMBERS = ['四', '五', '六'] as const;
export const FIGURE_HEADERS = ['指标', '本月', '上月', '变化'] as const;

/** The workbook: the figures this month, last month and the change; the red and yellow units; the largest categories. */
export async function renderXlsx(f: MonthlyReportFigures): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Fengqiao';
  // Fixed, so the same figures always give the same file.
  wb.created = wb.modified = new Date(f.generatedAt);
  const ws = wb.addWorksheet(SHEET_NAMES.figures);
  ws.columns = [{ width: 24 }, { width: 14 }, { width: 14 }, { width: 14 }];
  ws.addRow([reportTitle(f)]).font = { bold: true, size: 14 };
  ws.addRow([`统计区间：${f.window.from} 至 ${lastDay(f.window.to)}（按登记时间，北京时间）`]);
  ws.addRow([`单位：${f.orgUnit.name}（${f.orgUnit.code}，${LEVEL_NAMES[f.orgUnit.level]}）`]);
  ws.addRow([]);
  ws.addRow([...FIGURE_HEADERS]).font = { bold: true };
  for (const row of FIGURE_ROWS) {
    const r = ws.addRow([row.label, f.stats[row.key], f.previous[row.key], f.change[row.key]]);
    const fmt = row.kind === 'rate' ? '0.00%' : row.kind === 'hours' ? '0.00' : '0';
    for (const c of [2, 3, 4]) r.getCell(c).numFmt = fmt;
  }
  ws.addRow([]);
  ws.addRow(['当前预警（未办结案件）', '红色', '黄色', '绿色']).font = { bold: true };
  ws.addRow(['件数', f.stats.warnings.red, f.stats.warnings.yellow, f.stats.warnings.green]);

  const cards = wb.addWorksheet(SHEET_NAMES.cards);
  cards.columns = [{ width: 20 }, { width: 14 }, { width: 10 }, { width: 14 }, { width: 14 }];
  cards.addRow(['单位', '代码', '牌色', '超期未办结', '临期未办结']).font = { bold: true };
  for (const u of [...f.redUnits, ...f.yellowUnits]) cards.addRow([u.name, u.code, COLOUR_NAMES[u.colour], u.red, u.yellow]);

  const cats = wb.addWorksheet(SHEET_NAMES.categories);
  cats.columns = [{ width: 20 }, { width: 12 }, { width: 12 }];
  cats.addRow(['类别', '受理数', '占比']).font = { bold: true };
  for (const c of f.topCategories) cats.addRow([c.name, c.received, c.share]).getCell(3).numFmt = '0.00%';

  const kindSheet = (name: string, title: string, k: KindSection) => {
    const sheet = wb.addWorksheet(name);
    sheet.columns = [{ width: 24 }, { width: 14 }, { width: 14 }, { width: 14 }];
    sheet.addRow([title]).font = { bold: true, size: 12 };
    sheet.addRow([...FIGURE_HEADERS]).font = { bold: true };
    for (const row of k.rows) {
      const r = sheet.addRow([row.label, ...[k.stats, k.previous, k.change].map((v) => v[row.key] ?? NONE)]);
      for (const c of [2, 3, 4]) r.getCell(c).numFmt = NUM_FMT[row.kind];
    }
  };
  if (f.petitions) kindSheet(SHEET_NAMES.petitions, '信访工作（按登记时间）', petitionSection(f.petitions));
  if (f.legalAid) kindSheet(SHEET_NAMES.legalAid, '法律援助（按登记时间）', legalAidSection(f.legalAid));
  if (f.keyPersons) kindSheet(SHEET_NAMES.keyPersons, '重点人员（在册人数为月末数，不含人员信息）', keyPersonSection(f.keyPersons));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const petitionSection = (p: NonNullable<MonthlyReportFigures['petitions']>): KindSection => ({
  rows: PETITION_ROWS,
  stats: { ...p.stats },
  previous: { ...p.previous },
  change: { ...p.change },
});

const legalAidSection = (l: NonNullable<MonthlyReportFigures['legalAid']>): KindSection => ({
  rows: LEGAL_AID_ROWS,
  stats: { ...l.stats },
  previous: { ...l.previous },
  change: { ...l.change },
});

const keyPersonSection = (k: NonNullable<MonthlyReportFigures['keyPersons']>): KindSection => ({
  rows: KEY_PERSON_ROWS,
  stats: { ...k.stats },
  previous: { ...k.previous },
  change: { ...k.change },
});

/**
 * The PDF: one A4 page in the embedded CJK font (subset), the same content as the workbook; the
 * petitions and legal-aid sections may take a second.
 */
export function renderPdf(f: MonthlyReportFigures, font: ReportFont): Promise<Buffer> {
  if (!existsSync(font.path)) throw new Error(`report font not found: ${font.path} (install fonts-wqy-microhei or set REPORT_FONT_PATH)`);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: reportTitle(f), Author: 'Fengqiao', CreationDate: new Date(f.generatedAt), ModDate: new Date(f.generatedAt) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.path, font.family);
  doc.font('cjk');
  const left = doc.page.margins.left;
  const cols = [left, left + 190, left + 290, left + 390];

  doc.fontSize(18).text(reportTitle(f), { align: 'center' });
  doc.moveDown(0.5).fontSize(10).fillColor('#555555');
  doc.text(
    `单位：${f.orgUnit.name}（${f.orgUnit.code}，${LEVEL_NAMES[f.orgUnit.level]}）    统计区间：${f.window.from} 至 ${lastDay(f.window.to)}（北京时间）`,
  );
  doc.text(`上月：${monthLabel(f.previousMonth)}    生成时间：${chinaTime(f.generatedAt)}（北京时间）`);
  doc.fillColor('black').moveDown();

  const row = (cells: string[], size = 11) => {
    const y = doc.y;
    doc.fontSize(size);
    cells.forEach((c, i) => doc.text(c, cols[i]!, y, { width: (cols[i + 1] ?? left + 495) - cols[i]! - 6, lineBreak: false }));
    doc.x = left;
    doc.y = y + size + 8;
  };
  doc.fontSize(13).text('一、主要指标');
  doc.moveDown(0.3);
  row([...FIGURE_HEADERS]);
  doc
    .moveTo(left, doc.y - 4)
    .lineTo(left + 495, doc.y - 4)
    .strokeColor('#999999')
    .stroke();
  for (const r of FIGURE_ROWS)
    row([r.label, formatFigure(r.kind, f.stats[r.key]), formatFigure(r.kind, f.previous[r.key]), formatChange(r.kind, f.change[r.key])]);
  row(['当前预警（红/黄/绿）', `${f.stats.warnings.red} / ${f.stats.warnings.yellow} / ${f.stats.warnings.green}`, '', '']);

  doc.moveDown().fontSize(13).text('二、红黄牌单位', left);
  doc.moveDown(0.3).fontSize(11);
  const cards = [...f.redUnits, ...f.yellowUnits];
  if (!cards.length) doc.text('无', left);
  for (const u of cards) doc.text(`${COLOUR_NAMES[u.colour]}  ${u.name}（${u.code}）：超期未办结 ${u.red} 件，临期未办结 ${u.yellow} 件`, left);
  doc.fontSize(9).fillColor('#555555');
  doc.text(
    `规则：本单位超期未办结案件 ≥ ${f.rules.redMinOverdue} 件为红牌；否则临期（黄色预警）未办结案件 ≥ ${f.rules.yellowMinOpenYellow} 件为黄牌。牌色为生成时的当前状态。`,
    left,
  );
  doc.fillColor('black');

  doc.moveDown().fontSize(13).text('三、受理量最多的案件类别', left);
  doc.moveDown(0.3).fontSize(11);
  if (!f.topCategories.length) doc.text('本月无受理案件', left);
  f.topCategories.forEach((c, i) => doc.text(`${i + 1}. ${c.name}：${c.received} 件（占 ${formatFigure('rate', c.share)}）`, left));

  // The kinds' sections, numbered on from 三 in the order present; each on a new page when the current one is nearly full.
  const kindSections: Array<[string, KindSection, string]> = [];
  if (f.petitions)
    kindSections.push([
      '信访工作',
      petitionSection(f.petitions),
      '及时受理：受理、不予受理或转送告知时受理期限未超期；按期办结：答复时办理期限未超期；参评率、复查率以已答复信访件为基数。',
    ]);
  if (f.legalAid)
    kindSections.push([
      '法律援助',
      legalAidSection(f.legalAid),
      '申请数不含公检法通知辩护（代理）案件；给予率以审查决定数为基数；平均审查天数自申请至决定，不含补充材料期间；按期指派：给予决定或收到通知后三日内指派。',
    ]);
  if (f.keyPersons)
    kindSections.push([
      '重点人员',
      keyPersonSection(f.keyPersons),
      '在册人数及风险等级为月末数；到位率：本月到期的走访见面任务中按期完成的比例；逾期未走访见面、红色预警为月末（或生成时）仍未完成的任务。仅含数量，不含任何人员信息。',
    ]);
  kindSections.forEach(([title, k, note], i) => {
    // Rows are placed by hand: a section that would not fit starts a page.
    if (doc.y > doc.page.height - doc.page.margins.bottom - 16 * (k.rows.length + 4)) doc.addPage();
    else doc.moveDown();
    doc.fontSize(13).text(`${SECTION_NUMBERS[i]}、${title}`, left);
    doc.moveDown(0.3);
    row([...FIGURE_HEADERS]);
    doc
      .moveTo(left, doc.y - 4)
      .lineTo(left + 495, doc.y - 4)
      .strokeColor('#999999')
      .stroke();
    for (const r of k.rows)
      row([r.label, figureText(r.kind, k.stats[r.key] ?? null), figureText(r.kind, k.previous[r.key] ?? null), changeText(r.kind, k.change[r.key] ?? null)]);
    doc.fontSize(9).fillColor('#555555');
    doc.text(note, left);
    doc.fillColor('black');
  });
  doc.end();
  return done;
}
