import type { INestApplication } from '@nestjs/common';
import { startNatsService } from '@fengqiao/messaging';
import { JsonLogger } from '@fengqiao/observability';
import type { InsightsConfig } from './config/insights.config';
import { InsightsModule } from './insights.module';

/** Starts insights (the read model's consumer, the stats command, health). */
export async function startInsights(config: InsightsConfig): Promise<INestApplication> {
  const logger = new JsonLogger('insights', config.LOG_LEVEL);
  const app = await startNatsService(InsightsModule.forRoot(config, logger), {
    name: 'insights',
    port: config.PORT,
    natsUrl: config.NATS_URL,
    prefix: config.FQ_PREFIX,
    logger,
  });
  logger.event('insights ready', { port: config.PORT, prefix: config.FQ_PREFIX ?? '' });
  return app;
}
