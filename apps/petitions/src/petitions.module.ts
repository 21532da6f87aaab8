import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { connect, type NatsConnection } from 'nats';
import { natsConnectionOptions, OrgTreeFeed, orgTreeFeedProvider } from '@fengqiao/messaging';
import { TokenVerifier } from '@fengqiao/auth';
import { taskQueue } from '@fengqiao/contracts';
import { cjkFont } from '@fengqiao/documents';
import { HealthController, JsonLogger, natsReady, postgresReady, readinessChecks, runningReady } from '@fengqiao/observability';
import { createServiceDataSource } from '@fengqiao/persistence';
import { AuditOutbox } from '@fengqiao/audit';
import { ActivityWorkerPool } from '@fengqiao/temporal';
import { PETITIONS_CONFIG, PETITIONS_LOGGER, PETITIONS_SCHEMA, servedQueues, type PetitionsConfig } from './config/petitions.config';
import { petitionsEntities } from './database/petitions.entities';
import { petitionsMigrations } from './database/petitions.migrations';
import { OrgUnitsService } from './org-units/org-units.service';
import { applyOrgUnit } from './org-units/org-tree-feed';
import { PetitionsService } from './file/petitions.service';
import { PetitionsHandler } from './file/petitions.handler';
import { createPetitionActivities } from './activities/petitions.activities';

const DATA_SOURCE = Symbol('DATA_SOURCE');
const NATS = Symbol('NATS');

@Module({})
export class PetitionsModule {
  static forRoot(config: PetitionsConfig, logger: JsonLogger): DynamicModule {
    return {
      module: PetitionsModule,
      controllers: [PetitionsHandler, HealthController],
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
        { provide: PETITIONS_CONFIG, useValue: config },
        { provide: PETITIONS_LOGGER, useValue: logger },
        {
          provide: DATA_SOURCE,
          useFactory: async () =>
            createServiceDataSource({
              url: config.DATABASE_URL,
              schema: PETITIONS_SCHEMA,
              entities: petitionsEntities,
              migrations: petitionsMigrations,
              applicationName: 'fq-petitions',
            }).initialize(),
        },
        { provide: NATS, useFactory: () => connect(natsConnectionOptions(config.NATS_URL, 'fq-petitions-health')) },
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
          provide: PetitionsService,
          inject: [DATA_SOURCE, OrgUnitsService, AuditOutbox],
          useFactory: (ds: DataSource, units: OrgUnitsService, audit: AuditOutbox) =>
            new PetitionsService(ds, units, { issuer: config.PETITIONS_ISSUER, font: cjkFont(), audit, logger }),
        },
        {
          // Reads' entries are chained durably in group commits (few reads here: the service's own pool);
          // the drainer chains what an older version left on the read outbox.
          provide: AuditOutbox,
          inject: [DATA_SOURCE],
          useFactory: (ds: DataSource) =>
            new AuditOutbox({
              write: (sql, params) => ds.query(sql, params),
              transaction: (fn) => ds.transaction(fn),
              onError: (e) => logger.event('audit outbox not drained, will retry', { error: String(e) }, 'warn'),
            }),
        },
        {
          // An activity worker on `petitions` (unless turned off) and one on `petitions@<code>` per served
          // unit; the database and NATS close only after they drain.
          provide: ActivityWorkerPool,
          inject: [PetitionsService, DATA_SOURCE, NATS, AuditOutbox],
          useFactory: (petitions: PetitionsService, ds: DataSource, nats: NatsConnection, audit: AuditOutbox) =>
            new ActivityWorkerPool({
              config,
              taskQueues: servedQueues(config).map((q) => taskQueue('petitions', q.orgUnit, config.FQ_PREFIX)),
              activities: () => createPetitionActivities({ petitions, logger }),
              logger,
              beforeStart: () => audit.start(),
              afterStop: async () => {
                await nats.drain().catch(() => undefined);
                // What reads left on the audit outbox is chained before the pool closes.
                await audit.stop();
                if (ds.isInitialized) await ds.destroy();
              },
            }),
        },
        orgTreeFeedProvider({
          db: DATA_SOURCE,
          nats: NATS,
          copy: OrgUnitsService,
          prefix: config.FQ_PREFIX,
          durable: config.PETITIONS_ORG_TREE_CONSUMER,
          logger,
          apply: applyOrgUnit,
        }),
      ],
    };
  }
}
