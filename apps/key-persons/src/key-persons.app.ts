import type { INestApplication } from '@nestjs/common';
import { startNatsService } from '@fengqiao/messaging';
import { JsonLogger } from '@fengqiao/observability';
import { installTemporalLogging } from '@fengqiao/temporal';
import type { KeyPersonsConfig } from './config/key-persons.config';
import { KeyPersonsModule } from './key-persons.module';

/** Starts the key-person register (NATS handlers, the activity worker, the org-tree feed, the outbox relay, health). */
export async function startKeyPersons(config: KeyPersonsConfig): Promise<INestApplication> {
  const logger = new JsonLogger('key-persons', config.LOG_LEVEL);
  installTemporalLogging(logger);
  const app = await startNatsService(KeyPersonsModule.forRoot(config, logger), {
    name: 'key-persons',
    port: config.PORT,
    natsUrl: config.NATS_URL,
    prefix: config.FQ_PREFIX,
    logger,
  });
  logger.event('key-persons ready', { port: config.PORT, prefix: config.FQ_PREFIX ?? '', retentionDays: config.KEY_PERSON_RETENTION_DAYS });
  return app;
}
