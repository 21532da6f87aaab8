import { z } from 'zod';
import { parseEnv, runtimeEnvSchema } from '@fengqiao/observability';

export const orchestratorEnvSchema = runtimeEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3106),
  /** Prebuilt workflow bundle (production); without it the worker bundles from source. */
  WORKFLOW_BUNDLE: z.string().optional(),
  /** Encrypts Temporal payloads; PII_KEYRING's format. Required in production, a dev key otherwise. */
  TEMPORAL_CODEC_KEYRING: z.string().optional(),
  /**
   * The counties whose grid workers' daily check-in is rolled call, each with its own time or
   * CHECK_IN_ROLL_CALL_TIME (Beijing time): `621102,621103@09:30`. Empty: no roll-call Schedules.
   */
  CHECK_IN_ROLL_CALLS: z.string().default('621102'),
  CHECK_IN_ROLL_CALL_TIME: z.string().default('10:00'),
});

export type OrchestratorConfig = z.infer<typeof orchestratorEnvSchema>;

export function loadOrchestratorConfig(env: Record<string, string | undefined> = process.env): OrchestratorConfig {
  return parseEnv(orchestratorEnvSchema, env, { requiredInProduction: ['TEMPORAL_CODEC_KEYRING'] });
}
