import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { connect, type NatsConnection } from 'nats';
import { TokenVerifier } from '@fengqiao/auth';
import { taskQueue } from '@fengqiao/contracts';
import { cjkFont } from '@fengqiao/documents';
import { natsConnectionOptions, OrgTreeFeed, orgTreeFeedProvider } from '@fengqiao/messaging';
import { HealthController, JsonLogger, natsReady, postgresReady, readinessChecks, runningReady } from '@fengqiao/observability';
import { createServiceDataSource } from '@fengqiao/persistence';
import { AuditOutbox } from '@fengqiao/audit';
import { ActivityWorkerPool } from '@fengqiao/temporal';
import { LEGAL_AID_CONFIG, LEGAL_AID_LOGGER, LEGAL_AID_SCHEMA, servedQueues, type LegalAidConfig } from './config/legal-aid.config';
import { legalAidEntities } from './database/legal-aid.entities';
import { legalAidMigrations } from './database/legal-aid.migrations';
import { OrgUnitsService } from './org-units/org-units.service';
import { applyOrgUnit } from './org-units/org-tree-feed';
import { LegalAidService } from './file/legal-aid.service';
import { ProvidersService } from './providers/providers.service';
import { StandardsService } from './standards/standards.service';
import { LegalAidHandler } from './handlers/legal-aid.handler';
import { createLegalAidActivities } from './activities/legal-aid.activities';

const DATA_SOURCE = Symbol('DATA_SOURCE');
const NATS = Symbol('NATS');

@Module({})
export class LegalAidModule {
  static forRoot(config: LegalAidConfig, logger: JsonLogger): DynamicModule {
    return {
      module: LegalAidModule,
      controllers: [LegalAidHandler, HealthController],
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
        { provide: LEGAL_AID_CONFIG, useValue: config },
        { provide: LEGAL_AID_LOGGER, useValue: logger },
        {
          provide: DATA_SOURCE,
          useFactory: async () =>
            createServiceDataSource({
              url: config.DATABASE_URL,
              schema: LEGAL_AID_SCHEMA,
              entities: legalAidEntities,
              migrations: legalAidMigrations,
              applicationName: 'fq-legal-aid',
            }).initialize(),
        },
        { provide: NATS, useFactory: () => connect(natsConnectionOptions(config.NATS_URL, 'fq-legal-aid-health')) },
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
        { provide: StandardsService, inject: [DATA_SOURCE, OrgUnitsService], useFactory: (ds: DataSource, u: OrgUnitsService) => new StandardsService(ds, u) },
        {
          provide: ProvidersService,
          inject: [DATA_SOURCE, OrgUnitsService, StandardsService],
          useFactory: (ds: DataSource, u: OrgUnitsService, s: StandardsService) => new ProvidersService(ds, u, s),
        },
        {
          provide: LegalAidService,
          inject: [DATA_SOURCE, OrgUnitsService, StandardsService, AuditOutbox],
          useFactory: (ds: DataSource, u: OrgUnitsService, s: StandardsService, audit: AuditOutbox) =>
            new LegalAidService(ds, u, s, { issuer: config.LEGAL_AID_ISSUER, font: cjkFont(), audit, logger }),
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
          // An activity worker on `legal-aid` (unless turned off) and one on `legal-aid@<code>` per served
          // unit; the database and NATS close only after they drain.
          provide: ActivityWorkerPool,
          inject: [LegalAidService, ProvidersService, DATA_SOURCE, NATS, AuditOutbox],
          useFactory: (legalAid: LegalAidService, providers: ProvidersService, ds: DataSource, nats: NatsConnection, audit: AuditOutbox) =>
            new ActivityWorkerPool({
              config,
              taskQueues: servedQueues(config).map((q) => taskQueue('legal-aid', q.orgUnit, config.FQ_PREFIX)),
              activities: () => createLegalAidActivities({ legalAid, providers, logger }),
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
          durable: config.LEGAL_AID_ORG_TREE_CONSUMER,
          logger,
          apply: applyOrgUnit,
        }),
      ],
    };
  }
}
