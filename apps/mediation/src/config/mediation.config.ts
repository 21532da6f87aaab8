import { z } from 'zod';
import { parseEnv, runtimeEnvSchema } from '@fengqiao/observability';

/** A division code (6/9/12 digits), optionally with a grid suffix: it becomes part of a task-queue name. */
const ORG_UNIT_CODE = /^\d{6}[0-9A-Za-z-]*$/;

export const mediationEnvSchema = runtimeEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3102),
  /** The centres this deployment serves: one activity worker on `mediation@<code>` per code. */
  MEDIATION_ORG_UNITS: z
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
  /** Encrypts Temporal payloads; PII_KEYRING's format. Required in production, a dev key otherwise. */
  TEMPORAL_CODEC_KEYRING: z.string().optional(),
  /** The durable consumer that copies the org tree: deployments sharing a database share it, one with its own database takes its own. */
  MEDIATION_ORG_TREE_CONSUMER: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('mediation-org-tree'),
});

export type MediationConfig = z.infer<typeof mediationEnvSchema>;

export const MEDIATION_CONFIG = Symbol('MEDIATION_CONFIG');
export const MEDIATION_LOGGER = Symbol('MEDIATION_LOGGER');
export const MEDIATION_SCHEMA = 'mediation';

export function loadMediationConfig(env: Record<string, string | undefined> = process.env): MediationConfig {
  return parseEnv(mediationEnvSchema, env, { requiredInProduction: ['TEMPORAL_CODEC_KEYRING'] });
}
