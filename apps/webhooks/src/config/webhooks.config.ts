import { z } from 'zod';
import { parseEnv, runtimeEnvSchema } from '@fengqiao/observability';

const durableName = z.string().regex(/^[A-Za-z0-9_-]+$/);
const flag = z
  .enum(['true', 'false', ''])
  .optional()
  .transform((v) => v === 'true');

export const webhooksEnvSchema = runtimeEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3108),
  /** Encrypts each subscription's signing secret at rest (PII_KEYRING's format). Required in production, a dev key otherwise. */
  WEBHOOK_SECRET_KEYRING: z.string().optional(),
  /** Development and tests only: allow `http://` endpoints on a loopback host (127.0.0.0/8, ::1, localhost). */
  WEBHOOKS_ALLOW_LOOPBACK_HTTP: flag,
  /** How long one attempt waits for the receiver's answer (ms). */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(25_000).default(10_000),
  /** Consecutive failed attempts (over all its deliveries) after which a subscription is paused. */
  WEBHOOK_PAUSE_AFTER: z.coerce.number().int().min(1).max(1000).default(15),
  /** Attempts of one delivery before it is marked failed (JetStream max_deliver of the deliverer). */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(20),
  /** Deliveries sent at once (a receiver that hangs until the timeout holds up only its own). */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  /**
   * The client whose service account reads subscription owners' current roles, org unit and state
   * from Keycloak's admin API (realm-management `view-users`). Required in production.
   */
  WEBHOOKS_DIRECTORY_CLIENT_ID: z.string().default('fq-services'),
  WEBHOOKS_DIRECTORY_CLIENT_SECRET: z.string().default('fq-services-dev-secret'),
  /** How long an owner's identity read from Keycloak is kept before it is read again (ms). */
  WEBHOOKS_OWNER_CACHE_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  /** The durable consumers: the fan-out of the events stream, the deliverer of the job stream, the org-tree copy. */
  WEBHOOKS_FANOUT_CONSUMER: durableName.default('webhooks-fanout'),
  WEBHOOKS_DELIVERY_CONSUMER: durableName.default('webhooks-deliverer'),
  WEBHOOKS_ORG_TREE_CONSUMER: durableName.default('webhooks-org-tree'),
});

export type WebhooksConfig = z.infer<typeof webhooksEnvSchema>;

export const WEBHOOKS_CONFIG = Symbol('WEBHOOKS_CONFIG');
export const WEBHOOKS_LOGGER = Symbol('WEBHOOKS_LOGGER');
export const WEBHOOKS_SCHEMA = 'webhooks';

export function loadWebhooksConfig(env: Record<string, string | undefined> = process.env): WebhooksConfig {
  const c = parseEnv(webhooksEnvSchema, env, {
    requiredInProduction: ['WEBHOOK_SECRET_KEYRING', 'WEBHOOKS_DIRECTORY_CLIENT_ID', 'WEBHOOKS_DIRECTORY_CLIENT_SECRET'],
  });
  if (c.NODE_ENV === 'production' && c.WEBHOOKS_ALLOW_LOOPBACK_HTTP) throw new Error('WEBHOOKS_ALLOW_LOOPBACK_HTTP: not allowed in production');
  return c;
}
