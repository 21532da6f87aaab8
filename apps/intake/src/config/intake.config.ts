import { z } from 'zod';
import { parseEnv, runtimeEnvSchema } from '@fengqiao/observability';
import { temporalCodecConfigProblem } from '@fengqiao/temporal';

export const intakeEnvSchema = runtimeEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3101),
  /** `k1:<base64 32 bytes>[,k2:...];active=k1` — see libs/pii. */
  PII_KEYRING: z.string().optional(),
  PII_BLIND_INDEX_KEY: z.string().optional(),
  /** Encrypts Temporal payloads; PII_KEYRING's format. Required in production, a dev key otherwise. */
  TEMPORAL_CODEC_KEYRING: z.string().optional(),
  FIRST_REPLY_YELLOW_AT: z.coerce.number().min(0.1).max(1).default(0.8),
});

export type IntakeConfig = z.infer<typeof intakeEnvSchema>;

export const INTAKE_CONFIG = Symbol('INTAKE_CONFIG');
export const INTAKE_SCHEMA = 'intake';
export const INTAKE_LOGGER = Symbol('INTAKE_LOGGER');

export function loadIntakeConfig(env: Record<string, string | undefined> = process.env): IntakeConfig {
  const config = parseEnv(intakeEnvSchema, env);
  if (config.NODE_ENV === 'production' && (!config.PII_KEYRING || !config.PII_BLIND_INDEX_KEY)) {
    throw new Error('invalid configuration:\n  PII_KEYRING and PII_BLIND_INDEX_KEY are required in production');
  }
  const codecProblem = temporalCodecConfigProblem(config);
  if (codecProblem) throw new Error(`invalid configuration:\n  TEMPORAL_CODEC_KEYRING: ${codecProblem}`);
  return config;
}
