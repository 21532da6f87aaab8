import { z } from 'zod';
import { MAX_PAGE_SIZE } from '../cases/case.schema';

/** A supervision item (督办) as `GET /api/v1/supervision` lists it: opened when a clock turns red. */
export interface SupervisionItemView {
  id: string;
  caseId: string;
  caseNo: string;
  /** The clock that turned red (`first-reply`, `report-in:housing@621100`, …). */
  clock: string;
  orgUnit: string;
  addressedTo: string;
  reason: string;
  due: string;
  openedAt: string;
  closedAt: string | null;
}

export const SUPERVISION_ROLES = ['leader', 'admin'] as const;

/** `GET /api/v1/supervision?orgUnit=&open=&page=&pageSize=`. */
export const supervisionQuerySchema = z
  .object({
    orgUnit: z
      .string()
      .regex(/^\d{6}(\d{3}(\d{3})?)?$/)
      .optional(),
    open: z.enum(['true', 'false']).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
  })
  .strict();
