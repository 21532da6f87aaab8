import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { connect, type NatsConnection } from 'nats';
import { TokenVerifier } from '@fengqiao/auth';
import { taskQueue } from '@fengqiao/contracts';
import { ensureEventsStream, natsConnectionOptions, OrgTreeFeed, orgTreeFeedProvider, OutboxRelay } from '@fengqiao/messaging';
import { HealthController, JsonLogger, natsReady, postgresReady, readinessChecks, runningReady } from '@fengqiao/observability';
import { createServiceDataSource } from '@fengqiao/persistence';
import { DEV_BLIND_INDEX_KEY, piiCipherFromEnv } from '@fengqiao/pii';
import { ActivityWorkerPool, connectTemporalClient, temporalCodecFromEnv } from '@fengqiao/temporal';
import { KEY_PERSONS_CONFIG, KEY_PERSONS_LOGGER, KEY_PERSONS_SCHEMA, type KeyPersonsConfig } from './config/key-persons.config';
import { keyPersonsEntities } from './database/key-persons.entities';
import { keyPersonsMigrations } from './database/key-persons.migrations';
import { OrgUnitsService } from './org-units/org-units.service';
import { applyOrgUnit } from './org-units/org-tree-feed';
import { KeyPersonsService } from './register/key-persons.service';
import { KeyPersonsHandler } from './register/key-persons.handler';
import { temporalSupervision } from './register/supervision-control';
import { intakeCasesOfPerson } from './register/intake-client';
import { createKeyPersonActivities } from './activities/key-persons.activities';

const DATA_SOURCE = Symbol('DATA_SOURCE');
const NATS = Symbol('NATS');
const TEMPORAL = Symbol('TEMPORAL');
type TemporalClient = Awaited<ReturnType<typeof connectTemporalClient>>;

@Module({})
export class KeyPersonsModule {
  static forRoot(config: KeyPersonsConfig, logger: JsonLogger): DynamicModule {
    return {
      module: KeyPersonsModule,
      controllers: [KeyPersonsHandler, HealthController],
      providers: [
        readinessChecks({
          inject: [DATA_SOURCE, NATS, ActivityWorkerPool, OrgTreeFeed],
          useFactory: (ds: DataSource, nats: NatsConnection, worker: ActivityWorkerPool, feed: OrgTreeFeed) => [
            postgresReady(ds),
            natsReady(nats),
            runningReady('org-tree-feed', () => feed.running(), 'org tree feed not running'),
            runningReady('temporal-worker', () => worker.allRunning(), 'activity worker not running'),
          ],
        }),
        { provide: KEY_PERSONS_CONFIG, useValue: config },
        { provide: KEY_PERSONS_LOGGER, useValue: logger },
        {
          provide: DATA_SOURCE,
          useFactory: async () =>
            createServiceDataSource({
              url: config.DATABASE_URL,
              schema: KEY_PERSONS_SCHEMA,
              entities: keyPersonsEntities,
              migrations: keyPersonsMigrations,
              applicationName: 'fq-key-persons',
            }).initialize(),
        },
        { provide: NATS, useFactory: () => connect(natsConnectionOptions(config.NATS_URL, 'fq-key-persons')) },
        {
          provide: TEMPORAL,
          useFactory: () =>
            connectTemporalClient({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, payloadCodec: temporalCodecFromEnv(config) }),
        },
        {
          provide: OutboxRelay,
          inject: [DATA_SOURCE, NATS],
          useFactory: (ds: DataSource, nats: NatsConnection) =>
            new OutboxRelay({
              dataSource: ds,
              schema: KEY_PERSONS_SCHEMA,
              js: nats.jetstream(),
              subjectPrefix: config.FQ_PREFIX,
              onError: (e) => logger.event('outbox relay failed, will retry', { error: String(e) }, 'warn'),
            }),
        },
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
          provide: KeyPersonsService,
          inject: [DATA_SOURCE, OrgUnitsService, OutboxRelay, NATS, TEMPORAL],
          useFactory: (ds: DataSource, units: OrgUnitsService, relay: OutboxRelay, nats: NatsConnection, temporal: TemporalClient) =>
            new KeyPersonsService({
              ds,
              units,
              cipher: piiCipherFromEnv(config.PII_KEYRING),
              blindIndexKey: Buffer.from(config.PII_BLIND_INDEX_KEY || DEV_BLIND_INDEX_KEY, 'base64'),
              supervision: temporalSupervision(temporal.client, config.FQ_PREFIX),
              retentionDays: config.KEY_PERSON_RETENTION_DAYS,
              casesOfPerson: intakeCasesOfPerson(nats, config.FQ_PREFIX),
              onOutboxWrite: () => relay.kick(),
              log: (message, fields) => logger.event(message, fields, 'warn'),
            }),
        },
        {
          // The activity worker on `key-persons` with the outbox relay beside it; once it polls, the backstop
          // asks for a run for every supervised person without one. NATS and the database close last.
          provide: ActivityWorkerPool,
          inject: [DATA_SOURCE, NATS, TEMPORAL, OutboxRelay, KeyPersonsService],
          useFactory: (ds: DataSource, nats: NatsConnection, temporal: TemporalClient, relay: OutboxRelay, kp: KeyPersonsService) =>
            new ActivityWorkerPool({
              config,
              taskQueues: [taskQueue('key-persons', undefined, config.FQ_PREFIX)],
              activities: () => createKeyPersonActivities({ ds, retentionDays: config.KEY_PERSON_RETENTION_DAYS, onOutboxWrite: () => relay.kick() }),
              logger,
              beforeStart: async () => {
                await ensureEventsStream(await nats.jetstreamManager(), config.FQ_PREFIX);
                relay.start();
              },
              afterStart: async () => logger.event('supervision backstop', { supervisedRuns: await kp.startMissingRuns() }),
              afterStop: async () => {
                await temporal.connection.close();
                await relay.stop();
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
          durable: config.KEY_PERSONS_ORG_TREE_CONSUMER,
          logger,
          apply: applyOrgUnit,
        }),
      ],
    };
  }
}
