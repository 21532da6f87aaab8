import { z } from 'zod';
import { CHINA_OFFSET_MS } from '@fengqiao/calendar';
import type { LegalAidStatsView, PetitionStatsView, StatsView } from '../stats/stats';

/**
 * The monthly situation report (每月5日发布上月平安动态, docs/metrics.md): one report per county and
 * township per month, built by insights' activities under the `monthlyReport` workflow.
 */
export const MONTHLY_REPORT_WORKFLOW = 'monthlyReport';

/** The orchestrator's Schedule that starts `monthlyReport` on the 5th; an isolation prefix goes in front. */
export const monthlyReportScheduleId = (prefix?: string) => (prefix ? `${prefix}.monthly-report` : 'monthly-report');

/** An admin's run for one month (and optionally one unit); a second request while it runs joins it. */
export const monthlyReportWorkflowId = (month: string, orgUnit: string | undefined, prefix?: string) => {
  const id = `monthly-report-${month}-${orgUnit ?? 'all'}`;
  return prefix ? `${prefix}.${id}` : id;
};

/** Who may list and read stored reports, and who may order a run (docs/api.md, Statistics, board and reports). */
export const REPORT_READER_ROLES = ['leader', 'admin'] as const;
export const REPORT_TRIGGER_ROLES = ['admin'] as const;

export const REPORT_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const ORG_UNIT = /^\d{6}[0-9A-Za-z-]*$/;

/** `[first day of the month, first day of the next)` as China-time dates and epoch ms. */
export function monthWindow(month: string): { from: string; to: string; fromMs: number; toMs: number } {
  const m = REPORT_MONTH.exec(month);
  if (!m) throw new RangeError(`not a month: ${month}`);
  const [y, mo] = [Number(m[1]), Number(m[2])];
  const next = mo === 12 ? { y: y + 1, mo: 1 } : { y, mo: mo + 1 };
  const iso = (yy: number, mm: number) => `${String(yy).padStart(4, '0')}-${String(mm).padStart(2, '0')}-01`;
  return {
    from: iso(y, mo),
    to: iso(next.y, next.mo),
    fromMs: Date.UTC(y, mo - 1, 1) - CHINA_OFFSET_MS,
    toMs: Date.UTC(next.y, next.mo - 1, 1) - CHINA_OFFSET_MS,
  };
}

/** The China-time month (`YYYY-MM`) an instant falls in. */
export function chinaMonth(ms: number): string {
  const d = new Date(ms + CHINA_OFFSET_MS);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The month before a month (`2027-01` → `2026-12`). */
export function monthBefore(month: string): string {
  const m = REPORT_MONTH.exec(month);
  if (!m) throw new RangeError(`not a month: ${month}`);
  const [y, mo] = [Number(m[1]), Number(m[2])];
  return mo === 1 ? `${String(y - 1).padStart(4, '0')}-12` : `${m[1]}-${String(mo - 1).padStart(2, '0')}`;
}

/** The month a run at `ms` reports on: the China-time month before it (a run on 2026-12-05 reports 2026-11). */
export const previousChinaMonth = (ms: number) => monthBefore(chinaMonth(ms));

export interface MonthlyReportInput {
  /** `YYYY-MM`; absent on scheduled runs: the month before the scheduled time, in China time. */
  month?: string;
  /** Only these units; absent: every county and township the read model knows. */
  orgUnits?: string[];
  /** Test isolation: prefix of the insights task queue. */
  queuePrefix?: string;
  /** Username of the admin who ordered the run (absent for the Schedule). */
  requestedBy?: string;
}

export interface MonthlyReportResult {
  month: string;
  reports: Array<{ id: string; orgUnit: string }>;
}

export type ReportUnitLevel = 'city' | 'county' | 'township';

export interface ReportUnit {
  code: string;
  name: string;
  level: ReportUnitLevel;
  /** Materialised path (`/621100/621102/`): the subtree the figures cover. */
  path: string;
}

/** A unit of the subtree whose own open cases give it a red or yellow card. */
export interface ReportUnitCard {
  code: string;
  name: string;
  colour: 'red' | 'yellow';
  /** Its own open cases that are overdue (red) and near their deadline (yellow), now. */
  red: number;
  yellow: number;
}

export interface ReportCategory {
  category: string;
  name: string;
  received: number;
  /** Of the unit's received in the month, rounded half-up to 4 decimals. */
  share: number;
}

/** The numbers of `StatsView` (warnings and the per-kind blocks aside): this month minus the month before. */
export type StatsChange = Omit<{ [K in keyof StatsView]-?: number }, 'warnings' | 'petition' | 'legalAid'>;

/** The petition figures this month minus the month before. */
export type PetitionStatsChange = { [K in keyof PetitionStatsView]: number };

/** The legal-aid figures this month minus the month before. */
export type LegalAidStatsChange = { [K in keyof LegalAidStatsView]: number };

/**
 * The key-person register of a month (counts only; docs/metrics.md, "Key persons"): `GET
 * /api/v1/key-persons/stats?orgUnit=<unit>&from=<from>&to=<to>` flattened — on the register at the
 * month's end by risk level, contact compliance over the month, overdue contacts and red warnings at its end.
 */
export interface KeyPersonMonthFigures {
  onRegister: number;
  low: number;
  medium: number;
  high: number;
  contactsDue: number;
  contactsOnTime: number;
  /** `contactsOnTime / contactsDue`; null when no contact was due. */
  contactCompliance: number | null;
  overdueContacts: number;
  red: number;
}

/** This month minus the month before; the compliance change is null when either month had nothing due. */
export type KeyPersonMonthChange = { [K in keyof KeyPersonMonthFigures]: KeyPersonMonthFigures[K] };

/** The stored figures of one report (`GET /api/v1/reports/{id}`). */
export interface MonthlyReportFigures {
  month: string;
  orgUnit: ReportUnit;
  /** `[from, to)`: China-time dates, as `GET /api/v1/stats?from=&to=` takes them. */
  window: { from: string; to: string };
  previousMonth: string;
  /** Exactly `GET /api/v1/stats?orgUnit=<unit>&from=<from>&to=<to>`. */
  stats: StatsView;
  previous: StatsView;
  change: StatsChange;
  /**
   * Only when petitions were registered in the month: exactly the `petition` block of
   * `GET /api/v1/stats?orgUnit=<unit>&kind=petition&from=<from>&to=<to>`, the month before and the change.
   */
  petitions?: { stats: PetitionStatsView; previous: PetitionStatsView; change: PetitionStatsChange };
  /**
   * Only when legal-aid cases were registered in the month: exactly the `legalAid` block of
   * `GET /api/v1/stats?orgUnit=<unit>&kind=legal-aid&from=<from>&to=<to>`, the month before and the change.
   */
  legalAid?: { stats: LegalAidStatsView; previous: LegalAidStatsView; change: LegalAidStatsChange };
  /** Only when the subtree had persons on the key-person register at the month's end or contacts due in it. */
  keyPersons?: { stats: KeyPersonMonthFigures; previous: KeyPersonMonthFigures; change: KeyPersonMonthChange };
  /** Cards at the time the report was built (the board's colours are current, not historical). */
  redUnits: ReportUnitCard[];
  yellowUnits: ReportUnitCard[];
  topCategories: ReportCategory[];
  /** Thresholds the cards and the category list were drawn with (configuration). */
  rules: { redMinOverdue: number; yellowMinOpenYellow: number; topCategories: number };
  generatedAt: string;
}

/** A stored report as the list shows it. */
export interface ReportSummary {
  id: string;
  month: string;
  orgUnit: string;
  orgUnitName: string;
  level: ReportUnitLevel;
  generatedAt: string;
  received: number;
  files: { xlsx: string; pdf: string };
}

export interface ReportView extends ReportSummary {
  figures: MonthlyReportFigures;
}

/** A rendered file over NATS (base64: a few dozen kB, well inside a NATS message). */
export interface ReportFile {
  filename: string;
  contentType: string;
  base64: string;
}

export const REPORT_FORMATS = ['xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/** Activities insights runs on its `insights` queue for the workflow. */
export interface ReportsActivities {
  reportUnits(input: { orgUnits?: string[] }): Promise<ReportUnit[]>;
  buildMonthlyReport(input: { month: string; unit: ReportUnit }): Promise<MonthlyReportFigures>;
  /** Stores the figures and their XLSX and PDF; idempotent per (month, org unit). */
  storeMonthlyReport(input: { figures: MonthlyReportFigures; workflowId: string }): Promise<{ id: string }>;
}

/** `POST /api/v1/reports/monthly` (admin). The month must not lie in the future (China time). */
export const monthlyReportRequestSchema = z
  .object({
    month: z.string().regex(REPORT_MONTH, '须为 YYYY-MM 格式的月份 / must be a month such as 2026-10'),
    orgUnit: z.string().regex(ORG_UNIT, '须为行政区划代码 / must be an org-unit code such as 621102101').optional(),
  })
  .strict();

export type MonthlyReportRequest = z.infer<typeof monthlyReportRequestSchema>;

/** `GET /api/v1/reports?orgUnit=&month=&page=&pageSize=`. */
export const reportListQuerySchema = z
  .object({
    orgUnit: z.string().regex(ORG_UNIT, '须为行政区划代码 / must be an org-unit code such as 621102101').optional(),
    month: z.string().regex(REPORT_MONTH, '须为 YYYY-MM 格式的月份 / must be a month such as 2026-10').optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const REPORT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
