import type { INestApplication } from '@nestjs/common';
import { startNatsService } from '@fengqiao/messaging';
import { JsonLogger } from '@fengqiao/observability';
import { installTemporalLogging } from '@fengqiao/temporal';
import { servedQueues, type LegalAidConfig } from './config/legal-aid.config';
import { LegalAidModule } from './legal-aid.module';

/** Starts legal aid (NATS handlers, the activity workers of its queues, the org-tree feed, health). */
export async function startLegalAid(config: LegalAidConfig): Promise<INestApplication> {
  const logger = new JsonLogger('legal-aid', config.LOG_LEVEL);
  installTemporalLogging(logger);
  const app = await startNatsService(LegalAidModule.forRoot(config, logger), {
    name: 'legal-aid',
    port: config.PORT,
    natsUrl: config.NATS_URL,
    prefix: config.FQ_PREFIX,
    logger,
  });
  logger.event('legal-aid ready', {
    port: config.PORT,
    prefix: config.FQ_PREFIX ?? '',
    orgUnits: config.LEGAL_AID_ORG_UNITS.join(','),
    generalQueue: servedQueues(config).length > config.LEGAL_AID_ORG_UNITS.length,
  });
  return app;
}
