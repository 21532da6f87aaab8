import { z } from 'zod';
import { parseEnv, runtimeEnvSchema } from '@fengqiao/observability';

export const keyPersonsEnvSchema = runtimeEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3105),
  /** Encrypts every describing field at rest and seals bodies on the bus (shared with the gateway). */
  PII_KEYRING: z.string().optional(),
  /** The ID number's blind index: the same key intake uses, so the person file finds the person's cases. */
  PII_BLIND_INDEX_KEY: z.string().optional(),
  /** Encrypts Temporal payloads; PII_KEYRING's format. Required in production, a dev key otherwise. */
  TEMPORAL_CODEC_KEYRING: z.string().optional(),
  /** How long an archived record keeps its personal data before the purge (days). */
  KEY_PERSON_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(1095),
  /** The durable consumer that copies the org tree. */
  KEY_PERSONS_ORG_TREE_CONSUMER: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('key-persons-org-tree'),
});

export type KeyPersonsConfig = z.infer<typeof keyPersonsEnvSchema>;

export const KEY_PERSONS_CONFIG = Symbol('KEY_PERSONS_CONFIG');
export const KEY_PERSONS_LOGGER = Symbol('KEY_PERSONS_LOGGER');
export const KEY_PERSONS_SCHEMA = 'key_persons';

export function loadKeyPersonsConfig(env: Record<string, string | undefined> = process.env): KeyPersonsConfig {
  return parseEnv(keyPersonsEnvSchema, env, { requiredInProduction: ['PII_KEYRING', 'PII_BLIND_INDEX_KEY', 'TEMPORAL_CODEC_KEYRING'] });
}
