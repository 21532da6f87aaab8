import { z } from 'zod';
import { parseEnv, runtimeEnvSchema } from '@fengqiao/observability';
import { temporalCodecConfigProblem } from '@fengqiao/temporal';

export const gatewayEnvSchema = runtimeEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  KEYCLOAK_AUDIENCE: z.string().default('fq-gateway'),
  BODY_LIMIT: z.string().default('256kb'),
  COMMAND_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  CORS_ORIGINS: z.string().default('http://localhost:4200,http://127.0.0.1:4200'),
  /** Encrypts Temporal payloads; PII_KEYRING's format. Required in production, a dev key otherwise. */
  TEMPORAL_CODEC_KEYRING: z.string().optional(),
  /** Seals personal data on its way to the services (intake holds the same keyring). */
  PII_KEYRING: z.string().optional(),
});

export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const config = parseEnv(gatewayEnvSchema, env);
  const codecProblem = temporalCodecConfigProblem(config);
  if (codecProblem) throw new Error(`invalid configuration:\n  TEMPORAL_CODEC_KEYRING: ${codecProblem}`);
  if (config.NODE_ENV === 'production' && !config.PII_KEYRING) throw new Error('invalid configuration:\n  PII_KEYRING: required in production');
  return config;
}
