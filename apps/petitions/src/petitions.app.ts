import type { INestApplication } from '@nestjs/common';
import { startNatsService } from '@fengqiao/messaging';
import { JsonLogger } from '@fengqiao/observability';
import { installTemporalLogging } from '@fengqiao/temporal';
import { servedQueues, type PetitionsConfig } from './config/petitions.config';
import { PetitionsModule } from './petitions.module';

/** Starts petitions (NATS handlers, the activity workers of its queues, health). */
export async function startPetitions(config: PetitionsConfig): Promise<INestApplication> {
  const logger = new JsonLogger('petitions', config.LOG_LEVEL);
  installTemporalLogging(logger);
  const app = await startNatsService(PetitionsModule.forRoot(config, logger), {
    name: 'petitions',
    port: config.PORT,
    natsUrl: config.NATS_URL,
    prefix: config.FQ_PREFIX,
    logger,
  });
  logger.event('petitions ready', {
    port: config.PORT,
    prefix: config.FQ_PREFIX ?? '',
    orgUnits: config.PETITIONS_ORG_UNITS.join(','),
    generalQueue: servedQueues(config).length > config.PETITIONS_ORG_UNITS.length,
  });
  return app;
}
