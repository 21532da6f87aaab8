import { z } from 'zod';

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
