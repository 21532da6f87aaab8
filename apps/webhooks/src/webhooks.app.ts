import type { INestApplication } from '@nestjs/common';
import { startNatsService } from '@fengqiao/messaging';
import { JsonLogger } from '@fengqiao/observability';
import type { WebhooksConfig } from './config/webhooks.config';
import { WebhooksModule } from './webhooks.module';

/** Starts the webhooks service (NATS handlers, the fan-out, the deliverer, the org-tree copy, health). */
export async function startWebhooks(config: WebhooksConfig): Promise<INestApplication> {
  const logger = new JsonLogger('webhooks', config.LOG_LEVEL);
  const app = await startNatsService(WebhooksModule.forRoot(config, logger), {
    name: 'webhooks',
    port: config.PORT,
    natsUrl: config.NATS_URL,
    prefix: config.FQ_PREFIX,
    logger,
  });
  logger.event('webhooks ready', { port: config.PORT, prefix: config.FQ_PREFIX ?? '', loopbackHttp: config.WEBHOOKS_ALLOW_LOOPBACK_HTTP });
  return app;
}
