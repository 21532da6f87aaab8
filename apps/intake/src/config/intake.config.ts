import { z } from 'zod';
import { parseEnv, runtimeEnvSchema } from '@fengqiao/observability';
import { EventSources } from '@fengqiao/contracts';

export const intakeEnvSchema = runtimeEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3101),
  /** `k1:<base64 32 bytes>[,k2:...];active=k1` — see libs/pii. */
  PII_KEYRING: z.string().optional(),
  PII_BLIND_INDEX_KEY: z.string().optional(),
  /** Encrypts Temporal payloads; PII_KEYRING's format. Required in production, a dev key otherwise. */
  TEMPORAL_CODEC_KEYRING: z.string().optional(),
});

export type IntakeConfig = z.infer<typeof intakeEnvSchema>;

export const INTAKE_CONFIG = Symbol('INTAKE_CONFIG');
export const INTAKE_SCHEMA = 'intake';
/** The CloudEvents `source` of every event intake publishes. */
export const INTAKE_EVENT_SOURCE = EventSources.intake;
export const INTAKE_LOGGER = Symbol('INTAKE_LOGGER');

export function loadIntakeConfig(env: Record<string, string | undefined> = process.env): IntakeConfig {
  // Keyring formats are checked where the keys are loaded, at start-up.
  return parseEnv(intakeEnvSchema, env, { requiredInProduction: ['PII_KEYRING', 'PII_BLIND_INDEX_KEY', 'TEMPORAL_CODEC_KEYRING'] });
}
