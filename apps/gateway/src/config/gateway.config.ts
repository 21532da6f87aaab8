import { z } from 'zod';
import { parseEnv, runtimeEnvSchema } from '@fengqiao/observability';

export const gatewayEnvSchema = runtimeEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  KEYCLOAK_AUDIENCE: z.string().default('fq-gateway'),
  BODY_LIMIT: z.string().default('256kb'),
  COMMAND_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** A service that took a command and stopped beating this long (1 beat/s) died under it: 503 at once. */
  COMMAND_SILENCE_MS: z.coerce.number().int().min(1_500).default(4_000),
  CORS_ORIGINS: z.string().default('http://localhost:4200,http://127.0.0.1:4200'),
  /** Encrypts Temporal payloads; PII_KEYRING's format. Required in production, a dev key otherwise. */
  TEMPORAL_CODEC_KEYRING: z.string().optional(),
  /** Seals personal data on its way to the services (intake holds the same keyring). */
  PII_KEYRING: z.string().optional(),
  /** The S3-compatible object store of attachments (tools/infra/infra.sh env); unset: the attachment routes answer 503. */
  S3_ENDPOINT: z.string().url().optional(),
  /** Where clients reach the store, named in presigned URLs; S3_ENDPOINT when unset. */
  S3_PUBLIC_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().default('fengqiao'),
  S3_ACCESS_KEY_ID: z.string().default(''),
  S3_SECRET_ACCESS_KEY: z.string().default(''),
  /**
   * Open311's public view (GET without api_key, docs/open311.md) is read as the platform's service
   * account (client credentials, realm role `service`). Without a secret in production, every Open311
   * method needs an api_key; elsewhere the dev realm's secret is the default.
   */
  OPEN311_PUBLIC_READER_CLIENT_ID: z.string().default('fq-services'),
  OPEN311_PUBLIC_READER_SECRET: z.string().optional(),
  /** Lifetime of presigned upload and download URLs. */
  ATTACHMENT_URL_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
});

export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

/** The dev realm's secret of `fq-services` (infra/keycloak), never used in production. */
const DEV_SERVICES_SECRET = 'fq-services-dev-secret';

export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const c = parseEnv(gatewayEnvSchema, env, { requiredInProduction: ['PII_KEYRING', 'TEMPORAL_CODEC_KEYRING'] });
  const secret = c.OPEN311_PUBLIC_READER_SECRET || (env['NODE_ENV'] === 'production' ? undefined : DEV_SERVICES_SECRET);
  return { ...c, OPEN311_PUBLIC_READER_SECRET: secret };
}
