import { z } from 'zod';

/**
 * The org tree as data (docs/architecture.md, Jurisdiction: the IT admin configures it). An admin loads units with
 * `PUT /api/v1/org-units`; intake keeps the tree and announces each added or renamed unit as
 * `cn.fengqiao.org-unit.upserted.v1`, from which other services keep their copies.
 */
export const ORG_UNIT_LEVELS = ['city', 'county', 'township', 'village', 'grid'] as const;
export type OrgUnitLevel = (typeof ORG_UNIT_LEVELS)[number];

export const ORG_TREE_WRITER_ROLES = ['admin'] as const;

export const EVENT_ORG_UNIT_UPSERTED = 'cn.fengqiao.org-unit.upserted.v1';

/** Data of `cn.fengqiao.org-unit.upserted.v1` on `fq.evt.<code>.org-unit.upserted`. */
export interface OrgUnitUpsertedData {
  code: string;
  name: string;
  nameEn: string;
  level: OrgUnitLevel;
  parent: string | null;
  /** Materialised path, `/621100/621102/621102101/`: subtree = path prefix. */
  path: string;
}

const text = (label: string, max: number) =>
  z
    .string({ required_error: `必填 / ${label} is required`, invalid_type_error: `应为文本 / ${label} must be a string` })
    .trim()
    .min(1, `不能为空 / ${label} must not be empty`)
    .max(max, `不能超过 ${max} 个字符 / ${label} must be at most ${max} characters`);

/** A division code (6, 9 or 12 digits) or a grid code below one (digits, letters, dashes). */
const code = z
  .string({ required_error: '必填 / code is required' })
  .regex(/^\d{6}[0-9A-Za-z-]{0,30}$/, '应为单位代码 / must be an org-unit code such as 621102101');

export const orgUnitInputSchema = z
  .object({
    code,
    name: text('name', 100),
    nameEn: text('nameEn', 100),
    level: z.enum(ORG_UNIT_LEVELS, {
      errorMap: () => ({ message: `须为 ${ORG_UNIT_LEVELS.join(', ')} 之一 / level must be one of ${ORG_UNIT_LEVELS.join(', ')}` }),
    }),
    parent: code.nullable(),
  })
  .strict();

/** The body of `PUT /api/v1/org-units`: units in any order; each parent known or in the same body. */
export const orgTreeInputSchema = z
  .object({
    units: z
      .array(orgUnitInputSchema, { required_error: '必填 / units is required' })
      .min(1, '至少一个单位 / at least one unit')
      .max(2000, '一次最多 2000 个单位 / at most 2000 units at once'),
  })
  .strict();

export type OrgUnitInput = z.infer<typeof orgUnitInputSchema>;

/** What a load changed. */
export interface OrgTreeLoadResult {
  added: string[];
  renamed: string[];
  unchanged: number;
}
