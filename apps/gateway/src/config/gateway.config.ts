import { z } from 'zod';
import { parseEnv, runtimeEnvSchema } from '@fengqiao/observability';

export const gatewayEnvSchema = runtimeEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  KEYCLOAK_AUDIENCE: z.string().default('fq-gateway'),
  BODY_LIMIT: z.string().default('256kb'),
  COMMAND_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  CORS_ORIGINS: z.string().default('http://localhost:4200,http://127.0.0.1:4200'),
});

export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

export const loadGatewayConfig = (env: Record<string, string | undefined> = process.env): GatewayConfig => parseEnv(gatewayEnvSchema, env);
