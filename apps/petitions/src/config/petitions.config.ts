import { z } from 'zod';
import { parseEnv, runtimeEnvSchema } from '@fengqiao/observability';

/** A division code (6/9/12 digits), optionally with a grid suffix: it becomes part of a task-queue name. */
const ORG_UNIT_CODE = /^\d{6}[0-9A-Za-z-]*$/;

export const petitionsEnvSchema = runtimeEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3104),
  /** The units this deployment serves (a county, a township): one activity worker on `petitions@<code>` each. */
  PETITIONS_ORG_UNITS: z
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
   * Also serve the plain `petitions` queue (the contract's default). A township running its own
   * deployment beside the county's sets it to false, so a step never lands in the wrong database.
   */
  PETITIONS_GENERAL_QUEUE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** The office printed on the documents when a step names none (e.g. 安定区信访局). */
  PETITIONS_ISSUER: z.string().trim().min(1).default('信访工作机构'),
  /** Encrypts Temporal payloads; PII_KEYRING's format. Required in production, a dev key otherwise. */
  TEMPORAL_CODEC_KEYRING: z.string().optional(),
  /** The durable consumer that copies the org tree: deployments sharing a database share it. */
  PETITIONS_ORG_TREE_CONSUMER: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('petitions-org-tree'),
});

export type PetitionsConfig = z.infer<typeof petitionsEnvSchema>;

export const PETITIONS_CONFIG = Symbol('PETITIONS_CONFIG');
export const PETITIONS_LOGGER = Symbol('PETITIONS_LOGGER');
export const PETITIONS_SCHEMA = 'petitions';

export function loadPetitionsConfig(env: Record<string, string | undefined> = process.env): PetitionsConfig {
  return parseEnv(petitionsEnvSchema, env, { requiredInProduction: ['TEMPORAL_CODEC_KEYRING'] });
}

/** The task queues this deployment's workers poll (before any isolation prefix). */
export function servedQueues(config: Pick<PetitionsConfig, 'PETITIONS_ORG_UNITS' | 'PETITIONS_GENERAL_QUEUE'>): Array<{ orgUnit?: string }> {
  return [...(config.PETITIONS_GENERAL_QUEUE ? [{}] : []), ...config.PETITIONS_ORG_UNITS.map((orgUnit) => ({ orgUnit }))];
}
