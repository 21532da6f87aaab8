import {
  monthBefore,
  monthWindow,
  type LegalAidStatsChange,
  type LegalAidStatsView,
  type MonthlyReportFigures,
  type PetitionStatsChange,
  type PetitionStatsView,
  type ReportsActivities,
  type ReportUnit,
  type StatsChange,
  type StatsView,
} from '@fengqiao/contracts';
import { legalAidStatsFromTotals, petitionStatsFromTotals, ratio, statsFromTotals } from '../stats/stats-metrics';
import type { StatsRepository } from '../stats/stats.repository';
import { FIGURE_ROWS, LEGAL_AID_ROWS, PETITION_ROWS } from './report-labels';
import { renderPdf, renderXlsx, type ReportFont } from './report-render';
import { reportLevel, SCHEDULED_LEVELS } from './report-units';
import type { ReportsRepository } from './reports.repository';
import type { KeyPersonStatsRepository } from '../key-persons/key-person-stats.repository';
import { keyPersonMonthChange, keyPersonMonthFigures, keyPersonStatsView } from '../key-persons/key-person-figures';

export interface ReportRules {
  /** A unit with at least this many of its own open cases overdue (red) gets a red card. */
  redMinOverdue: number;
  /** Otherwise, with at least this many of its own open cases yellow, a yellow card. */
  yellowMinOpenYellow: number;
  /** How many categories the report lists, by cases received. */
  topCategories: number;
}

export interface ReportsActivitiesDeps {
  reports: ReportsRepository;
  stats: StatsRepository;
  /** The key-person register's figures (the report's key-person section); without it, no such section. */
  keyPersons?: KeyPersonStatsRepository;
  rules: ReportRules;
  font: ReportFont;
  now?: () => number;
}

/** This month minus the month before, per figure; rates and hours kept to 4 decimals. */
export function statsChange(now: StatsView, before: StatsView): StatsChange {
  return Object.fromEntries(FIGURE_ROWS.map(({ key }) => [key, Math.round((now[key] - before[key]) * 10_000) / 10_000])) as StatsChange;
}

export function petitionStatsChange(now: PetitionStatsView, before: PetitionStatsView): PetitionStatsChange {
  return Object.fromEntries(PETITION_ROWS.map(({ key }) => [key, Math.round((now[key] - before[key]) * 10_000) / 10_000])) as PetitionStatsChange;
}

export function legalAidStatsChange(now: LegalAidStatsView, before: LegalAidStatsView): LegalAidStatsChange {
  return Object.fromEntries(LEGAL_AID_ROWS.map(({ key }) => [key, Math.round((now[key] - before[key]) * 10_000) / 10_000])) as LegalAidStatsChange;
}

/** Insights' activities for the `monthlyReport` workflow (on the `insights` task queue). */
export function createReportsActivities(d: ReportsActivitiesDeps): ReportsActivities {
  const now = d.now ?? Date.now;
  const statsOf = async (unit: ReportUnit, month: string) => {
    const w = monthWindow(month);
    return statsFromTotals(await d.stats.totals({ pathPrefix: unit.path, from: w.fromMs, to: w.toMs }));
  };
  const petitionsOf = async (unit: ReportUnit, month: string) => {
    const w = monthWindow(month);
    return petitionStatsFromTotals(await d.stats.totals({ pathPrefix: unit.path, kind: 'petition', from: w.fromMs, to: w.toMs }));
  };
  const legalAidOf = async (unit: ReportUnit, month: string) => {
    const w = monthWindow(month);
    return legalAidStatsFromTotals(await d.stats.totals({ pathPrefix: unit.path, kind: 'legal-aid', from: w.fromMs, to: w.toMs }));
  };
  /** `GET /api/v1/key-persons/stats` over the month: the register at its end (never later than now). */
  const keyPersonsOf = async (unit: ReportUnit, month: string) => {
    if (!d.keyPersons) return undefined;
    const w = monthWindow(month);
    const counts = await d.keyPersons.counts({ pathPrefix: unit.path, orgUnit: unit.code, from: w.fromMs, to: w.toMs, end: Math.min(w.toMs, now()) });
    return keyPersonMonthFigures(keyPersonStatsView(unit.code, counts));
  };
  return {
    async reportUnits({ orgUnits }) {
      const rows = await d.reports.units(orgUnits?.length ? orgUnits : undefined);
      const units: ReportUnit[] = [];
      for (const r of rows) {
        const level = reportLevel(r.code);
        if (!level || (!orgUnits?.length && !SCHEDULED_LEVELS.includes(level))) continue;
        units.push({ code: r.code, name: r.name ?? r.code, level, path: r.path });
      }
      return units;
    },

    async buildMonthlyReport({ month, unit }): Promise<MonthlyReportFigures> {
      const w = monthWindow(month);
      const previousMonth = monthBefore(month);
      const [stats, previous, petitions, petitionsBefore, legalAid, legalAidBefore, keyPersons, keyPersonsBefore, cards, categories] = await Promise.all([
        statsOf(unit, month),
        statsOf(unit, previousMonth),
        petitionsOf(unit, month),
        petitionsOf(unit, previousMonth),
        legalAidOf(unit, month),
        legalAidOf(unit, previousMonth),
        keyPersonsOf(unit, month),
        keyPersonsOf(unit, previousMonth),
        d.reports.cards(unit.path, d.rules.redMinOverdue, d.rules.yellowMinOpenYellow),
        d.reports.topCategories(unit.path, w.from, w.to, d.rules.topCategories),
      ]);
      return {
        month,
        orgUnit: unit,
        window: { from: w.from, to: w.to },
        previousMonth,
        stats,
        previous,
        change: statsChange(stats, previous),
        // The petitions section only for a month with petitions (most townships' months have none).
        ...(petitions.received > 0
          ? { petitions: { stats: petitions, previous: petitionsBefore, change: petitionStatsChange(petitions, petitionsBefore) } }
          : {}),
        // Likewise legal aid, only for a month with legal-aid cases registered.
        ...(legalAid.received > 0 ? { legalAid: { stats: legalAid, previous: legalAidBefore, change: legalAidStatsChange(legalAid, legalAidBefore) } } : {}),
        // Key persons when the subtree keeps a register: someone on it at the month's end, or a contact due in the month.
        ...(keyPersons && keyPersonsBefore && (keyPersons.onRegister > 0 || keyPersons.contactsDue > 0)
          ? { keyPersons: { stats: keyPersons, previous: keyPersonsBefore, change: keyPersonMonthChange(keyPersons, keyPersonsBefore) } }
          : {}),
        redUnits: cards.filter((c) => c.colour === 'red'),
        yellowUnits: cards.filter((c) => c.colour === 'yellow'),
        topCategories: categories.map((c) => ({ ...c, share: ratio(BigInt(c.received), BigInt(stats.received)) })),
        rules: { ...d.rules },
        generatedAt: new Date(now()).toISOString(),
      };
    },

    async storeMonthlyReport({ figures, workflowId }) {
      const [xlsx, pdf] = await Promise.all([renderXlsx(figures), renderPdf(figures, d.font)]);
      return { id: await d.reports.store(figures, { xlsx, pdf }, workflowId) };
    },
  };
}
