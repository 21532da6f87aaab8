import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { connect, type NatsConnection } from 'nats';
import { natsConnectionOptions, OrgTreeFeed, orgTreeFeedProvider } from '@fengqiao/messaging';
import { TokenVerifier } from '@fengqiao/auth';
import { taskQueue } from '@fengqiao/contracts';
import { HealthController, JsonLogger, natsReady, postgresReady, readinessChecks, runningReady } from '@fengqiao/observability';
import { createServiceDataSource } from '@fengqiao/persistence';
import { ActivityWorkerPool } from '@fengqiao/temporal';
import { MEDIATION_CONFIG, MEDIATION_LOGGER, MEDIATION_SCHEMA, type MediationConfig } from './config/mediation.config';
import { mediationEntities } from './database/mediation.entities';
import { mediationMigrations } from './database/mediation.migrations';
import { OrgUnitsService } from './org-units/org-units.service';
import { applyOrgUnit } from './org-units/org-tree-feed';
import { MediatorsService } from './mediators/mediators.service';
import { MediatorsHandler } from './mediators/mediators.handler';
import { CaseworkService } from './casework/casework.service';
import { ReturnVisitsHandler } from './casework/return-visits.handler';
import { createMediationActivities } from './activities/mediation.activities';

const DATA_SOURCE = Symbol('DATA_SOURCE');
const NATS = Symbol('NATS');

@Module({})
export class MediationModule {
  static forRoot(config: MediationConfig, logger: JsonLogger): DynamicModule {
    return {
      module: MediationModule,
      controllers: [MediatorsHandler, ReturnVisitsHandler, HealthController],
      providers: [
        readinessChecks({
          inject: [DATA_SOURCE, NATS, ActivityWorkerPool, OrgTreeFeed],
          useFactory: (ds: DataSource, nats: NatsConnection, workers: ActivityWorkerPool, feed: OrgTreeFeed) => [
            postgresReady(ds),
            natsReady(nats),
            runningReady('org-tree-feed', () => feed.running(), 'org tree feed not running'),
            runningReady('temporal-workers', () => workers.allRunning(), 'activity workers not running'),
          ],
        }),
        { provide: MEDIATION_CONFIG, useValue: config },
        { provide: MEDIATION_LOGGER, useValue: logger },
        {
          provide: DATA_SOURCE,
          useFactory: async () =>
            createServiceDataSource({
              url: config.DATABASE_URL,
              schema: MEDIATION_SCHEMA,
              entities: mediationEntities,
              migrations: mediationMigrations,
              applicationName: 'fq-mediation',
            }).initialize(),
        },
        { provide: NATS, useFactory: () => connect(natsConnectionOptions(config.NATS_URL, 'fq-mediation-health')) },
        {
          provide: TokenVerifier,
          useFactory: () =>
            new TokenVerifier({
              keycloakUrl: config.KEYCLOAK_URL,
              publicUrl: config.KEYCLOAK_PUBLIC_URL,
              realm: config.KEYCLOAK_REALM,
              audience: 'fq-gateway',
            }),
        },
        { provide: OrgUnitsService, inject: [DATA_SOURCE], useFactory: (ds: DataSource) => new OrgUnitsService(ds) },
        {
          provide: MediatorsService,
          inject: [DATA_SOURCE, OrgUnitsService],
          useFactory: (ds: DataSource, units: OrgUnitsService) => new MediatorsService(ds, units),
        },
        {
          provide: CaseworkService,
          inject: [DATA_SOURCE, OrgUnitsService],
          useFactory: (ds: DataSource, units: OrgUnitsService) => new CaseworkService(ds, units, config.MEDIATION_ORG_UNITS.join(',')),
        },
        {
          // One activity worker per served org unit (`mediation@<code>`), so a workflow reaches the centre
          // it needs by naming its queue; the database and NATS close only after they drain.
          provide: ActivityWorkerPool,
          inject: [MediatorsService, CaseworkService, DATA_SOURCE, NATS],
          useFactory: (mediators: MediatorsService, casework: CaseworkService, ds: DataSource, nats: NatsConnection) =>
            new ActivityWorkerPool({
              config,
              taskQueues: config.MEDIATION_ORG_UNITS.map((orgUnit) => taskQueue('mediation', orgUnit, config.FQ_PREFIX)),
              activities: () => createMediationActivities({ mediators, casework, logger }),
              logger,
              afterStop: async () => {
                await nats.drain().catch(() => undefined);
                if (ds.isInitialized) await ds.destroy();
              },
            }),
        },
        orgTreeFeedProvider({
          db: DATA_SOURCE,
          nats: NATS,
          copy: OrgUnitsService,
          prefix: config.FQ_PREFIX,
          durable: config.MEDIATION_ORG_TREE_CONSUMER,
          logger,
          apply: applyOrgUnit,
        }),
      ],
    };
  }
}
