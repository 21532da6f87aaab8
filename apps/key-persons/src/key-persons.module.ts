import { Inject, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { connect, type NatsConnection } from 'nats';
import { NativeConnection, Worker } from '@temporalio/worker';
import { TokenVerifier } from '@fengqiao/auth';
import { taskQueue } from '@fengqiao/contracts';
import { ensureEventsStream, natsConnectionOptions, OutboxRelay, startOrgTreeFeed } from '@fengqiao/messaging';
import { HealthController, JsonLogger, readinessChecks } from '@fengqiao/observability';
import { createServiceDataSource } from '@fengqiao/persistence';
import { DEV_BLIND_INDEX_KEY, piiCipherFromEnv } from '@fengqiao/pii';
import { connectTemporalClient, platformDataConverter, temporalCodecFromEnv, workerTelemetry } from '@fengqiao/temporal';
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

/**
 * The Temporal side and the relay: the activity worker on `key-persons`, the outbox relay, and the
 * backstop (a run for every supervised person without one). Closes the database and NATS last.
 */
class KeyPersonsLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker: Worker | undefined;
  private run: Promise<void> | undefined;
  private connection: NativeConnection | undefined;

  constructor(
    @Inject(KEY_PERSONS_CONFIG) private readonly config: KeyPersonsConfig,
    @Inject(KeyPersonsService) private readonly kp: KeyPersonsService,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(KEY_PERSONS_LOGGER) private readonly logger: JsonLogger,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(NATS) private readonly nats: NatsConnection,
    @Inject(TEMPORAL) private readonly temporal: TemporalClient,
  ) {}

  running(): boolean {
    return this.worker?.getState() === 'RUNNING';
  }

  async onApplicationBootstrap() {
    await ensureEventsStream(await this.nats.jetstreamManager(), this.config.FQ_PREFIX);
    this.relay.start();
    this.connection = await NativeConnection.connect({ address: this.config.TEMPORAL_ADDRESS });
    const queue = taskQueue('key-persons', undefined, this.config.FQ_PREFIX);
    this.worker = await Worker.create({
      // Traces: activities join the workflow's trace; workflow spans leave the sandbox (libs/temporal).
      ...workerTelemetry(),
      connection: this.connection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      taskQueue: queue,
      activities: createKeyPersonActivities({ ds: this.ds, retentionDays: this.config.KEY_PERSON_RETENTION_DAYS, onOutboxWrite: () => this.relay.kick() }),
      dataConverter: platformDataConverter(temporalCodecFromEnv(this.config)),
    });
    this.run = this.worker.run().catch((e) => this.logger.event('activity worker stopped', { taskQueue: queue, error: String(e) }, 'error'));
    const asked = await this.kp.startMissingRuns();
    this.logger.event('activity worker running', { taskQueue: queue, supervisedRuns: asked });
  }

  async onApplicationShutdown() {
    if (this.worker?.getState() === 'RUNNING') this.worker.shutdown();
    await this.run;
    await this.connection?.close();
    await this.temporal.connection.close();
    await this.relay.stop();
    await this.nats.drain().catch(() => undefined);
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

/** The org tree copy's feed; stopped before the lifecycle closes NATS and the database. */
class OrgTreeFeed implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer: { stop: () => Promise<void> } | undefined;

  constructor(
    @Inject(KEY_PERSONS_CONFIG) private readonly config: KeyPersonsConfig,
    @Inject(OrgUnitsService) private readonly units: OrgUnitsService,
    @Inject(KEY_PERSONS_LOGGER) private readonly logger: JsonLogger,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(NATS) private readonly nats: NatsConnection,
  ) {}

  running(): boolean {
    return this.consumer !== undefined;
  }

  async onApplicationBootstrap() {
    const durable = this.config.KEY_PERSONS_ORG_TREE_CONSUMER;
    this.consumer = await startOrgTreeFeed({
      nats: this.nats,
      prefix: this.config.FQ_PREFIX,
      durable,
      logger: this.logger,
      apply: (u) => applyOrgUnit(this.ds, u),
      copied: () => this.units.forget(),
    });
    this.logger.event('org tree feed running', { durable });
  }

  async beforeApplicationShutdown() {
    await this.consumer?.stop();
  }
}

@Module({})
export class KeyPersonsModule {
  static forRoot(config: KeyPersonsConfig, logger: JsonLogger): DynamicModule {
    return {
      module: KeyPersonsModule,
      controllers: [KeyPersonsHandler, HealthController],
      providers: [
        readinessChecks({
          inject: [DATA_SOURCE, NATS, KeyPersonsLifecycle, OrgTreeFeed],
          useFactory: (ds: DataSource, nats: NatsConnection, life: KeyPersonsLifecycle, feed: OrgTreeFeed) => [
            { name: 'postgres', check: async () => void (await ds.query('SELECT 1')) },
            { name: 'nats', check: () => nats.flush() },
            {
              name: 'org-tree-feed',
              check: async () => {
                if (!feed.running()) throw new Error('org tree feed not running');
              },
            },
            {
              name: 'temporal-worker',
              check: async () => {
                if (!life.running()) throw new Error('activity worker not running');
              },
            },
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
        KeyPersonsLifecycle,
        OrgTreeFeed,
      ],
    };
  }
}
