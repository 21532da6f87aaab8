import { z } from 'zod';
import { SEVERITIES, type Severity } from '../cases/case.schema';

/**
 * Routing rules (category × severity → tier, team, periods) are data: an admin publishes a new
 * version through the API, every case records the version it was routed by, and its workflow
 * keeps that rule for its whole life.
 */
export const PERIOD_UNITS = ['working-days', 'days', 'months', 'working-hours', 'minutes'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

export const TIERS = ['first-contact', 'mediation', 'joint-handling'] as const;
export type Tier = (typeof TIERS)[number];

/** Mediator teams (specialties); see docs/api.md, Mediation. */
export const TEAMS = ['general', 'marriage-family', 'labour', 'property', 'medical', 'traffic', 'land', 'consumer'] as const;
export type Team = (typeof TEAMS)[number];

/** Departments of the demo county (docs/demo-county.md); stationed in centres, summoned by a whistle. */
export const DEPARTMENTS = [
  'public-security',
  'procuratorate',
  'court',
  'justice',
  'petitions',
  'civil-affairs',
  'womens-federation',
  'hr-social-security',
  'housing',
  'natural-resources',
  'market-regulation',
] as const;
export type Department = (typeof DEPARTMENTS)[number];

const amount = z.number().positive('应为正数 / amount must be positive').max(3650);
/**
 * A period: minutes and working hours may be fractional, days and months are whole. Said as two shapes
 * (by unit), so the OpenAPI document generated from it states the rule too.
 */
export const periodSchema = z.discriminatedUnion(
  'unit',
  [
    z.object({ amount, unit: z.enum(['minutes', 'working-hours']) }).strict(),
    z.object({ amount: amount.int('天数和月数应为整数 / days and months must be whole numbers'), unit: z.enum(['working-days', 'days', 'months']) }).strict(),
  ],
  {
    errorMap: (issue, ctx) =>
      issue.code === 'invalid_union_discriminator'
        ? { message: `取值应为 ${PERIOD_UNITS.join(' | ')} / unit must be one of ${PERIOD_UNITS.join(', ')}` }
        : { message: ctx.defaultError },
  },
);
export type Period = z.infer<typeof periodSchema>;

export const PERIOD_NAMES = [
  'firstReply',
  'firstContact',
  'mediation',
  'jointHandling',
  'reportIn',
  'departmentResult',
  'feedback',
  'rating',
  'judicialConfirmation',
  'returnVisit',
] as const;
export type PeriodName = (typeof PERIOD_NAMES)[number];

export const routingRuleSchema = z
  .object({
    /** A category code, or `*` for any. */
    category: z.string().trim().min(1).max(40),
    severity: z.enum([...SEVERITIES, '*']),
    /** Where the case is expected to be handled; shown on the case, used by automatic escalation. */
    tier: z.enum(TIERS),
    /** The mediator team picked when a case is assigned without a named mediator. */
    team: z.enum(TEAMS),
    periods: z.object(Object.fromEntries(PERIOD_NAMES.map((n) => [n, periodSchema])) as Record<PeriodName, typeof periodSchema>).strict(),
    /** Share of a period after which its clock turns yellow. */
    yellowAt: z.number().gt(0).lte(1).default(0.8),
    /** Mediation overdue: escalate to joint handling at once, or only propose it (supervision either way). */
    onMediationOverdue: z.enum(['escalate', 'propose']),
    /** Departments summoned by an automatic escalation. */
    escalationDepartments: z.array(z.enum(DEPARTMENTS)).min(1).max(11),
  })
  .strict();
export type RoutingRule = z.infer<typeof routingRuleSchema>;

/**
 * `PUT /api/v1/categories`: categories an admin adds or renames. A category is never removed (cases
 * keep theirs); its periods, team and tier come from the routing rules published after it.
 */
export const categoryLoadSchema = z
  .object({
    categories: z
      .array(
        z
          .object({
            code: z
              .string()
              .regex(
                /^[a-z][a-z0-9-]{1,39}$/,
                '类别代码为 2–40 位小写字母、数字或连字符，以字母开头 / a code is 2–40 lower-case letters, digits or hyphens, starting with a letter',
              ),
            name: z.string().trim().min(1).max(40),
            nameEn: z.string().trim().min(1).max(80),
          })
          .strict(),
      )
      .min(1)
      .max(200),
  })
  .strict()
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.categories.forEach((c, i) => {
      if (seen.has(c.code)) ctx.addIssue({ code: 'custom', path: ['categories', i, 'code'], message: `重复的类别代码 / duplicate code ${c.code}` });
      seen.add(c.code);
    });
  });
export type CategoryLoad = z.infer<typeof categoryLoadSchema>;

/** What a category load changed. */
export interface CategoryLoadResult {
  added: string[];
  renamed: string[];
  unchanged: number;
}

const ruleKey = (r: { category: string; severity: string }) => `${r.category}|${r.severity}`;

export const routingRuleSetSchema = z
  .object({
    note: z.string().trim().max(500).optional(),
    // 100 rules (categories × severities) stay well under the gateway's body limit (BODY_LIMIT, 256 kB).
    rules: z.array(routingRuleSchema).min(1).max(100),
  })
  .strict()
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    set.rules.forEach((r, i) => {
      if (seen.has(ruleKey(r))) ctx.addIssue({ code: 'custom', path: ['rules', i], message: `重复的规则 / duplicate rule for ${r.category} × ${r.severity}` });
      seen.add(ruleKey(r));
    });
    if (!seen.has('*|*')) ctx.addIssue({ code: 'custom', path: ['rules'], message: '需要一条 * × * 兜底规则 / a fallback rule for * × * is required' });
  });
export type RoutingRuleSet = z.infer<typeof routingRuleSetSchema>;

/** A published version, as stored and served. */
export interface RoutingRulesVersion {
  version: number;
  note: string | null;
  rules: RoutingRule[];
  publishedBy: string;
  publishedAt: string;
}

/** The most specific rule: exact category and severity, then category, then severity, then `* × *`. */
export function resolveRule(rules: readonly RoutingRule[], category: string, severity: Severity): RoutingRule {
  const find = (c: string, s: string) => rules.find((r) => r.category === c && r.severity === s);
  const rule = find(category, severity) ?? find(category, '*') ?? find('*', severity) ?? find('*', '*');
  if (!rule) throw new Error('routing rules without a * × * fallback');
  return rule;
}

const wd = (amount: number): Period => ({ amount, unit: 'working-days' });
const days = (amount: number): Period => ({ amount, unit: 'days' });

/** The local defaults of docs/deadlines.md, as the first published version. */
export const DEFAULT_PERIODS: Record<PeriodName, Period> = {
  firstReply: wd(1),
  firstContact: wd(3),
  mediation: wd(15),
  jointHandling: days(30),
  reportIn: { amount: 2, unit: 'working-hours' },
  departmentResult: wd(5),
  feedback: wd(3),
  rating: days(7),
  judicialConfirmation: days(30),
  returnVisit: wd(5),
};

const SPECIALIST_TEAMS: Record<string, Team> = {
  'marriage-family': 'marriage-family',
  labour: 'labour',
  property: 'property',
  medical: 'medical',
  traffic: 'traffic',
  land: 'land',
  consumer: 'consumer',
};

export function defaultRoutingRules(categories: readonly string[]): RoutingRule[] {
  const base = { periods: DEFAULT_PERIODS, yellowAt: 0.8, escalationDepartments: ['justice'] as Department[] };
  return [
    { category: '*', severity: '*', tier: 'first-contact', team: 'general', onMediationOverdue: 'propose', ...base },
    { category: '*', severity: 'difficult', tier: 'mediation', team: 'general', onMediationOverdue: 'escalate', ...base },
    { category: '*', severity: 'major', tier: 'joint-handling', team: 'general', onMediationOverdue: 'escalate', ...base },
    ...categories
      .filter((c) => SPECIALIST_TEAMS[c])
      .flatMap((c) =>
        (['ordinary', 'difficult', 'major'] as const).map(
          (severity): RoutingRule => ({
            category: c,
            severity,
            tier: severity === 'ordinary' ? 'first-contact' : severity === 'difficult' ? 'mediation' : 'joint-handling',
            team: SPECIALIST_TEAMS[c],
            onMediationOverdue: severity === 'ordinary' ? 'propose' : 'escalate',
            ...base,
          }),
        ),
      ),
  ];
}
