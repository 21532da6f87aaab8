import { Inject, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { connect, type NatsConnection } from 'nats';
import { NativeConnection, Worker } from '@temporalio/worker';
import { TokenVerifier } from '@fengqiao/auth';
import { taskQueue } from '@fengqiao/contracts';
import { cjkFont } from '@fengqiao/documents';
import { natsConnectionOptions, startOrgTreeFeed } from '@fengqiao/messaging';
import { HealthController, JsonLogger, readinessChecks } from '@fengqiao/observability';
import { createServiceDataSource } from '@fengqiao/persistence';
import { AuditOutbox } from '@fengqiao/audit';
import { platformDataConverter, temporalCodecFromEnv, workerTelemetry } from '@fengqiao/temporal';
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

/**
 * The Temporal side: an activity worker on `legal-aid` (unless turned off) and one on
 * `legal-aid@<code>` per served unit, all on one connection. Closes the database and NATS only
 * after the workers have drained.
 */
class ActivityWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private workers: Worker[] = [];
  private runs: Array<Promise<void>> = [];
  private connection: NativeConnection | undefined;

  constructor(
    @Inject(LEGAL_AID_CONFIG) private readonly config: LegalAidConfig,
    @Inject(LegalAidService) private readonly legalAid: LegalAidService,
    @Inject(ProvidersService) private readonly providers: ProvidersService,
    @Inject(LEGAL_AID_LOGGER) private readonly logger: JsonLogger,
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
    const activities = createLegalAidActivities({ legalAid: this.legalAid, providers: this.providers, logger: this.logger });
    // Activity inputs (facts, party keys) are encrypted in Temporal's history (same keyring as the orchestrator).
    const codec = temporalCodecFromEnv(this.config);
    const queues = servedQueues(this.config).map((q) => taskQueue('legal-aid', q.orgUnit, this.config.FQ_PREFIX));
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
    @Inject(LEGAL_AID_CONFIG) private readonly config: LegalAidConfig,
    @Inject(OrgUnitsService) private readonly units: OrgUnitsService,
    @Inject(LEGAL_AID_LOGGER) private readonly logger: JsonLogger,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(NATS) private readonly nats: NatsConnection,
  ) {}

  running(): boolean {
    return this.consumer !== undefined;
  }

  async onApplicationBootstrap() {
    const durable = this.config.LEGAL_AID_ORG_TREE_CONSUMER;
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
export class LegalAidModule {
  static forRoot(config: LegalAidConfig, logger: JsonLogger): DynamicModule {
    return {
      module: LegalAidModule,
      controllers: [LegalAidHandler, HealthController],
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
        ActivityWorkers,
        OrgTreeFeed,
      ],
    };
  }
}
