import { Inject, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { connect, type NatsConnection } from 'nats';
import { natsConnectionOptions } from '@fengqiao/messaging';
import { NativeConnection, Worker } from '@temporalio/worker';
import { TokenVerifier } from '@fengqiao/auth';
import { taskQueue } from '@fengqiao/contracts';
import { HealthController, JsonLogger, readinessChecks } from '@fengqiao/observability';
import { createServiceDataSource } from '@fengqiao/persistence';
import { platformDataConverter, temporalCodecFromEnv, workerTelemetry } from '@fengqiao/temporal';
import { MEDIATION_CONFIG, MEDIATION_LOGGER, MEDIATION_SCHEMA, type MediationConfig } from './config/mediation.config';
import { mediationEntities } from './database/mediation.entities';
import { mediationMigrations } from './database/mediation.migrations';
import { OrgUnitsService } from './org-units/org-units.service';
import { startOrgTreeFeed } from './org-units/org-tree-feed';
import { MediatorsService } from './mediators/mediators.service';
import { MediatorsHandler } from './mediators/mediators.handler';
import { CaseworkService } from './casework/casework.service';
import { ReturnVisitsHandler } from './casework/return-visits.handler';
import { createMediationActivities } from './activities/mediation.activities';

const DATA_SOURCE = Symbol('DATA_SOURCE');
const NATS = Symbol('NATS');

/**
 * The Temporal side: one activity worker per served org unit (`mediation@<code>`), all on
 * one connection, so a workflow reaches the centre it needs by naming its queue. Closes the
 * database and NATS only after the workers have drained.
 */
class ActivityWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private workers: Worker[] = [];
  private runs: Array<Promise<void>> = [];
  private connection: NativeConnection | undefined;

  constructor(
    @Inject(MEDIATION_CONFIG) private readonly config: MediationConfig,
    @Inject(MediatorsService) private readonly mediators: MediatorsService,
    @Inject(CaseworkService) private readonly casework: CaseworkService,
    @Inject(MEDIATION_LOGGER) private readonly logger: JsonLogger,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(NATS) private readonly nats: NatsConnection,
  ) {}

  /** For readiness: every queue has a running worker. */
  allRunning(): boolean {
    return this.workers.length === this.config.MEDIATION_ORG_UNITS.length && this.workers.every((w) => w.getState() === 'RUNNING');
  }

  async onApplicationBootstrap() {
    this.connection = await NativeConnection.connect({ address: this.config.TEMPORAL_ADDRESS });
    const activities = createMediationActivities({ mediators: this.mediators, casework: this.casework, logger: this.logger });
    // Activity inputs and results are encrypted in Temporal's history (same keyring as the orchestrator).
    const codec = temporalCodecFromEnv(this.config);
    for (const orgUnit of this.config.MEDIATION_ORG_UNITS) {
      const queue = taskQueue('mediation', orgUnit, this.config.FQ_PREFIX);
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
    this.logger.event('activity workers running', { orgUnits: this.config.MEDIATION_ORG_UNITS.join(',') });
  }

  async onApplicationShutdown() {
    for (const w of this.workers) if (w.getState() === 'RUNNING') w.shutdown();
    await Promise.all(this.runs);
    await this.connection?.close();
    await this.nats.drain().catch(() => undefined);
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

/** The org tree copy's feed; stopped before the workers close NATS and the database. */
class OrgTreeFeed implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer: { stop: () => Promise<void> } | undefined;

  constructor(
    @Inject(MEDIATION_CONFIG) private readonly config: MediationConfig,
    @Inject(OrgUnitsService) private readonly units: OrgUnitsService,
    @Inject(MEDIATION_LOGGER) private readonly logger: JsonLogger,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(NATS) private readonly nats: NatsConnection,
  ) {}

  running(): boolean {
    return this.consumer !== undefined;
  }

  async onApplicationBootstrap() {
    const durable = this.config.MEDIATION_ORG_TREE_CONSUMER;
    this.consumer = await startOrgTreeFeed({ nats: this.nats, ds: this.ds, units: this.units, prefix: this.config.FQ_PREFIX, durable, logger: this.logger });
    this.logger.event('org tree feed running', { durable });
  }

  async beforeApplicationShutdown() {
    await this.consumer?.stop();
  }
}

@Module({})
export class MediationModule {
  static forRoot(config: MediationConfig, logger: JsonLogger): DynamicModule {
    return {
      module: MediationModule,
      controllers: [MediatorsHandler, ReturnVisitsHandler, HealthController],
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
        ActivityWorkers,
        OrgTreeFeed,
      ],
    };
  }
}
