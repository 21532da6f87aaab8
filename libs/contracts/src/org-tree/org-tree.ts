import { z } from 'zod';
import type { orgUnitUpsertedDataSchema } from '../events/catalogue/data-schemas';
import { boundarySchema, type BoundaryGeometry } from './boundary';

/**
 * The org tree as data (docs/architecture.md, Jurisdiction: the IT admin configures it). An admin loads units with
 * `PUT /api/v1/org-units`; intake keeps the tree and announces each added or renamed unit as
 * `cn.fengqiao.org-unit.upserted.v1`, from which other services keep their copies.
 */
export const ORG_UNIT_LEVELS = ['city', 'county', 'township', 'village', 'grid'] as const;
export type OrgUnitLevel = (typeof ORG_UNIT_LEVELS)[number];

export const ORG_TREE_WRITER_ROLES = ['admin'] as const;

/**
 * The grid system's three levels (三级网格, 人在格中走): the township is the first-level grid, each
 * village or community the second, and the grids below a village (`<village code>-NN`, unit level
 * `grid`) the third. Units of these levels may carry grid workers with their contact; any unit may
 * carry a boundary. See docs/demo-county.md "Grids".
 */
export const GRID_LEVELS = {
  township: { rank: 1, zh: '一级网格', en: 'first-level grid' },
  village: { rank: 2, zh: '二级网格', en: 'second-level grid' },
  grid: { rank: 3, zh: '三级网格', en: 'third-level grid' },
} as const satisfies Partial<Record<OrgUnitLevel, { rank: number; zh: string; en: string }>>;
export type GridLevel = keyof typeof GRID_LEVELS;
export const isGridLevel = (level: string): level is GridLevel => Object.prototype.hasOwnProperty.call(GRID_LEVELS, level);

/**
 * A grid's code (三级网格): its village's code, a dash and a two- or three-digit number,
 * `621102101201-03` — what a case's `location.gridCode` names (docs/demo-county.md "Grids").
 */
export const isGridCodeOf = (code: string, parent: string): boolean => code.startsWith(`${parent}-`) && /^\d{2,3}$/.test(code.slice(parent.length + 1));

/** At most this many grid workers on one grid. */
export const GRID_WORKERS_MAX = 20;

/** Data of `cn.fengqiao.org-unit.upserted.v1` on `fq.evt.<code>.org-unit.upserted`. */
export type OrgUnitUpsertedData = z.infer<typeof orgUnitUpsertedDataSchema>;

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

/**
 * A grid worker (网格员) and their contact. The phone is personal data: the gateway seals it before
 * it goes on the bus, intake checks it (libs/pii), stores it encrypted with its blind index and
 * answers it masked.
 */
export const gridWorkerInputSchema = z
  .object({
    name: text('name', 50),
    phone: z.string({ required_error: '必填 / phone is required', invalid_type_error: '应为文本 / phone must be a string' }).trim().min(1).max(400),
    /** The worker's login, when they have one (binds them to this grid). */
    username: z
      .string({ invalid_type_error: '应为文本 / username must be a string' })
      .trim()
      .regex(/^[A-Za-z0-9._@-]{1,100}$/, '应为登录名 / must be a login name such as grid.621102101201')
      .optional(),
  })
  .strict();

export const orgUnitInputSchema = z
  .object({
    code,
    name: text('name', 100),
    nameEn: text('nameEn', 100),
    level: z.enum(ORG_UNIT_LEVELS, {
      errorMap: () => ({ message: `须为 ${ORG_UNIT_LEVELS.join(', ')} 之一 / level must be one of ${ORG_UNIT_LEVELS.join(', ')}` }),
    }),
    parent: code.nullable(),
    /** Its area (GeoJSON Polygon or MultiPolygon, WGS84); `null` removes it, absent keeps it. */
    boundary: boundarySchema.nullable().optional(),
    /** Its grid workers (grid levels only): the whole list, replacing the stored one; absent keeps it. */
    workers: z
      .array(gridWorkerInputSchema, { invalid_type_error: '应为数组 / workers must be an array' })
      .max(GRID_WORKERS_MAX, `最多 ${GRID_WORKERS_MAX} 名网格员 / at most ${GRID_WORKERS_MAX} grid workers`)
      .optional(),
  })
  .strict()
  .superRefine((u, ctx) => {
    if (u.level === 'grid' && u.parent !== null && !isGridCodeOf(u.code, u.parent)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['code'],
        message: `网格代码应为"上级代码-序号"，如 ${u.parent}-01 / a grid's code is its parent's code, a dash and a 2–3 digit number, e.g. ${u.parent}-01`,
      });
    }
    if (u.workers && !isGridLevel(u.level)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['workers'],
        message: `只有网格（${Object.keys(GRID_LEVELS).join(', ')}）可以配备网格员 / only grid levels (${Object.keys(GRID_LEVELS).join(', ')}) have grid workers`,
      });
    }
  });

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
export type GridWorkerInput = z.infer<typeof gridWorkerInputSchema>;

/** What a load changed: `updated` are stored units whose boundary or grid workers changed. */
export interface OrgTreeLoadResult {
  added: string[];
  renamed: string[];
  updated: string[];
  unchanged: number;
}

/** A grid worker as answered: the phone masked (`138****5678`). */
export interface GridWorkerView {
  name: string;
  phone: string;
  username: string | null;
}

/** `POST /api/v1/org-units/{code}/workers/{index}/unmask`: why the caller needs a grid worker's full phone. */
export const unmaskGridWorkerSchema = z
  .object({
    code,
    worker: z.coerce
      .number()
      .int()
      .min(0)
      .max(GRID_WORKERS_MAX - 1),
    reason: text('reason', 200),
    sourceIp: z.string().max(64).optional(),
  })
  .strict();

/** A grid worker revealed: the full phone (sealed on the bus, opened by the gateway). */
export interface UnmaskedGridWorker {
  name: string;
  phone: string;
  username: string | null;
}

/**
 * One unit with its boundary and grid workers (`GET /api/v1/org-units/{code}`), for callers whose
 * jurisdiction covers the unit.
 */
export interface OrgUnitDetailView {
  code: string;
  name: string;
  nameEn: string;
  level: OrgUnitLevel;
  parent: string | null;
  /** The grid level (一级/二级/三级网格), when the unit is one. */
  gridLevel: { rank: number; zh: string; en: string } | null;
  boundary: BoundaryGeometry | null;
  workers: GridWorkerView[];
}
