import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { connect, type NatsConnection } from 'nats';
import { NativeConnection, Worker } from '@temporalio/worker';
import { TokenVerifier } from '@fengqiao/auth';
import { taskQueue } from '@fengqiao/contracts';
import { ensureEventsStream, natsConnectionOptions, OutboxRelay } from '@fengqiao/messaging';
import { HealthController, JsonLogger, natsReady, postgresReady, readinessChecks } from '@fengqiao/observability';
import { createServiceDataSource } from '@fengqiao/persistence';
import { connectTemporalClient, platformDataConverter, temporalCodecFromEnv, workerTelemetry } from '@fengqiao/temporal';
import { INTAKE_CONFIG, INTAKE_LOGGER, INTAKE_SCHEMA, type IntakeConfig } from './config/intake.config';
import { intakeEntities } from './database/intake.entities';
import { intakeMigrations } from './database/intake.migrations';
import { ReferenceService } from './reference/reference.service';
import { CasesService } from './cases/cases.service';
import { CasesHandler } from './cases/cases.handler';
import { ServiceRequestsHandler } from './cases/service-requests.handler';
import { ServiceRequestsService } from './cases/service-requests.service';
import { OrgTreeService } from './reference/org-tree.service';
import { OrgTreeHandler } from './reference/org-tree.handler';
import { RoutingHandler } from './routing/routing.handler';
import { RoutingRulesService } from './routing/routing-rules.service';
import { HolidayNoticesService } from './routing/holiday-notices.service';
import { CategoriesService } from './routing/categories.service';
import { tellRunningCases } from './routing/holiday-propagation';
import { PiiProtector } from './cases/pii-protector';
import { PersonFileHandler } from './person-file/person-file.handler';
import { clockControlVia, PersonFileService } from './person-file/person-file.service';
import { CaseActionsService } from './cases/case-actions.service';
import { CaseActionsHandler } from './cases/case-actions.handler';
import { SupervisionService } from './supervision/supervision.service';
import { createIntakeActivities } from './activities/intake.activities';
import { ReferralsHandler } from './referrals/referrals.handler';
import { ReferralsService } from './referrals/referrals.service';
import { CaseReadsService } from './cases/case-reads';
import { AuditOutbox } from '@fengqiao/audit';
import { CheckInsService } from './check-ins/check-ins.service';
import { CheckInsHandler } from './check-ins/check-ins.handler';
import { AttachmentsService } from './attachments/attachments.service';
import { AttachmentsHandler } from './attachments/attachments.handler';
import { FieldReportsService } from './field-reports/field-reports.service';
import { FieldReportsHandler } from './field-reports/field-reports.handler';
import { PointsService } from './points/points.service';
import { PointsRulesService } from './points/points-rules.service';
import { PointsHandler } from './points/points.handler';
import { startPointsConsumer } from './points/points-consumer';

const DATA_SOURCE = Symbol('DATA_SOURCE');
/** The audit outbox drainer's own connection (see AuditOutboxOptions.transaction). */
const AUDIT_DATA_SOURCE = Symbol('AUDIT_DATA_SOURCE');
const NATS = Symbol('NATS');
const TEMPORAL = Symbol('TEMPORAL');
type TemporalClient = Awaited<ReturnType<typeof connectTemporalClient>>;

/** Owns the outbox relay and the Temporal activity worker: started after boot, stopped on shutdown. */
class IntakeLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker: Worker | undefined;
  private workerRun: Promise<void> | undefined;
  private workerConnection: NativeConnection | undefined;
  private pointsConsumer: { stop: () => Promise<void> } | undefined;

  constructor(
    @Inject(INTAKE_CONFIG) private readonly config: IntakeConfig,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(ReferralsService) private readonly referrals: ReferralsService,
    @Inject(CheckInsService) private readonly checkIns: CheckInsService,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(NATS) private readonly nats: NatsConnection,
    @Inject(INTAKE_LOGGER) private readonly logger: JsonLogger,
    @Inject(TEMPORAL) private readonly temporal: TemporalClient,
    @Inject(AuditOutbox) private readonly audit: AuditOutbox,
    @Inject(AUDIT_DATA_SOURCE) private readonly auditDs: DataSource,
    @Inject(PointsService) private readonly points: PointsService,
  ) {}

  async onApplicationBootstrap() {
    await ensureEventsStream(await this.nats.jetstreamManager(), this.config.FQ_PREFIX);
    this.relay.start();
    this.audit.start();
    // Participation points from verified field reports (a durable consumer of intake's own events).
    this.pointsConsumer = await startPointsConsumer({ nats: this.nats, prefix: this.config.FQ_PREFIX, points: this.points, logger: this.logger });
    this.workerConnection = await NativeConnection.connect({ address: this.config.TEMPORAL_ADDRESS });
    this.worker = await Worker.create({
      // Traces: activities join the workflow's trace; workflow spans leave the sandbox (libs/temporal).
      ...workerTelemetry(),
      connection: this.workerConnection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      taskQueue: taskQueue('intake', undefined, this.config.FQ_PREFIX),
      activities: createIntakeActivities(this.cases, this.referrals, this.checkIns),
      // Activity inputs and results are encrypted in Temporal's history (same keyring as the orchestrator).
      dataConverter: platformDataConverter(temporalCodecFromEnv(this.config)),
    });
    this.workerRun = this.worker.run().catch((e) => this.logger.event('activity worker stopped', { error: String(e) }, 'error'));
  }

  async onApplicationShutdown() {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.workerRun;
    await this.workerConnection?.close();
    await this.temporal.connection.close();
    await this.pointsConsumer?.stop();
    await this.relay.stop();
    await this.nats.drain().catch(() => undefined);
    // After the handlers stopped: what reads left on the outbox is chained before the pools close.
    await this.audit.stop();
    if (this.auditDs.isInitialized) await this.auditDs.destroy();
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

@Module({})
export class IntakeModule {
  static forRoot(config: IntakeConfig, logger: JsonLogger): DynamicModule {
    return {
      module: IntakeModule,

      controllers: [
        CasesHandler,
        ServiceRequestsHandler,
        CaseActionsHandler,
        PersonFileHandler,
        ReferralsHandler,
        RoutingHandler,
        OrgTreeHandler,
        CheckInsHandler,
        AttachmentsHandler,
        FieldReportsHandler,
        PointsHandler,
        HealthController,
      ],
      providers: [
        readinessChecks({
          inject: [DATA_SOURCE, NATS],
          useFactory: (ds: DataSource, nats: NatsConnection) => [postgresReady(ds), natsReady(nats)],
        }),
        { provide: INTAKE_CONFIG, useValue: config },
        { provide: INTAKE_LOGGER, useValue: logger },
        {
          provide: DATA_SOURCE,
          useFactory: async () =>
            createServiceDataSource({
              url: config.DATABASE_URL,
              schema: INTAKE_SCHEMA,
              entities: intakeEntities,
              migrations: intakeMigrations,
              applicationName: 'fq-intake',
            }).initialize(),
        },
        { provide: NATS, useFactory: () => connect(natsConnectionOptions(config.NATS_URL, 'fq-intake-events')) },
        {
          provide: OutboxRelay,
          inject: [DATA_SOURCE, NATS],
          useFactory: async (ds: DataSource, nats: NatsConnection) =>
            new OutboxRelay({
              dataSource: ds,
              schema: INTAKE_SCHEMA,
              js: nats.jetstream(),
              subjectPrefix: config.FQ_PREFIX,
              onError: (e) => logger.event('outbox relay failed, will retry', { error: String(e) }, 'warn'),
            }),
        },
        { provide: ReferenceService, inject: [DATA_SOURCE], useFactory: (ds: DataSource) => new ReferenceService(ds) },
        {
          provide: RoutingRulesService,
          inject: [DATA_SOURCE, ReferenceService],
          useFactory: (ds: DataSource, refs: ReferenceService) => new RoutingRulesService(ds, refs),
        },
        {
          provide: CategoriesService,
          inject: [DATA_SOURCE, ReferenceService],
          useFactory: (ds: DataSource, refs: ReferenceService) => new CategoriesService(ds, refs),
        },
        {
          provide: HolidayNoticesService,
          inject: [DATA_SOURCE, TEMPORAL],
          useFactory: (ds: DataSource, temporal: TemporalClient) =>
            new HolidayNoticesService(ds, undefined, undefined, (notices) => tellRunningCases(ds, temporal.client, notices, logger)),
        },
        {
          provide: OrgTreeService,
          inject: [DATA_SOURCE, ReferenceService, OutboxRelay],
          useFactory: (ds: DataSource, refs: ReferenceService, relay: OutboxRelay) =>
            new OrgTreeService(ds, refs, () => relay.kick(), new PiiProtector(config.PII_KEYRING, config.PII_BLIND_INDEX_KEY)),
        },
        {
          provide: CheckInsService,
          inject: [DATA_SOURCE, ReferenceService, OutboxRelay],
          useFactory: (ds: DataSource, refs: ReferenceService, relay: OutboxRelay) => new CheckInsService(ds, refs, () => relay.kick()),
        },
        {
          provide: AttachmentsService,
          inject: [DATA_SOURCE, CasesService, FieldReportsService],
          useFactory: (ds: DataSource, cases: CasesService, reports: FieldReportsService) =>
            new AttachmentsService(ds, (c) => cases.scopeOf(c), reports.attachmentSubject()),
        },
        {
          provide: FieldReportsService,
          inject: [DATA_SOURCE, ReferenceService, CasesService, OutboxRelay],
          useFactory: (ds: DataSource, refs: ReferenceService, cases: CasesService, relay: OutboxRelay) =>
            new FieldReportsService(ds, refs, cases, () => relay.kick()),
        },
        {
          provide: PointsRulesService,
          inject: [DATA_SOURCE, ReferenceService],
          useFactory: (ds: DataSource, refs: ReferenceService) => new PointsRulesService(ds, refs),
        },
        {
          provide: PointsService,
          inject: [DATA_SOURCE, ReferenceService, PointsRulesService],
          useFactory: (ds: DataSource, refs: ReferenceService, rules: PointsRulesService) => new PointsService(ds, refs, rules),
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
          provide: PersonFileService,
          inject: [DATA_SOURCE, CasesService, TEMPORAL, AuditOutbox],
          useFactory: (ds: DataSource, cases: CasesService, temporal: TemporalClient, audit: AuditOutbox) =>
            new PersonFileService(ds, new PiiProtector(config.PII_KEYRING, config.PII_BLIND_INDEX_KEY), cases, clockControlVia(temporal.client), audit, logger),
        },
        {
          // Reads of personal data are recorded on connections of their own (group commits into the chain).
          provide: AUDIT_DATA_SOURCE,
          useFactory: async () =>
            createServiceDataSource({
              url: config.DATABASE_URL,
              schema: INTAKE_SCHEMA,
              entities: [],
              migrations: [],
              poolSize: 2, // one for the group-commit writer, one for the drainer
              applicationName: 'fq-intake-audit',
            }).initialize(),
        },
        {
          // Reads' entries are chained durably in group commits beside the reads; the drainer chains what an older version left on the outbox.
          provide: AuditOutbox,
          inject: [AUDIT_DATA_SOURCE],
          useFactory: (ds: DataSource) =>
            new AuditOutbox({
              write: (sql, params) => ds.query(sql, params),
              transaction: (fn) => ds.transaction(fn),
              onError: (e) => logger.event('audit outbox not drained, will retry', { error: String(e) }, 'warn'),
            }),
        },
        {
          provide: CaseReadsService,
          inject: [DATA_SOURCE, CasesService, AuditOutbox],
          useFactory: (ds: DataSource, cases: CasesService, audit: AuditOutbox) =>
            new CaseReadsService({
              ds,
              audit,
              flush: () => audit.flush(),
              logger,
              scopeOf: (c) => cases.scopeOf(c),
              mayRead: (c, caller) => cases.mayRead(c, caller),
            }),
        },
        {
          provide: ReferralsService,
          inject: [DATA_SOURCE, CasesService],
          useFactory: (ds: DataSource, cases: CasesService) => new ReferralsService(ds, cases, logger),
        },
        {
          provide: CasesService,
          inject: [DATA_SOURCE, ReferenceService, OutboxRelay, RoutingRulesService, HolidayNoticesService, TEMPORAL, AuditOutbox],
          useFactory: (
            ds: DataSource,
            refs: ReferenceService,
            relay: OutboxRelay,
            rules: RoutingRulesService,
            holidays: HolidayNoticesService,
            temporal: TemporalClient,
            audit: AuditOutbox,
          ) =>
            new CasesService({
              ds,
              refs,
              rules,
              holidays,
              pii: new PiiProtector(config.PII_KEYRING, config.PII_BLIND_INDEX_KEY),
              logger,
              audit,
              onOutboxWrite: () => relay.kick(),
              temporal: temporal.client,
              prefix: config.FQ_PREFIX,
            }),
        },
        {
          // Actions run as updates of the case's workflow; payloads encrypted like everywhere else.
          provide: TEMPORAL,
          useFactory: () =>
            connectTemporalClient({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, payloadCodec: temporalCodecFromEnv(config) }),
        },
        {
          provide: CaseActionsService,
          inject: [DATA_SOURCE, ReferenceService, CasesService, TEMPORAL],
          useFactory: (ds: DataSource, refs: ReferenceService, cases: CasesService, temporal: TemporalClient) =>
            new CaseActionsService({ ds, refs, cases, temporal: temporal.client, scopeOf: (c) => cases.scopeOf(c) }),
        },
        {
          provide: ServiceRequestsService,
          inject: [DATA_SOURCE, ReferenceService, CasesService],
          useFactory: (ds: DataSource, refs: ReferenceService, cases: CasesService) => new ServiceRequestsService(ds, refs, (c) => cases.scopeOf(c)),
        },
        {
          provide: SupervisionService,
          inject: [DATA_SOURCE, ReferenceService, CasesService],
          useFactory: (ds: DataSource, refs: ReferenceService, cases: CasesService) => new SupervisionService(ds, refs, (c) => cases.scopeOf(c)),
        },
        IntakeLifecycle,
      ],
    };
  }
}
