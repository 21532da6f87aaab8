import { z } from 'zod';
import { CHINA_OFFSET_MS } from '@fengqiao/calendar';
import { CASE_KINDS } from '../cases/case.schema';

/** `GET /api/v1/stats` (docs/api.md; definitions in docs/metrics.md). */
export interface StatsView {
  received: number;
  closed: number;
  closureRate: number;
  resolvedAtFirstContact: number;
  mediated: number;
  mediationSucceeded: number;
  mediationSuccessRate: number;
  resolved: number;
  resolutionRate: number;
  closedOnTime: number;
  onTimeRate: number;
  avgFirstReplyHours: number;
  satisfactionRate: number;
  warnings: { green: number; yellow: number; red: number };
  /** Only with `kind=petition`: the petition figures (docs/metrics.md, "Petitions"). */
  petition?: PetitionStatsView;
  /** Only with `kind=legal-aid`: the legal-aid figures (docs/metrics.md, "Legal aid"). */
  legalAid?: LegalAidStatsView;
}

/** The figures petition work is judged on, over the petitions registered in the window. */
export interface PetitionStatsView {
  /** Petitions registered. */
  received: number;
  /** Acceptance decisions due: decided (accepted, not accepted, forwarded), or undecided with the acceptance clock red. */
  acceptanceDue: number;
  acceptedTimely: number;
  /** 及时受理率: `acceptedTimely / acceptanceDue`. */
  timelyAcceptanceRate: number;
  /** Petitions with a written reply (handling concluded). */
  replied: number;
  repliedOnTime: number;
  /** 按期办结率: `repliedOnTime / replied`. */
  onTimeClosureRate: number;
  /** Replied petitions the petitioner rated. */
  rated: number;
  /** 参评率: `rated / replied`. */
  ratingParticipationRate: number;
  /** 满意率: ratings 4–5 (satisfied, basically satisfied) over all ratings of petitions. */
  petitionSatisfactionRate: number;
  /** Replied petitions whose petitioner asked for review (复查). */
  reviewed: number;
  /** 复查率: `reviewed / replied`. */
  reviewRate: number;
}

/**
 * The figures legal-aid work is judged on, over the legal-aid cases registered in the window
 * (docs/metrics.md, "Legal aid"; step names in `LegalAidSteps`). Each count is of cases.
 */
export interface LegalAidStatsView {
  /** Legal-aid cases registered. */
  received: number;
  /** 申请数: cases whose application was recorded (`legal-aid-applied`), criminal notifications aside. */
  applications: number;
  /** 通知辩护（代理）数: criminal cases notified by police, procuratorate or court (`legal-aid-notified`, §36). */
  notifications: number;
  /** Review decisions made: `granted + refused` (notified cases have none). */
  decided: number;
  granted: number;
  refused: number;
  /** 给予率: `granted / decided`. */
  grantRate: number;
  /** 平均审查天数: mean days from the application to the decision, the wait for requested materials excluded (4 decimals). */
  avgDecisionDays: number;
  /** Cases with a provider assigned (`legal-aid-assigned`). */
  assigned: number;
  assignedOnTime: number;
  /** 按期指派率: `assignedOnTime / assigned` (within 3 days of the grant or the notification). */
  onTimeAssignmentRate: number;
  /** Ratings given on legal-aid cases. */
  ratings: number;
  /** 满意率: ratings 4–5 over all ratings of legal-aid cases. */
  legalAidSatisfactionRate: number;
  /** Cases withdrawn by the applicant, or deemed withdrawn (materials not supplied in time). */
  withdrawn: number;
  /** Cases whose aid was terminated (§48). */
  terminated: number;
  /** Objections to a refusal or termination (§49). */
  objections: number;
}

/** Who may read statistics (docs/api.md); insights checks again behind the gateway. */
export const STATS_ROLES = ['leader', 'admin', 'clerk', 'mediator'] as const;

const ORG_UNIT = /^\d{6}[0-9A-Za-z-]*$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * An ISO date (a China-time midnight) or date-time (without an offset: China time) as epoch
 * ms; undefined when it is not one or names a day that does not exist (2026-02-30).
 */
export function parseStatsInstant(v: string): number | undefined {
  const d = DATE.exec(v);
  const t = d ? undefined : DATE_TIME.exec(v);
  const m = d ?? t;
  if (!m) return undefined;
  const [y, mo, da] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, da));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== da) return undefined;
  if (d) return day.getTime() - CHINA_OFFSET_MS;
  const [h, mi] = [Number(t![4]), Number(t![5])];
  if (h > 23 || mi > 59 || Number(t![6] ?? 0) > 59) return undefined;
  const zone = t![7];
  const ms = Date.parse(zone ? v : `${v}+08:00`);
  return Number.isNaN(ms) ? undefined : ms;
}

const instant = z
  .string()
  .refine((v) => parseStatsInstant(v) !== undefined, '须为 ISO 日期或日期时间 / must be an ISO date (2026-01-31) or date-time')
  .transform((v) => parseStatsInstant(v)!);

/** The query string of `GET /api/v1/stats`: window `[from, to)` by registration time. */
export const statsQuerySchema = z
  .object({
    orgUnit: z.string().regex(ORG_UNIT, '须为行政区划代码 / must be an org-unit code such as 621102101').optional(),
    kind: z.enum(CASE_KINDS, { errorMap: () => ({ message: `须为 ${CASE_KINDS.join(', ')} 之一 / must be one of ${CASE_KINDS.join(', ')}` }) }).optional(),
    from: instant.optional(),
    to: instant.optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.from !== undefined && q.to !== undefined && q.from >= q.to) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['to'], message: '须晚于 from / must be after from' });
    }
  });

export type StatsQuery = z.infer<typeof statsQuerySchema>;

/**
 * The query string of `GET /api/v1/key-persons/stats` (docs/metrics.md, "Key persons"): the unit's
 * subtree and the window `[from, to)` whose end the register is counted at (now when absent or later).
 */
export const keyPersonStatsQuerySchema = z
  .object({
    orgUnit: z.string().regex(ORG_UNIT, '须为行政区划代码 / must be an org-unit code such as 621102101').optional(),
    from: instant.optional(),
    to: instant.optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.from !== undefined && q.to !== undefined && q.from >= q.to) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['to'], message: '须晚于 from / must be after from' });
    }
  });

export type KeyPersonStatsQuery = z.infer<typeof keyPersonStatsQuerySchema>;
