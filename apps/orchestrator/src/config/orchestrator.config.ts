import { z } from 'zod';
import { parseEnv, runtimeEnvSchema } from '@fengqiao/observability';

export const orchestratorEnvSchema = runtimeEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3106),
  /** Prebuilt workflow bundle (production); without it the worker bundles from source. */
  WORKFLOW_BUNDLE: z.string().optional(),
  /** Encrypts Temporal payloads; PII_KEYRING's format. Required in production, a dev key otherwise. */
  TEMPORAL_CODEC_KEYRING: z.string().optional(),
});

export type OrchestratorConfig = z.infer<typeof orchestratorEnvSchema>;

export function loadOrchestratorConfig(env: Record<string, string | undefined> = process.env): OrchestratorConfig {
  return parseEnv(orchestratorEnvSchema, env, { requiredInProduction: ['TEMPORAL_CODEC_KEYRING'] });
}
