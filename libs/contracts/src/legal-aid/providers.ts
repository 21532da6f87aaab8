import { z } from 'zod';
import { LEGAL_AID_MATTERS } from './eligibility';

/** 法律援助人员: a staff lawyer of the agency, a law firm's lawyer, a grassroots legal-service worker. */
export const PROVIDER_TYPES = ['staff-lawyer', 'firm-lawyer', 'grassroots-worker'] as const;

const text = (max: number, label: string) =>
  z
    .string({ required_error: `必填 / ${label} is required`, invalid_type_error: `应为文本 / ${label} must be a string` })
    .trim()
    .min(1, `不能为空 / ${label} must not be empty`)
    .max(max, `不能超过 ${max} 个字符 / ${label} must be at most ${max} characters`);

/** `POST /api/v1/legal-aid/providers` (new) and `POST /api/v1/legal-aid/providers/{id}` (a change). */
export const providerInputSchema = z
  .object({
    name: text(100, 'name'),
    type: z.enum(PROVIDER_TYPES, {
      errorMap: () => ({ message: `取值应为 ${PROVIDER_TYPES.join(' | ')} / type must be one of ${PROVIDER_TYPES.join(', ')}` }),
    }),
    organisation: text(200, 'organisation'),
    specialities: z.array(z.enum(LEGAL_AID_MATTERS)).min(1, '至少一项专长 / at least one speciality').max(LEGAL_AID_MATTERS.length),
    orgUnit: z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, '应为 6、9 或 12 位行政区划代码 / must be a 6, 9 or 12 digit division code'),
    /** Matters the provider handles at once, at most. */
    capacity: z.number({ invalid_type_error: '应为数字 / capacity must be a number' }).int().min(1).max(100),
    /** Their Keycloak username, if they log in to see their matters. */
    username: z.string().trim().min(1).max(100).optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type ProviderInput = z.infer<typeof providerInputSchema>;

export interface ProviderView extends Required<Omit<ProviderInput, 'username'>> {
  id: string;
  username: string | null;
  /** Matters in hand (assigned, not closed or terminated). */
  load: number;
}

/** A matter in a provider's hands (`GET /api/v1/legal-aid/my-matters`). */
export interface ProviderMatterView {
  caseId: string;
  caseNo: string;
  orgUnit: string;
  matter: string;
  assignedAt: string;
  status: string;
}

/** `?orgUnit=`: a division code (`GET /api/v1/legal-aid/standards`). */
export const unitQuerySchema = z
  .object({
    orgUnit: z
      .string()
      .regex(/^\d{6}[0-9A-Za-z-]*$/, '应为单位代码 / must be an org-unit code')
      .optional(),
  })
  .strict();

/** `GET /api/v1/legal-aid/providers?orgUnit=&matter=`. */
export const providerListQuerySchema = unitQuerySchema.extend({ matter: z.enum(LEGAL_AID_MATTERS).optional() }).strict();
