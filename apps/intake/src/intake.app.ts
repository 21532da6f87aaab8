import type { INestApplication } from '@nestjs/common';
import { startNatsService } from '@fengqiao/messaging';
import { JsonLogger } from '@fengqiao/observability';
import { installTemporalLogging } from '@fengqiao/temporal';
import type { IntakeConfig } from './config/intake.config';
import { IntakeModule } from './intake.module';

/** Starts intake (NATS handlers, outbox relay, activity worker, health). Tests call it in-process. */
export async function startIntake(config: IntakeConfig): Promise<INestApplication> {
  const logger = new JsonLogger('intake', config.LOG_LEVEL);
  installTemporalLogging(logger);
  const app = await startNatsService(IntakeModule.forRoot(config, logger), {
    name: 'intake',
    port: config.PORT,
    natsUrl: config.NATS_URL,
    prefix: config.FQ_PREFIX,
    logger,
  });
  logger.event('intake ready', { port: config.PORT, prefix: config.FQ_PREFIX ?? '' });
  return app;
}
