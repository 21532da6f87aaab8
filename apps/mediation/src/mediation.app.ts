import type { INestApplication } from '@nestjs/common';
import { startNatsService } from '@fengqiao/messaging';
import { JsonLogger } from '@fengqiao/observability';
import { installTemporalLogging } from '@fengqiao/temporal';
import type { MediationConfig } from './config/mediation.config';
import { MediationModule } from './mediation.module';

/** Starts mediation (NATS handlers, one activity worker per served org unit, health). */
export async function startMediation(config: MediationConfig): Promise<INestApplication> {
  const logger = new JsonLogger('mediation', config.LOG_LEVEL);
  installTemporalLogging(logger);
  const app = await startNatsService(MediationModule.forRoot(config, logger), {
    name: 'mediation',
    port: config.PORT,
    natsUrl: config.NATS_URL,
    prefix: config.FQ_PREFIX,
    logger,
  });
  logger.event('mediation ready', { port: config.PORT, prefix: config.FQ_PREFIX ?? '', orgUnits: config.MEDIATION_ORG_UNITS.join(',') });
  return app;
}
