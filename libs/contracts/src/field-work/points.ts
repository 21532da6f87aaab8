import { z } from 'zod';
import { FIELD_REPORT_KINDS, type FieldReportKind } from './field-report';

/**
 * Participation points (积分): a resident's field report verified by a grid worker (event
 * `cn.fengqiao.field-report.verified.v1`) earns points by the rule set in force; a clerk redeems them
 * for an item at the "safety supermarket" (平安超市). One ledger per resident, append-only (award,
 * redeem, adjust), its balance kept in the same transaction as each entry; every change audited.
 *
 * A ledger belongs to the unit of the grid of the resident's first verified report (`path`): a clerk
 * whose jurisdiction covers that unit reads and redeems it.
 *
 * Routes (gateway → intake):
 * - `GET  /api/v1/points/me` → PointsLedgerView (resident: their own)
 * - `GET  /api/v1/points/residents?username=` → PointsAccountSummary[] (clerk, leader, admin: their jurisdiction)
 * - `GET  /api/v1/points/residents/{sub}` → PointsLedgerView (clerk, leader, admin: their jurisdiction)
 * - `POST /api/v1/points/residents/{sub}/redemptions` → 201 PointsLedgerView (clerk: their jurisdiction; Idempotency-Key)
 * - `POST /api/v1/points/residents/{sub}/adjustments` → 201 PointsLedgerView (leader, admin: their jurisdiction; Idempotency-Key)
 * - `GET  /api/v1/points/rules` → PointsRulesVersion (clerk, leader, admin)
 * - `PUT  /api/v1/points/rules` → PointsRulesVersion, a new version (admin)
 */

/** How a verified report was handled: settled on the spot or sent to the centre. */
export const POINTS_OUTCOMES = ['settled', 'sent'] as const;
export type PointsOutcome = (typeof POINTS_OUTCOMES)[number];

/** Most points one rule grants, and one redemption costs (a sanity bound, not a policy). */
export const MAX_RULE_POINTS = 1000;
export const MAX_REDEMPTION_POINTS = 100_000;

/** One rule: a report of this kind, category and outcome (`*` for any) earns `points`. */
export const pointsRuleSchema = z
  .object({
    kind: z.union([z.enum(FIELD_REPORT_KINDS), z.literal('*')]),
    /** A routing category code (as a report's `category`), or `*`. */
    category: z.string().trim().min(1).max(64),
    outcome: z.union([z.enum(POINTS_OUTCOMES), z.literal('*')]),
    points: z.number().int().min(0).max(MAX_RULE_POINTS),
  })
  .strict();
export type PointsRule = z.infer<typeof pointsRuleSchema>;

const ruleKey = (r: Pick<PointsRule, 'kind' | 'category' | 'outcome'>) => `${r.kind}|${r.category}|${r.outcome}`;

/** Body of `PUT /api/v1/points/rules`: the whole set, with a `* × * × *` fallback and no rule twice. */
export const pointsRuleSetSchema = z
  .object({
    rules: z.array(pointsRuleSchema).min(1).max(500),
    /** Most points one resident earns in a China day (null: no cap). */
    dailyCap: z.number().int().min(1).max(100_000).nullable(),
    note: z.string().trim().max(200).optional(),
  })
  .strict()
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    set.rules.forEach((r, i) => {
      const k = ruleKey(r);
      if (seen.has(k)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['rules', i], message: '规则重复 / duplicate kind × category × outcome' });
      seen.add(k);
    });
    if (!seen.has('*|*|*'))
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['rules'], message: '须含 * × * × * 兜底规则 / a * × * × * fallback rule is required' });
  });
export type PointsRuleSet = z.infer<typeof pointsRuleSetSchema>;

export interface PointsRulesVersion {
  version: number;
  rules: PointsRule[];
  dailyCap: number | null;
  note: string | null;
  publishedBy: string;
  publishedAt: string;
}

/**
 * The rule in force for a report: the one matching the most of kind, category and outcome exactly
 * (the others `*`); between equally specific ones, kind before category before outcome. Pure.
 */
export function matchPointsRule(rules: readonly PointsRule[], report: { kind: FieldReportKind; category: string; outcome: PointsOutcome }): PointsRule {
  let best: { rule: PointsRule; score: number } | undefined;
  for (const rule of rules) {
    const fits =
      (rule.kind === '*' || rule.kind === report.kind) &&
      (rule.category === '*' || rule.category === report.category) &&
      (rule.outcome === '*' || rule.outcome === report.outcome);
    if (!fits) continue;
    const score = (rule.kind === '*' ? 0 : 4) + (rule.category === '*' ? 0 : 2) + (rule.outcome === '*' ? 0 : 1);
    if (!best || score > best.score) best = { rule, score };
  }
  if (!best) throw new Error('points rules without a * × * × * fallback');
  return best.rule;
}

/** What an award grants under the daily cap: the rule's points, cut to what is left of the day's cap. Pure. */
export function cappedAward(rulePoints: number, earnedToday: number, dailyCap: number | null): number {
  if (dailyCap === null) return rulePoints;
  return Math.max(0, Math.min(rulePoints, dailyCap - earnedToday));
}

/** The first published rule set (the demo county's, and any new deployment's until an admin publishes). */
export const DEFAULT_POINTS_RULES: PointsRuleSet = {
  rules: [
    { kind: 'hazard', category: '*', outcome: 'settled', points: 5 },
    { kind: 'hazard', category: '*', outcome: 'sent', points: 8 },
    { kind: 'dispute', category: '*', outcome: 'sent', points: 10 },
    { kind: 'dispute', category: '*', outcome: 'settled', points: 6 },
    { kind: '*', category: '*', outcome: '*', points: 2 },
  ],
  dailyCap: 30,
  note: '默认规则 / default rules',
};

/** Body of `POST /api/v1/points/residents/{sub}/redemptions`: the item handed over and what it costs. */
export const pointsRedemptionSchema = z
  .object({
    item: z.string().trim().min(1).max(100),
    points: z.number().int().min(1).max(MAX_REDEMPTION_POINTS),
    note: z.string().trim().max(200).optional(),
  })
  .strict();
export type PointsRedemption = z.infer<typeof pointsRedemptionSchema>;

/** Body of `POST /api/v1/points/residents/{sub}/adjustments`: a correction (a report found untrue later, a mistake), signed. */
export const pointsAdjustmentSchema = z
  .object({
    points: z
      .number()
      .int()
      .min(-MAX_REDEMPTION_POINTS)
      .max(MAX_REDEMPTION_POINTS)
      .refine((n) => n !== 0, '调整分值不能为 0 / an adjustment is not 0'),
    reason: z.string().trim().min(1).max(200),
  })
  .strict();
export type PointsAdjustment = z.infer<typeof pointsAdjustmentSchema>;

/** A resident's subject (Keycloak `sub`) as a path parameter. */
export const residentSubSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/);

/** Query of `GET /api/v1/points/residents`. */
export const pointsAccountQuerySchema = z.object({ username: z.string().trim().min(1).max(100).optional() }).strict();

export const POINTS_ENTRY_KINDS = ['award', 'redeem', 'adjust'] as const;
export type PointsEntryKind = (typeof POINTS_ENTRY_KINDS)[number];

/** One ledger entry: `points` signed (an award adds, a redemption subtracts), `balance` after it. */
export interface PointsEntryView {
  seq: number;
  kind: PointsEntryKind;
  points: number;
  balance: number;
  at: string;
  /** Award: the report, the rule version applied, and whether the daily cap cut it. */
  reportId?: string;
  ruleVersion?: number;
  capped?: boolean;
  /** Redemption: the item. */
  item?: string;
  note?: string;
  /** Who made the entry (the clerk; for an award, the grid worker who verified the report). */
  by: string;
}

export interface PointsAccountSummary {
  residentSub: string;
  residentUsername: string;
  /** The unit the ledger belongs to: the grid of the first verified report. */
  gridCode: string;
  path: string;
  balance: number;
  updatedAt: string;
}

/** A resident's ledger: the balance and the newest entries first (at most 200). */
export interface PointsLedgerView {
  residentSub: string;
  residentUsername: string | null;
  gridCode: string | null;
  balance: number;
  entries: PointsEntryView[];
}

/** What the points consumer reads of a `field-report.verified` event (FieldReportVerifiedData): checked before it awards. */
export const pointsAwardSourceSchema = z.object({
  reportId: z.string().min(1).max(100),
  residentSub: residentSubSchema,
  residentUsername: z.string().min(1).max(100),
  kind: z.enum(FIELD_REPORT_KINDS),
  category: z.string().min(1).max(64),
  outcome: z.enum(POINTS_OUTCOMES),
  gridCode: z.string().min(1).max(40),
  path: z.string().regex(/^\/(?:[^/]+\/)+$/),
  verifiedBy: z.string().min(1).max(100),
  at: z.string().datetime({ offset: true }),
});
