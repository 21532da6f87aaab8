import type { KeyPersonMonthFigures, LegalAidStatsChange, MonthlyReportFigures, PetitionStatsChange, StatsChange } from '@fengqiao/contracts';

export type Figure = keyof StatsChange;
export type PetitionFigure = keyof PetitionStatsChange;
export type LegalAidFigure = keyof LegalAidStatsChange;
/** How a figure prints: a count, a rate (percent), hours or days (two decimals). */
export type FigureKind = 'count' | 'rate' | 'hours' | 'days';

/** The figures of docs/metrics.md in the order a report prints them, with their Chinese terms. */
export const FIGURE_ROWS: ReadonlyArray<{ key: Figure; label: string; kind: 'count' | 'rate' | 'hours' }> = [
  { key: 'received', label: '受理数', kind: 'count' },
  { key: 'closed', label: '办结数', kind: 'count' },
  { key: 'closureRate', label: '办结率', kind: 'rate' },
  { key: 'resolvedAtFirstContact', label: '当场处置数', kind: 'count' },
  { key: 'mediated', label: '流转调解数', kind: 'count' },
  { key: 'mediationSucceeded', label: '调解成功数', kind: 'count' },
  { key: 'mediationSuccessRate', label: '调解成功率', kind: 'rate' },
  { key: 'resolved', label: '化解数', kind: 'count' },
  { key: 'resolutionRate', label: '化解率', kind: 'rate' },
  { key: 'closedOnTime', label: '按期办结数', kind: 'count' },
  { key: 'onTimeRate', label: '按期办结率', kind: 'rate' },
  { key: 'avgFirstReplyHours', label: '平均响应时间（小时）', kind: 'hours' },
  { key: 'satisfactionRate', label: '满意率', kind: 'rate' },
];

/** The petition figures of docs/metrics.md as the report's petitions section prints them. */
export const PETITION_ROWS: ReadonlyArray<{ key: PetitionFigure; label: string; kind: 'count' | 'rate' }> = [
  { key: 'received', label: '信访件数', kind: 'count' },
  { key: 'acceptanceDue', label: '应受理告知数', kind: 'count' },
  { key: 'acceptedTimely', label: '及时受理数', kind: 'count' },
  { key: 'timelyAcceptanceRate', label: '及时受理率', kind: 'rate' },
  { key: 'replied', label: '办结（已答复）数', kind: 'count' },
  { key: 'repliedOnTime', label: '按期办结数', kind: 'count' },
  { key: 'onTimeClosureRate', label: '按期办结率', kind: 'rate' },
  { key: 'rated', label: '参评数', kind: 'count' },
  { key: 'ratingParticipationRate', label: '参评率', kind: 'rate' },
  { key: 'petitionSatisfactionRate', label: '满意率', kind: 'rate' },
  { key: 'reviewed', label: '申请复查数', kind: 'count' },
  { key: 'reviewRate', label: '复查率', kind: 'rate' },
];

/** The legal-aid figures of docs/metrics.md as the report's legal-aid section prints them. */
export const LEGAL_AID_ROWS: ReadonlyArray<{ key: LegalAidFigure; label: string; kind: FigureKind }> = [
  { key: 'received', label: '法律援助案件数', kind: 'count' },
  { key: 'applications', label: '申请数', kind: 'count' },
  { key: 'notifications', label: '通知辩护（代理）数', kind: 'count' },
  { key: 'decided', label: '审查决定数', kind: 'count' },
  { key: 'granted', label: '给予法律援助数', kind: 'count' },
  { key: 'refused', label: '不予法律援助数', kind: 'count' },
  { key: 'grantRate', label: '给予率', kind: 'rate' },
  { key: 'avgDecisionDays', label: '平均审查天数', kind: 'days' },
  { key: 'assigned', label: '指派数', kind: 'count' },
  { key: 'assignedOnTime', label: '按期指派数', kind: 'count' },
  { key: 'onTimeAssignmentRate', label: '按期指派率', kind: 'rate' },
  { key: 'ratings', label: '评价数', kind: 'count' },
  { key: 'legalAidSatisfactionRate', label: '满意率', kind: 'rate' },
  { key: 'withdrawn', label: '撤回数', kind: 'count' },
  { key: 'terminated', label: '终止数', kind: 'count' },
  { key: 'objections', label: '异议数', kind: 'count' },
];

/** The key-person figures of docs/metrics.md as the report's key-person section prints them (counts only). */
export const KEY_PERSON_ROWS: ReadonlyArray<{ key: keyof KeyPersonMonthFigures; label: string; kind: FigureKind }> = [
  { key: 'onRegister', label: '月末在册重点人员', kind: 'count' },
  { key: 'high', label: '其中高风险', kind: 'count' },
  { key: 'medium', label: '其中中风险', kind: 'count' },
  { key: 'low', label: '其中低风险', kind: 'count' },
  { key: 'contactsDue', label: '应走访见面数', kind: 'count' },
  { key: 'contactsOnTime', label: '按期走访见面数', kind: 'count' },
  { key: 'contactCompliance', label: '走访见面到位率', kind: 'rate' },
  { key: 'overdueContacts', label: '逾期未走访见面数', kind: 'count' },
  { key: 'red', label: '红色预警数', kind: 'count' },
];

/** `2026-11` → `2026年11月`. */
export const monthLabel = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;

export const reportTitle = (f: Pick<MonthlyReportFigures, 'month' | 'orgUnit'>) => `${f.orgUnit.name}${monthLabel(f.month)}平安动态`;

/** The last day of the window (`to` is exclusive), for "2026-11-01 至 2026-11-30". */
export function lastDay(to: string): string {
  const d = new Date(Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)) - 1, Number(to.slice(8, 10))) - 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** A figure as printed: rates as percentages with two decimals (0.8201 → 82.01%). */
export function formatFigure(kind: FigureKind, v: number): string {
  if (kind === 'rate') return `${(v * 100).toFixed(2)}%`;
  if (kind === 'hours' || kind === 'days') return v.toFixed(2);
  return String(v);
}

/** A change as printed, with its sign; rates in percentage points. */
export function formatChange(kind: FigureKind, v: number): string {
  const sign = v > 0 ? '+' : v < 0 ? '−' : '±';
  const abs = Math.abs(v);
  if (kind === 'rate') return `${sign}${(abs * 100).toFixed(2)}个百分点`;
  if (kind === 'hours' || kind === 'days') return `${sign}${abs.toFixed(2)}`;
  return `${sign}${abs}`;
}

export const COLOUR_NAMES = { red: '红牌', yellow: '黄牌' } as const;

/** `安定区-2026年11月平安动态.xlsx`. */
export const reportFilename = (f: { orgUnitName: string; month: string }, ext: string) => `${f.orgUnitName}-${monthLabel(f.month)}平安动态.${ext}`;

/** An instant in Beijing time, `2026-12-05 08:00:03`. */
export const chinaTime = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
