import { z } from 'zod';
import { parseEnv, runtimeEnvSchema } from '@fengqiao/observability';

export const hotlineEnvSchema = runtimeEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3109),
  /** Seals the caller's phone before it goes on NATS to intake (shared with the gateway and intake). */
  PII_KEYRING: z.string().optional(),
  /** The 12345 centre this deployment serves: its id in the signed headers and the case's external system. */
  HOTLINE_CENTRE_ID: z
    .string()
    .regex(/^[a-z0-9-]{1,32}$/)
    .default('demo'),
  /** The province's message format (docs/hotline-12345.md: `reference`, the adapter interface for others). */
  HOTLINE_FORMAT: z.enum(['reference']).default('reference'),
  /** The secret both sides sign with (HMAC-SHA256): the centre's pushes in, ours out. */
  HOTLINE_SHARED_SECRET: z.string().min(16).default('hotline-dev-shared-secret'),
  /** Where the 12345 centre receives pushes (acceptance, objection, progress, result, return visit). */
  HOTLINE_PUSH_URL: z.string().url().optional(),
  /** The unit an order is registered at unless it names one (the centre's county). */
  HOTLINE_ORG_UNIT: z
    .string()
    .regex(/^\d{6}(\d{3}(\d{3})?)?$/)
    .default('621102'),
  /** How far a signed request's timestamp may lie from our clock (seconds). */
  HOTLINE_SIGNATURE_TOLERANCE_S: z.coerce.number().int().min(10).max(3600).default(300),
  /** The adapter's own service account (client credentials, role `integrator`, jurisdiction of the centre's county). */
  HOTLINE_CLIENT_ID: z.string().default('fq-integrator-621102'),
  HOTLINE_CLIENT_SECRET: z.string().default('fq-integrator-dev-secret'),
  /** The durable consumer of case events that feeds the pushes. */
  HOTLINE_EVENTS_CONSUMER: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('hotline-12345-case-events'),
  /** Back-off of a failed push: the first wait, doubled per attempt up to the cap (ms). */
  HOTLINE_RETRY_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(1_000),
  HOTLINE_RETRY_MAX_MS: z.coerce.number().int().min(10).max(3_600_000).default(300_000),
  /** Pushes the centre acknowledged (or dropped after an objection) longer ago than this are deleted from the log (days). */
  HOTLINE_PUSH_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /** How often the push log is pruned (ms; default hourly). */
  HOTLINE_PUSH_PRUNE_INTERVAL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(3_600_000),
});

export type HotlineConfig = z.infer<typeof hotlineEnvSchema>;

export const HOTLINE_CONFIG = Symbol('HOTLINE_CONFIG');
export const HOTLINE_LOGGER = Symbol('HOTLINE_LOGGER');
export const HOTLINE_SCHEMA = 'hotline';

export function loadHotlineConfig(env: Record<string, string | undefined> = process.env): HotlineConfig {
  return parseEnv(hotlineEnvSchema, env, {
    requiredInProduction: ['PII_KEYRING', 'HOTLINE_SHARED_SECRET', 'HOTLINE_PUSH_URL', 'HOTLINE_CLIENT_ID', 'HOTLINE_CLIENT_SECRET'],
  });
}
