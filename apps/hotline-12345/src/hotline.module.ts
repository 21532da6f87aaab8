import { Inject, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { connect, type NatsConnection } from 'nats';
import { TokenVerifier } from '@fengqiao/auth';
import { HOTLINE_TASK_QUEUE, taskQueue, withPrefix, type CaseTransitionData, type CloudEvent } from '@fengqiao/contracts';
import { natsConnectionOptions, startEventsConsumer } from '@fengqiao/messaging';
import { HealthController, JsonLogger, natsReady, postgresReady, readinessChecks, runningReady } from '@fengqiao/observability';
import { createServiceDataSource } from '@fengqiao/persistence';
import { piiCipherFromEnv } from '@fengqiao/pii';
import { ActivityWorkerPool, connectTemporalClient, temporalCodecFromEnv } from '@fengqiao/temporal';
import { HOTLINE_CONFIG, HOTLINE_LOGGER, HOTLINE_SCHEMA, type HotlineConfig } from './config/hotline.config';
import { hotlineEntities } from './database/hotline.entities';
import { hotlineMigrations } from './database/hotline.migrations';
import { HOTLINE_FORMATS } from './formats/reference.format';
import { HOTLINE_FORMAT } from './formats/hotline-format.token';
import { InboundController } from './orders/inbound.controller';
import { intakeRegistrar, serviceAccountToken } from './orders/intake-client';
import { OrdersHandler } from './orders/orders.handler';
import { OrdersService } from './orders/orders.service';
import { PushDispatcher } from './pushes/push-dispatcher';
import { PushLogRetention } from './pushes/push-log-retention';
import { createDeadlineActivities } from './deadline/deadline.activities';
import { temporalDeadlineClock } from './deadline/deadline-clock';

const DATA_SOURCE = Symbol('DATA_SOURCE');
const NATS = Symbol('NATS');
const TEMPORAL = Symbol('TEMPORAL');
const SERVICE_TOKEN = Symbol('SERVICE_TOKEN');
type TemporalClient = Awaited<ReturnType<typeof connectTemporalClient>>;

/** The case events feed (a durable JetStream consumer) and the push dispatcher (NATS and the database close after the activity workers). */
class HotlineLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer: { stop: () => Promise<void> } | undefined;

  constructor(
    @Inject(HOTLINE_CONFIG) private readonly config: HotlineConfig,
    @Inject(OrdersService) private readonly orders: OrdersService,
    @Inject(PushDispatcher) private readonly dispatcher: PushDispatcher,
    @Inject(PushLogRetention) private readonly retention: PushLogRetention,
    @Inject(HOTLINE_LOGGER) private readonly logger: JsonLogger,
    @Inject(NATS) private readonly nats: NatsConnection,
  ) {}

  running(): boolean {
    return this.consumer !== undefined;
  }

  async onApplicationBootstrap() {
    const durable = this.config.HOTLINE_EVENTS_CONSUMER;
    this.consumer = await startEventsConsumer(this.nats, this.config.FQ_PREFIX, {
      durable,
      filterSubject: withPrefix(this.config.FQ_PREFIX, 'fq.evt.*.case.>'),
      handle: async (msg) => {
        let event: CloudEvent<CaseTransitionData>;
        try {
          event = msg.json<CloudEvent<CaseTransitionData>>();
        } catch {
          this.logger.event('unreadable event skipped', { subject: msg.subject, seq: msg.seq }, 'warn');
          return;
        }
        // A step of an order still being registered waits for its case to be recorded (nak, redelivered with back-off).
        if ((await this.orders.onCaseEvent(event)) === 'wait') throw new Error('case of no known order while an order is registering');
      },
      onError: (e, msg) => this.logger.event('case event not taken, will retry', { subject: msg.subject, seq: msg.seq, error: String(e) }, 'warn'),
    });
    this.dispatcher.start();
    this.retention.start();
    this.logger.event('hotline adapter running', { durable, centre: this.config.HOTLINE_CENTRE_ID, format: this.config.HOTLINE_FORMAT });
  }

  async beforeApplicationShutdown() {
    await this.consumer?.stop();
    await this.dispatcher.stop();
    await this.retention.stop();
  }
}

@Module({})
export class HotlineModule {
  static forRoot(config: HotlineConfig, logger: JsonLogger): DynamicModule {
    return {
      module: HotlineModule,
      controllers: [OrdersHandler, InboundController, HealthController],
      providers: [
        readinessChecks({
          inject: [DATA_SOURCE, NATS, HotlineLifecycle, ActivityWorkerPool, SERVICE_TOKEN],
          useFactory: (ds: DataSource, nats: NatsConnection, life: HotlineLifecycle, workers: ActivityWorkerPool, token: () => Promise<string>) => [
            postgresReady(ds),
            natsReady(nats),
            // Not ready to take orders until Keycloak grants the adapter's account (the token is then cached for them).
            { name: 'service-account', check: async () => void (await token()) },
            runningReady('case-events', () => life.running(), 'case events consumer not running'),
            runningReady('temporal-worker', () => workers.allRunning(), 'activity worker not running'),
          ],
        }),
        { provide: HOTLINE_CONFIG, useValue: config },
        { provide: HOTLINE_LOGGER, useValue: logger },
        { provide: HOTLINE_FORMAT, useValue: HOTLINE_FORMATS[config.HOTLINE_FORMAT] },
        {
          provide: DATA_SOURCE,
          useFactory: async () =>
            createServiceDataSource({
              url: config.DATABASE_URL,
              schema: HOTLINE_SCHEMA,
              entities: hotlineEntities,
              migrations: hotlineMigrations,
              applicationName: 'fq-hotline-12345',
            }).initialize(),
        },
        { provide: NATS, useFactory: () => connect(natsConnectionOptions(config.NATS_URL, 'fq-hotline-12345')) },
        {
          provide: SERVICE_TOKEN,
          useFactory: () =>
            serviceAccountToken({
              keycloakUrl: config.KEYCLOAK_URL,
              realm: config.KEYCLOAK_REALM,
              clientId: config.HOTLINE_CLIENT_ID,
              clientSecret: config.HOTLINE_CLIENT_SECRET,
            }),
        },
        {
          provide: TEMPORAL,
          useFactory: () =>
            connectTemporalClient({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, payloadCodec: temporalCodecFromEnv(config) }),
        },
        {
          // The deadline runs' activities on `hotline-12345`; NATS, Temporal and the database close after the worker drained.
          provide: ActivityWorkerPool,
          inject: [DATA_SOURCE, NATS, TEMPORAL],
          useFactory: (ds: DataSource, nats: NatsConnection, temporal: TemporalClient) =>
            new ActivityWorkerPool({
              config,
              taskQueues: [taskQueue(HOTLINE_TASK_QUEUE, undefined, config.FQ_PREFIX)],
              activities: () => createDeadlineActivities(ds),
              logger,
              afterStop: async () => {
                await temporal.connection.close();
                await nats.drain().catch(() => undefined);
                if (ds.isInitialized) await ds.destroy();
              },
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
        {
          provide: PushDispatcher,
          inject: [DATA_SOURCE],
          useFactory: (ds: DataSource) =>
            new PushDispatcher({
              ds,
              format: HOTLINE_FORMATS[config.HOTLINE_FORMAT]!,
              centre: config.HOTLINE_CENTRE_ID,
              secret: config.HOTLINE_SHARED_SECRET,
              url: config.HOTLINE_PUSH_URL,
              retryBaseMs: config.HOTLINE_RETRY_BASE_MS,
              retryMaxMs: config.HOTLINE_RETRY_MAX_MS,
              log: (message, fields, level) => logger.event(message, fields, level ?? 'info'),
            }),
        },
        {
          provide: PushLogRetention,
          inject: [DATA_SOURCE],
          useFactory: (ds: DataSource) =>
            new PushLogRetention({
              ds,
              retentionDays: config.HOTLINE_PUSH_RETENTION_DAYS,
              intervalMs: config.HOTLINE_PUSH_PRUNE_INTERVAL_MS,
              log: (message, fields, level) => logger.event(message, fields, level ?? 'info'),
            }),
        },
        {
          provide: OrdersService,
          inject: [DATA_SOURCE, NATS, PushDispatcher, TEMPORAL, SERVICE_TOKEN],
          useFactory: (ds: DataSource, nats: NatsConnection, dispatcher: PushDispatcher, temporal: TemporalClient, token: () => Promise<string>) =>
            new OrdersService({
              ds,
              centre: config.HOTLINE_CENTRE_ID,
              defaultOrgUnit: config.HOTLINE_ORG_UNIT,
              cipher: piiCipherFromEnv(config.PII_KEYRING),
              register: intakeRegistrar(nats, config.FQ_PREFIX, token),
              onPush: () => dispatcher.kick(),
              pushRetentionDays: config.HOTLINE_PUSH_RETENTION_DAYS,
              deadlines: temporalDeadlineClock(temporal.client, config.FQ_PREFIX),
              log: (message, fields) => logger.event(message, fields, 'warn'),
            }),
        },
        HotlineLifecycle,
      ],
    };
  }
}
