import { z } from 'zod';
import { TEAMS } from '../dispute/routing-rules';

/** The mediation service's roster and return visits, as `GET /api/v1/mediators` and `/return-visits` answer. */

/** A mediator as staff of the subtree see them: name, login (to recognise a colleague), teams, capacity, load. */
export interface MediatorView {
  id: string;
  name: string;
  username: string | null;
  orgUnit: string;
  teams: string[];
  capacity: number;
  active: boolean;
  /** Cases currently assigned. */
  load: number;
}

/** A return visit (回访) scheduled after a failed mediation or a rating of 1–2. */
export interface ReturnVisitView {
  id: string;
  caseId: string;
  caseNo: string;
  orgUnit: string;
  reason: 'failed' | 'low-rating';
  scheduledAt: string;
  due: string;
  doneAt: string | null;
  doneBy: string | null;
  summary: string | null;
  resolved: boolean | null;
}

/** Who may read a centre's roster (the clerk picks a mediator from it); only an admin adds one. */
export const MEDIATOR_READER_ROLES = ['clerk', 'leader', 'mediator', 'admin'] as const;
export const MEDIATOR_WRITER_ROLES = ['admin'] as const;
export const RETURN_VISIT_READER_ROLES = ['clerk', 'mediator', 'leader'] as const;

// ---- the validators the mediation service runs (the gateway documents its operations from them) ----

const orgUnitCode = z.string({ required_error: '必填 / required' }).regex(/^\d{6}[0-9A-Za-z-]*$/, '应为单位代码 / must be an org-unit code');
const team = z.enum(TEAMS, { errorMap: () => ({ message: `未知团队 / team must be one of ${TEAMS.join(', ')}` }) });

export const listMediatorsQuerySchema = z
  .object({
    /** Exactly this centre's roster (default: the caller's whole subtree). */
    orgUnit: orgUnitCode.optional(),
    team: team.optional(),
  })
  .strict();

export const createMediatorSchema = z
  .object({
    name: z.string({ required_error: '必填 / required' }).trim().min(1, '不能为空 / must not be empty').max(50, '最多 50 字 / at most 50 characters'),
    username: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._-]{1,100}$/, '应为登录名 / must be a login name (letters, digits, . _ -)')
      .optional(),
    orgUnit: orgUnitCode,
    teams: z
      .array(team, { required_error: '必填 / required' })
      .min(1, '至少一个团队 / at least one team')
      .refine((ts) => new Set(ts).size === ts.length, '团队重复 / teams must not repeat'),
    capacity: z
      .number({ required_error: '必填 / required', invalid_type_error: '应为整数 / must be an integer' })
      .int('应为整数 / must be an integer')
      .min(1, '至少为 1 / at least 1')
      .max(100, '最多 100 / at most 100'),
  })
  .strict();

export type CreateMediatorInput = z.infer<typeof createMediatorSchema>;

/** `GET /api/v1/return-visits`. */
export const listReturnVisitsQuerySchema = z
  .object({
    /** This unit's subtree (default: the caller's). */
    orgUnit: z
      .string()
      .regex(/^\d{6}[0-9A-Za-z-]*$/, '应为单位代码 / must be an org-unit code')
      .optional(),
    /** Only visits not yet done (true) or only done ones (false); both when absent. */
    open: z
      .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], {
        errorMap: () => ({ message: '应为 true 或 false / must be true or false' }),
      })
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
