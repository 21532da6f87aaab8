import { Inject, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { connect, type NatsConnection } from 'nats';
import { KeycloakDirectory, TokenVerifier } from '@fengqiao/auth';
import { ALL_EVENTS, WEBHOOK_JOBS, withPrefix, type CloudEvent } from '@fengqiao/contracts';
import { natsConnectionOptions, startDurableConsumer, startEventsConsumer, startOrgTreeFeed } from '@fengqiao/messaging';
import { HealthController, JsonLogger, natsReady, postgresReady, readinessChecks, runningReady } from '@fengqiao/observability';
import { createServiceDataSource } from '@fengqiao/persistence';
import { piiCipherFromEnv, type PiiCipher } from '@fengqiao/pii';
import { WEBHOOKS_CONFIG, WEBHOOKS_LOGGER, WEBHOOKS_SCHEMA, type WebhooksConfig } from './config/webhooks.config';
import { webhooksMigrations } from './database/webhooks.migrations';
import { deliver, RetryLater } from './delivery/deliverer';
import { fanOut } from './delivery/fan-out';
import { enqueueJobs, ensureJobsStream, type Job } from './delivery/jobs';
import { applyOrgUnit, OrgUnits } from './org-units/org-units';
import { SubscriptionsService } from './subscriptions/subscriptions.service';
import { WebhooksHandler } from './subscriptions/webhooks.handler';

const DATA_SOURCE = Symbol('DATA_SOURCE');
const NATS = Symbol('NATS');
const CIPHER = Symbol('CIPHER');
const ENQUEUE = Symbol('ENQUEUE');
type Enqueue = (jobs: readonly Job[]) => Promise<void>;

/**
 * The three durable consumers: the org-tree copy, the fan-out of `FQ_EVENTS` into deliveries, and
 * the deliverer of the job stream. At start every pending delivery is queued again (a crash between
 * a commit and its publish loses none; a repeat is dropped by its message id or by its state).
 */
class Consumers implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private running: Array<{ stop: () => Promise<void> }> = [];

  constructor(
    @Inject(WEBHOOKS_CONFIG) private readonly config: WebhooksConfig,
    @Inject(WEBHOOKS_LOGGER) private readonly logger: JsonLogger,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(NATS) private readonly nats: NatsConnection,
    @Inject(CIPHER) private readonly cipher: PiiCipher,
    @Inject(OrgUnits) private readonly units: OrgUnits,
    @Inject(ENQUEUE) private readonly enqueue: Enqueue,
    @Inject(KeycloakDirectory) private readonly directory: KeycloakDirectory,
  ) {}

  ready(): boolean {
    return this.running.length === 3;
  }

  async onApplicationBootstrap() {
    const c = this.config;
    const jsm = await this.nats.jetstreamManager();
    const jobsStream = await ensureJobsStream(jsm, c.FQ_PREFIX);
    this.running.push(
      await startOrgTreeFeed({
        nats: this.nats,
        prefix: c.FQ_PREFIX,
        durable: c.WEBHOOKS_ORG_TREE_CONSUMER,
        logger: this.logger,
        apply: (u) => applyOrgUnit(this.ds, u),
        copied: () => this.units.forget(),
      }),
    );
    const pending = (await this.ds.query(`SELECT id, enqueued FROM webhooks.deliveries WHERE state = 'pending' ORDER BY created_at`)) as Job[];
    await this.enqueue(pending);
    this.running.push(
      await startDurableConsumer({
        js: this.nats.jetstream(),
        jsm,
        stream: jobsStream,
        durable: c.WEBHOOKS_DELIVERY_CONSUMER,
        filterSubject: withPrefix(c.FQ_PREFIX, WEBHOOK_JOBS),
        // Past one attempt (its timeout) and its bookkeeping: a job held by a crashed replica comes back soon after.
        ackWaitMs: 2 * c.WEBHOOK_TIMEOUT_MS + 5_000,
        maxDeliver: c.WEBHOOK_MAX_ATTEMPTS,
        concurrency: c.WEBHOOK_CONCURRENCY,
        maxMessages: c.WEBHOOK_CONCURRENCY,
        handle: async (msg) => {
          const { deliveryId } = msg.json<{ deliveryId: string }>();
          await deliver(
            {
              ds: this.ds,
              cipher: this.cipher,
              timeoutMs: c.WEBHOOK_TIMEOUT_MS,
              pauseAfter: c.WEBHOOK_PAUSE_AFTER,
              maxAttempts: c.WEBHOOK_MAX_ATTEMPTS,
              allowLoopbackHttp: c.WEBHOOKS_ALLOW_LOOPBACK_HTTP,
              ownerOf: (id) => this.directory.caller(id),
              pathOf: (code) => this.units.path(code),
              log: (m, f) => this.logger.event(m, f, 'warn'),
            },
            deliveryId,
            msg.info.deliveryCount,
          );
        },
        onError: (e, msg) => {
          if (!(e instanceof RetryLater)) this.logger.event('webhook delivery failed, will retry', { subject: msg.subject, error: String(e) }, 'warn');
        },
      }),
    );
    this.running.push(
      await startEventsConsumer(this.nats, c.FQ_PREFIX, {
        durable: c.WEBHOOKS_FANOUT_CONSUMER,
        filterSubject: withPrefix(c.FQ_PREFIX, ALL_EVENTS),
        handle: async (msg) => {
          let event: CloudEvent;
          try {
            event = msg.json<CloudEvent>();
          } catch {
            return; // not an event: nothing to deliver
          }
          await this.enqueue(
            await fanOut(this.ds, event, msg.subject, {
              pathOf: (code) => this.units.path(code),
              ownerOf: (id) => this.directory.caller(id),
              log: (m, f) => this.logger.event(m, f, 'warn'),
            }),
          );
        },
        onError: (e, msg) => this.logger.event('webhook fan-out failed, will retry', { subject: msg.subject, seq: msg.seq, error: String(e) }, 'warn'),
      }),
    );
    this.logger.event('webhook consumers running', { requeued: pending.length });
  }

  async beforeApplicationShutdown() {
    for (const r of this.running.reverse()) await r.stop();
    this.running = [];
  }

  async onApplicationShutdown() {
    await this.nats.drain().catch(() => undefined);
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

@Module({})
export class WebhooksModule {
  static forRoot(config: WebhooksConfig, logger: JsonLogger): DynamicModule {
    return {
      module: WebhooksModule,
      controllers: [WebhooksHandler, HealthController],
      providers: [
        readinessChecks({
          inject: [DATA_SOURCE, NATS, Consumers],
          useFactory: (ds: DataSource, nats: NatsConnection, consumers: Consumers) => [
            postgresReady(ds),
            natsReady(nats),
            runningReady('consumers', () => consumers.ready(), 'webhook consumers not running'),
          ],
        }),
        { provide: WEBHOOKS_CONFIG, useValue: config },
        { provide: WEBHOOKS_LOGGER, useValue: logger },
        {
          provide: DATA_SOURCE,
          useFactory: async () =>
            createServiceDataSource({
              url: config.DATABASE_URL,
              schema: WEBHOOKS_SCHEMA,
              entities: [],
              migrations: webhooksMigrations,
              applicationName: 'fq-webhooks',
            }).initialize(),
        },
        { provide: NATS, useFactory: () => connect(natsConnectionOptions(config.NATS_URL, 'fq-webhooks')) },
        { provide: CIPHER, useFactory: () => piiCipherFromEnv(config.WEBHOOK_SECRET_KEYRING) },
        {
          provide: ENQUEUE,
          inject: [NATS],
          useFactory: (nats: NatsConnection): Enqueue => {
            const js = nats.jetstream();
            return (jobs) => enqueueJobs(js, config.FQ_PREFIX, jobs);
          },
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
          provide: KeycloakDirectory,
          useFactory: () =>
            new KeycloakDirectory({
              keycloakUrl: config.KEYCLOAK_URL,
              realm: config.KEYCLOAK_REALM,
              clientId: config.WEBHOOKS_DIRECTORY_CLIENT_ID,
              clientSecret: config.WEBHOOKS_DIRECTORY_CLIENT_SECRET,
              ttlMs: config.WEBHOOKS_OWNER_CACHE_MS,
            }),
        },
        { provide: OrgUnits, inject: [DATA_SOURCE], useFactory: (ds: DataSource) => new OrgUnits(ds) },
        {
          provide: SubscriptionsService,
          inject: [DATA_SOURCE, CIPHER, OrgUnits, ENQUEUE],
          useFactory: (ds: DataSource, cipher: PiiCipher, units: OrgUnits, enqueue: Enqueue) =>
            new SubscriptionsService({ ds, cipher, allowLoopbackHttp: config.WEBHOOKS_ALLOW_LOOPBACK_HTTP, pathOf: (c) => units.path(c), enqueue }),
        },
        Consumers,
      ],
    };
  }
}
