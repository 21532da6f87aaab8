import { z } from 'zod';
import { parseEnv, runtimeEnvSchema } from '@fengqiao/observability';

export const insightsEnvSchema = runtimeEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3107),
  /** The durable JetStream consumer's name: replicas share it, a second read model takes another. */
  INSIGHTS_CONSUMER: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('insights-read-model'),
  /** Encrypts Temporal payloads of the report activities; the orchestrator's keyring. Required in production. */
  TEMPORAL_CODEC_KEYRING: z.string().optional(),
  /** Monthly report cards (reports/README.md): own overdue open cases for red, own yellow open cases for yellow. */
  REPORT_RED_MIN_OVERDUE: z.coerce.number().int().min(1).default(1),
  REPORT_YELLOW_MIN_OPEN_YELLOW: z.coerce.number().int().min(1).default(1),
  REPORT_TOP_CATEGORIES: z.coerce.number().int().min(1).max(20).default(5),
  /** A CJK TrueType font (or collection) the PDF embeds, and the face's PostScript name in a collection. */
  REPORT_FONT_PATH: z.string().default('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'),
  REPORT_FONT_FAMILY: z.string().default('WenQuanYiMicroHei'),
  /** The three-colour board's thresholds (apps/insights/src/board/README.md). */
  BOARD_RED_OVERDUE_MIN: z.coerce.number().int().min(1).default(1),
  BOARD_COMPLAINT_CLUSTER_MIN: z.coerce.number().int().min(1).default(3),
  BOARD_COMPLAINT_WINDOW_DAYS: z.coerce.number().int().min(1).max(366).default(7),
  BOARD_YELLOW_LATE_MIN: z.coerce.number().int().min(1).default(1),
  /**
   * A read-only copy of the database (a streaming replica, docker-compose.cluster.yml) the figures are read
   * from: statistics, board, map, key-person and grid figures. Unset or empty: DATABASE_URL. The read model's
   * projections and the reports' own records always go to DATABASE_URL.
   */
  INSIGHTS_READ_DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.string().url().optional()),
});

export type InsightsConfig = z.infer<typeof insightsEnvSchema>;

export const INSIGHTS_CONFIG = Symbol('INSIGHTS_CONFIG');
export const INSIGHTS_LOGGER = Symbol('INSIGHTS_LOGGER');
export const INSIGHTS_SCHEMA = 'insights';

/** Where the figures are read from: the replica when one is configured, else the primary. */
export function readDatabaseUrl(config: Pick<InsightsConfig, 'DATABASE_URL' | 'INSIGHTS_READ_DATABASE_URL'>): string {
  return config.INSIGHTS_READ_DATABASE_URL ?? config.DATABASE_URL;
}

export function loadInsightsConfig(env: Record<string, string | undefined> = process.env): InsightsConfig {
  return parseEnv(insightsEnvSchema, env, { requiredInProduction: ['TEMPORAL_CODEC_KEYRING'] });
}
