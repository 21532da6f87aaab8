import { z } from 'zod';
import { TEAMS } from '@fengqiao/contracts';

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
