import type { INestApplication } from '@nestjs/common';
import { startNatsService } from '@fengqiao/messaging';
import { JsonLogger } from '@fengqiao/observability';
import type { HotlineConfig } from './config/hotline.config';
import { HotlineModule } from './hotline.module';

/** Starts the 12345 adapter: the centre's order endpoint and health over HTTP, the staff's commands on NATS, the pushes back. */
export async function startHotline(config: HotlineConfig): Promise<INestApplication> {
  const logger = new JsonLogger('hotline-12345', config.LOG_LEVEL);
  const app = await startNatsService(HotlineModule.forRoot(config, logger), {
    name: 'hotline-12345',
    port: config.PORT,
    natsUrl: config.NATS_URL,
    prefix: config.FQ_PREFIX,
    logger,
    rawBody: true,
  });
  logger.event('hotline-12345 ready', { port: config.PORT, prefix: config.FQ_PREFIX ?? '' });
  return app;
}
