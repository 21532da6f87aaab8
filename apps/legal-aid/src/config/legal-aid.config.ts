import { z } from 'zod';
import { parseEnv, runtimeEnvSchema } from '@fengqiao/observability';

/** A division code (6/9/12 digits), optionally with a grid suffix: it becomes part of a task-queue name. */
const ORG_UNIT_CODE = /^\d{6}[0-9A-Za-z-]*$/;

export const legalAidEnvSchema = runtimeEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3103),
  /** The units this deployment serves (a county, a township): one activity worker on `legal-aid@<code>` each. */
  LEGAL_AID_ORG_UNITS: z
    .string({ required_error: 'required: comma-separated org-unit codes this deployment serves' })
    .transform((v) => [
      ...new Set(
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.string().regex(ORG_UNIT_CODE, 'each code must be a division code such as 621102101')).min(1, 'name at least one org unit')),
  /**
   * Also serve the plain `legal-aid` queue (the contract's default). A township running its own
   * deployment beside the county's sets it to false, so a step never lands in the wrong database.
   */
  LEGAL_AID_GENERAL_QUEUE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** The agency printed on the documents when a step names none (e.g. 安定区法律援助中心). */
  LEGAL_AID_ISSUER: z.string().trim().min(1).default('法律援助机构'),
  /** Encrypts Temporal payloads; PII_KEYRING's format. Required in production, a dev key otherwise. */
  TEMPORAL_CODEC_KEYRING: z.string().optional(),
  /** The durable consumer that copies the org tree: deployments sharing a database share it. */
  LEGAL_AID_ORG_TREE_CONSUMER: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('legal-aid-org-tree'),
});

export type LegalAidConfig = z.infer<typeof legalAidEnvSchema>;

export const LEGAL_AID_CONFIG = Symbol('LEGAL_AID_CONFIG');
export const LEGAL_AID_LOGGER = Symbol('LEGAL_AID_LOGGER');
export const LEGAL_AID_SCHEMA = 'legal_aid';

export function loadLegalAidConfig(env: Record<string, string | undefined> = process.env): LegalAidConfig {
  return parseEnv(legalAidEnvSchema, env, { requiredInProduction: ['TEMPORAL_CODEC_KEYRING'] });
}

/** The task queues this deployment's workers poll (before any isolation prefix). */
export function servedQueues(config: Pick<LegalAidConfig, 'LEGAL_AID_ORG_UNITS' | 'LEGAL_AID_GENERAL_QUEUE'>): Array<{ orgUnit?: string }> {
  return [...(config.LEGAL_AID_GENERAL_QUEUE ? [{}] : []), ...config.LEGAL_AID_ORG_UNITS.map((orgUnit) => ({ orgUnit }))];
}
