import { z } from 'zod';

/**
 * Settings every Fengqiao service reads at start-up, validated once. Secrets are listed
 * in SECRET_KEYS so a dump of the config never prints them.
 */
export const runtimeEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug', 'verbose']).default('info'),
  DATABASE_URL: z.string().url().default('postgres://fengqiao:fengqiao@127.0.0.1:5432/fengqiao'),
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('fengqiao'),
  KEYCLOAK_URL: z.string().url().default('http://127.0.0.1:8080'),
  KEYCLOAK_REALM: z.string().default('fengqiao'),
  /** Keycloak as browsers reach it, when the services reach it elsewhere (Docker): the tokens' issuer. */
  KEYCLOAK_PUBLIC_URL: z.string().url().optional(),
  /** Isolation prefix for NATS subjects, the events stream and task queues (tests, shared servers). */
  FQ_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]*$/)
    .optional()
    .transform((v) => v || undefined),
});

export type RuntimeEnv = z.infer<typeof runtimeEnvSchema>;

export const SECRET_KEYS = [
  'DATABASE_URL',
  'MIGRATION_DATABASE_URL',
  // insights' replica URL carries the app role's password like DATABASE_URL.
  'INSIGHTS_READ_DATABASE_URL',
  'PII_KEYRING',
  'PII_BLIND_INDEX_KEY',
  'TEMPORAL_CODEC_KEYRING',
  'WEBHOOK_SECRET_KEYRING',
] as const;

/**
 * Parses env with a schema, throwing one readable list of everything that is wrong (no stack
 * trace). Secrets that have a development default elsewhere (keyrings) are named in
 * `requiredInProduction`: with NODE_ENV=production they must be set.
 */
export function parseEnv<S extends z.ZodTypeAny>(
  schema: S,
  env: Record<string, string | undefined>,
  o: { requiredInProduction?: readonly string[] } = {},
): z.infer<S> {
  const result = schema.safeParse(env);
  const lines = result.success ? [] : result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  if (env['NODE_ENV'] === 'production') {
    for (const key of o.requiredInProduction ?? []) if (!env[key]) lines.push(`  ${key}: required in production`);
  }
  if (lines.length) throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  return (result as { data: z.infer<S> }).data;
}
