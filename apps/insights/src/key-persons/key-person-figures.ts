import {
  KEY_PERSON_RISK_LEVELS,
  type BoardKeyPersonsTile,
  type KeyPersonMonthFigures,
  type KeyPersonRiskLevel,
  type KeyPersonStatsView,
} from '@fengqiao/contracts';
import { ratio } from '../stats/stats-metrics';

/** What the read model counts for one subtree and window end (docs/metrics.md, "Key persons"). */
export interface KeyPersonCounts {
  /** On the register at the end, by category, risk level then and unit (the asked unit's child, or the unit itself). */
  onRegister: Array<{ category: string; riskLevel: string; unit: string; n: number }>;
  contactsDue: number;
  contactsOnTime: number;
  overdueContacts: number;
  yellow: number;
  red: number;
}

export const NO_KEY_PERSON_COUNTS: KeyPersonCounts = { onRegister: [], contactsDue: 0, contactsOnTime: 0, overdueContacts: 0, yellow: 0, red: 0 };

const add = (r: Record<string, number>, k: string, n: number) => void (r[k] = (r[k] ?? 0) + n);

/** `GET /api/v1/key-persons/stats`: counts and codes only. */
export function keyPersonStatsView(orgUnit: string, c: KeyPersonCounts): KeyPersonStatsView {
  const byCategory: Record<string, number> = {};
  const byRiskLevel = Object.fromEntries(KEY_PERSON_RISK_LEVELS.map((l) => [l, 0])) as Record<KeyPersonRiskLevel, number>;
  const byUnit: Record<string, number> = {};
  let onRegister = 0;
  for (const r of c.onRegister) {
    onRegister += r.n;
    add(byCategory, r.category, r.n);
    // A level no version of the register knows would be counted under no level: it cannot arise from the events' check.
    if (r.riskLevel in byRiskLevel) byRiskLevel[r.riskLevel as KeyPersonRiskLevel] += r.n;
    add(byUnit, r.unit, r.n);
  }
  return {
    orgUnit,
    onRegister,
    byCategory,
    byRiskLevel,
    byUnit,
    contactsDue: c.contactsDue,
    contactsOnTime: c.contactsOnTime,
    contactCompliance: c.contactsDue > 0 ? ratio(BigInt(c.contactsOnTime), BigInt(c.contactsDue)) : null,
    overdueContacts: c.overdueContacts,
    warnings: { yellow: c.yellow, red: c.red },
  };
}

/** The board's tile: the same figures now, without the breakdowns. */
export function keyPersonsTile(v: KeyPersonStatsView): BoardKeyPersonsTile {
  return { onRegister: v.onRegister, yellow: v.warnings.yellow, red: v.warnings.red, overdueContacts: v.overdueContacts };
}

/** The monthly report's key-person figures (flat, so a section prints them row by row). */
export function keyPersonMonthFigures(v: KeyPersonStatsView): KeyPersonMonthFigures {
  return {
    onRegister: v.onRegister,
    low: v.byRiskLevel.low,
    medium: v.byRiskLevel.medium,
    high: v.byRiskLevel.high,
    contactsDue: v.contactsDue,
    contactsOnTime: v.contactsOnTime,
    contactCompliance: v.contactCompliance,
    overdueContacts: v.overdueContacts,
    red: v.warnings.red,
  };
}

/** This month minus the month before; compliance to 4 decimals, null when either month had no contact due. */
export function keyPersonMonthChange(now: KeyPersonMonthFigures, before: KeyPersonMonthFigures): KeyPersonMonthFigures {
  const out = { ...now };
  for (const k of Object.keys(now) as Array<keyof KeyPersonMonthFigures>) {
    const [a, b] = [now[k], before[k]];
    (out as Record<string, number | null>)[k] = a === null || b === null ? null : Math.round((a - b) * 10_000) / 10_000;
  }
  return out;
}
