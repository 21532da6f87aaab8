import { Inject, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { connect, type NatsConnection } from 'nats';
import { natsConnectionOptions } from '@fengqiao/messaging';
import { NativeConnection, Worker } from '@temporalio/worker';
import { TokenVerifier } from '@fengqiao/auth';
import { taskQueue } from '@fengqiao/contracts';
import { cjkFont } from '@fengqiao/documents';
import { HealthController, JsonLogger, readinessChecks } from '@fengqiao/observability';
import { createServiceDataSource } from '@fengqiao/persistence';
import { AuditOutbox } from '@fengqiao/audit';
import { platformDataConverter, temporalCodecFromEnv, workerTelemetry } from '@fengqiao/temporal';
import { PETITIONS_CONFIG, PETITIONS_LOGGER, PETITIONS_SCHEMA, servedQueues, type PetitionsConfig } from './config/petitions.config';
import { petitionsEntities } from './database/petitions.entities';
import { petitionsMigrations } from './database/petitions.migrations';
import { OrgUnitsService } from './org-units/org-units.service';
import { startOrgTreeFeed } from './org-units/org-tree-feed';
import { PetitionsService } from './file/petitions.service';
import { PetitionsHandler } from './file/petitions.handler';
import { createPetitionActivities } from './activities/petitions.activities';

const DATA_SOURCE = Symbol('DATA_SOURCE');
const NATS = Symbol('NATS');

/**
 * The Temporal side: an activity worker on `petitions` (unless turned off) and one on
 * `petitions@<code>` per served unit, all on one connection. Closes the database and NATS only
 * after the workers have drained.
 */
class ActivityWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private workers: Worker[] = [];
  private runs: Array<Promise<void>> = [];
  private connection: NativeConnection | undefined;

  constructor(
    @Inject(PETITIONS_CONFIG) private readonly config: PetitionsConfig,
    @Inject(PetitionsService) private readonly petitions: PetitionsService,
    @Inject(PETITIONS_LOGGER) private readonly logger: JsonLogger,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(NATS) private readonly nats: NatsConnection,
    @Inject(AuditOutbox) private readonly audit: AuditOutbox,
  ) {}

  /** For readiness: every queue has a running worker. */
  allRunning(): boolean {
    return this.workers.length === servedQueues(this.config).length && this.workers.every((w) => w.getState() === 'RUNNING');
  }

  async onApplicationBootstrap() {
    this.audit.start();
    this.connection = await NativeConnection.connect({ address: this.config.TEMPORAL_ADDRESS });
    const activities = createPetitionActivities({ petitions: this.petitions, logger: this.logger });
    // Activity inputs are encrypted in Temporal's history (same keyring as the orchestrator).
    const codec = temporalCodecFromEnv(this.config);
    const queues = servedQueues(this.config).map((q) => taskQueue('petitions', q.orgUnit, this.config.FQ_PREFIX));
    for (const queue of queues) {
      const worker = await Worker.create({
        // Traces: activities join the workflow's trace; workflow spans leave the sandbox (libs/temporal).
        ...workerTelemetry(),
        connection: this.connection,
        namespace: this.config.TEMPORAL_NAMESPACE,
        taskQueue: queue,
        activities,
        dataConverter: platformDataConverter(codec),
      });
      this.workers.push(worker);
      this.runs.push(worker.run().catch((e) => this.logger.event('activity worker stopped', { taskQueue: queue, error: String(e) }, 'error')));
    }
    this.logger.event('activity workers running', { taskQueues: queues.join(',') });
  }

  async onApplicationShutdown() {
    for (const w of this.workers) if (w.getState() === 'RUNNING') w.shutdown();
    await Promise.all(this.runs);
    await this.connection?.close();
    await this.nats.drain().catch(() => undefined);
    // What reads left on the audit outbox is chained before the pool closes.
    await this.audit.stop();
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

/** The org tree copy's feed; stopped before the workers close NATS and the database. */
class OrgTreeFeed implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer: { stop: () => Promise<void> } | undefined;

  constructor(
    @Inject(PETITIONS_CONFIG) private readonly config: PetitionsConfig,
    @Inject(OrgUnitsService) private readonly units: OrgUnitsService,
    @Inject(PETITIONS_LOGGER) private readonly logger: JsonLogger,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(NATS) private readonly nats: NatsConnection,
  ) {}

  running(): boolean {
    return this.consumer !== undefined;
  }

  async onApplicationBootstrap() {
    const durable = this.config.PETITIONS_ORG_TREE_CONSUMER;
    this.consumer = await startOrgTreeFeed({ nats: this.nats, ds: this.ds, units: this.units, prefix: this.config.FQ_PREFIX, durable, logger: this.logger });
    this.logger.event('org tree feed running', { durable });
  }

  async beforeApplicationShutdown() {
    await this.consumer?.stop();
  }
}

@Module({})
export class PetitionsModule {
  static forRoot(config: PetitionsConfig, logger: JsonLogger): DynamicModule {
    return {
      module: PetitionsModule,
      controllers: [PetitionsHandler, HealthController],
      providers: [
        readinessChecks({
          inject: [DATA_SOURCE, NATS, ActivityWorkers, OrgTreeFeed],
          useFactory: (ds: DataSource, nats: NatsConnection, workers: ActivityWorkers, feed: OrgTreeFeed) => [
            { name: 'postgres', check: async () => void (await ds.query('SELECT 1')) },
            { name: 'nats', check: () => nats.flush() },
            {
              name: 'org-tree-feed',
              check: async () => {
                if (!feed.running()) throw new Error('org tree feed not running');
              },
            },
            {
              name: 'temporal-workers',
              check: async () => {
                if (!workers.allRunning()) throw new Error('activity workers not running');
              },
            },
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
        ActivityWorkers,
        OrgTreeFeed,
      ],
    };
  }
}
