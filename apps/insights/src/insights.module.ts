import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { connect, type NatsConnection } from 'nats';
import { natsConnectionOptions } from '@fengqiao/messaging';
import { TokenVerifier } from '@fengqiao/auth';
import { HealthController, JsonLogger, natsReady, postgresReady, readinessChecks, runningReady } from '@fengqiao/observability';
import { createServiceDataSource } from '@fengqiao/persistence';
import { INSIGHTS_CONFIG, INSIGHTS_LOGGER, INSIGHTS_SCHEMA, readDatabaseUrl, type InsightsConfig } from './config/insights.config';
import { insightsMigrations } from './database/insights.migrations';
import { CaseProjector } from './projection/case-projector';
import { startCaseEventsConsumer, startKeyPersonEventsConsumer, startProjection } from './projection/events-consumer';
import { KeyPersonProjector } from './projection/key-person-projector';
import { OrgUnitsRepository } from './org-units/org-units.repository';
import { StatsRepository } from './stats/stats.repository';
import { StatsService } from './stats/stats.service';
import { StatsHandler } from './stats/stats.handler';
import { ReportsRepository } from './reports/reports.repository';
import { ReportsService } from './reports/reports.service';
import { ReportsHandler } from './reports/reports.handler';
import { ReportsWorker } from './reports/reports.worker';
import { BoardRepository } from './board/board.repository';
import { BoardService } from './board/board.service';
import { MapHandler } from './map/map.handler';
import { MapService } from './map/map.service';
import { MapRepository } from './map/map.repository';
import { intakeUnitLayer } from './map/intake-shapes';
import { BoardHandler } from './board/board.handler';
import { KeyPersonStatsRepository } from './key-persons/key-person-stats.repository';
import { KeyPersonStatsService } from './key-persons/key-person-stats.service';
import { KeyPersonStatsHandler } from './key-persons/key-person-stats.handler';
import { CheckInProjector, checkInEventsFilter, GridActivityHandler, GridActivityService, gridActivityOf } from './grid-activity/grid-activity';
import { FieldReportProjector, fieldReportEventsFilter, FieldReportStatsHandler, FieldReportStatsService } from './grid-activity/field-reports';

const DATA_SOURCE = Symbol('DATA_SOURCE');
/** Where the figures are read (INSIGHTS_READ_DATABASE_URL's replica, or DATA_SOURCE itself). */
const READ_DATA_SOURCE = Symbol('READ_DATA_SOURCE');
const NATS = Symbol('NATS');

/** The read model's feed: started once the app is up, stopped before the database closes. */
class EventsFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer: { stop: () => Promise<void> } | undefined;
  private keyPersons: { stop: () => Promise<void> } | undefined;
  private checkIns: { stop: () => Promise<void> } | undefined;
  private fieldReports: { stop: () => Promise<void> } | undefined;

  constructor(
    @Inject(INSIGHTS_CONFIG) private readonly config: InsightsConfig,
    @Inject(INSIGHTS_LOGGER) private readonly logger: JsonLogger,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(NATS) private readonly nats: NatsConnection,
    @Inject(READ_DATA_SOURCE) private readonly readDs: DataSource,
  ) {}

  running(): boolean {
    return this.consumer !== undefined && this.keyPersons !== undefined && this.checkIns !== undefined && this.fieldReports !== undefined;
  }

  async onApplicationBootstrap() {
    this.consumer = await startCaseEventsConsumer({
      nats: this.nats,
      prefix: this.config.FQ_PREFIX,
      durable: this.config.INSIGHTS_CONSUMER,
      projector: new CaseProjector(this.ds),
      logger: this.logger,
    });
    this.logger.event('case events consumer running', { durable: this.config.INSIGHTS_CONSUMER });
    this.keyPersons = await startKeyPersonEventsConsumer({
      nats: this.nats,
      prefix: this.config.FQ_PREFIX,
      durable: this.config.INSIGHTS_CONSUMER,
      projector: new KeyPersonProjector(this.ds),
      logger: this.logger,
    });
    this.logger.event('key-person events consumer running', { durable: `${this.config.INSIGHTS_CONSUMER}-key-persons` });
    // Grid workers' activity: a durable consumer of its own, reading the stream from its start when first created.
    this.checkIns = await startProjection({
      nats: this.nats,
      prefix: this.config.FQ_PREFIX,
      durable: `${this.config.INSIGHTS_CONSUMER}-check-ins`,
      filterSubject: checkInEventsFilter(this.config.FQ_PREFIX),
      projector: new CheckInProjector(this.ds),
      logger: this.logger,
    });
    // Field reports by grid (and as grid workers' activity): a durable consumer of its own as well.
    this.fieldReports = await startProjection({
      nats: this.nats,
      prefix: this.config.FQ_PREFIX,
      durable: `${this.config.INSIGHTS_CONSUMER}-field-reports`,
      filterSubject: fieldReportEventsFilter(this.config.FQ_PREFIX),
      projector: new FieldReportProjector(this.ds),
      logger: this.logger,
    });
  }

  async onApplicationShutdown() {
    await this.consumer?.stop();
    await this.keyPersons?.stop();
    await this.checkIns?.stop();
    await this.fieldReports?.stop();
    await this.nats.drain().catch(() => undefined);
    if (this.readDs !== this.ds && this.readDs.isInitialized) await this.readDs.destroy();
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

@Module({})
export class InsightsModule {
  static forRoot(config: InsightsConfig, logger: JsonLogger): DynamicModule {
    // The board's thresholds: its cards and the map's colours are decided by the same rule (board-card.policy.ts).
    const boardRules = {
      redOverdueMin: config.BOARD_RED_OVERDUE_MIN,
      complaintClusterMin: config.BOARD_COMPLAINT_CLUSTER_MIN,
      complaintWindowDays: config.BOARD_COMPLAINT_WINDOW_DAYS,
      yellowLateMin: config.BOARD_YELLOW_LATE_MIN,
    };
    return {
      module: InsightsModule,
      controllers: [
        StatsHandler,
        KeyPersonStatsHandler,
        GridActivityHandler,
        FieldReportStatsHandler,
        ReportsHandler,
        BoardHandler,
        MapHandler,
        HealthController,
      ],
      providers: [
        readinessChecks({
          inject: [DATA_SOURCE, READ_DATA_SOURCE, NATS, EventsFeed, ReportsWorker],
          useFactory: (ds: DataSource, readDs: DataSource, nats: NatsConnection, feed: EventsFeed, reports: ReportsWorker) => [
            postgresReady(ds),
            ...(readDs === ds ? [] : [{ ...postgresReady(readDs), name: 'postgres-replica' }]),
            natsReady(nats),
            runningReady('events-consumer', () => feed.running(), 'events consumer not running'),
            runningReady('report-worker', () => reports.running(), 'report activity worker not running'),
          ],
        }),
        { provide: INSIGHTS_CONFIG, useValue: config },
        { provide: INSIGHTS_LOGGER, useValue: logger },
        {
          provide: DATA_SOURCE,
          useFactory: async () =>
            createServiceDataSource({
              url: config.DATABASE_URL,
              schema: INSIGHTS_SCHEMA,
              entities: [],
              migrations: insightsMigrations,
              applicationName: 'fq-insights',
            }).initialize(),
        },
        {
          provide: READ_DATA_SOURCE,
          inject: [DATA_SOURCE],
          useFactory: async (ds: DataSource) =>
            readDatabaseUrl(config) === config.DATABASE_URL
              ? ds
              : createServiceDataSource({
                  url: readDatabaseUrl(config),
                  schema: INSIGHTS_SCHEMA,
                  entities: [],
                  migrations: [],
                  applicationName: 'fq-insights-read',
                }).initialize(),
        },
        { provide: NATS, useFactory: () => connect(natsConnectionOptions(config.NATS_URL, 'fq-insights')) },
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
        { provide: OrgUnitsRepository, inject: [READ_DATA_SOURCE], useFactory: (ds: DataSource) => new OrgUnitsRepository(ds) },
        { provide: StatsRepository, inject: [READ_DATA_SOURCE], useFactory: (ds: DataSource) => new StatsRepository(ds) },
        {
          provide: StatsService,
          inject: [OrgUnitsRepository, StatsRepository],
          useFactory: (u: OrgUnitsRepository, r: StatsRepository) => new StatsService(u, r),
        },
        {
          provide: GridActivityService,
          inject: [READ_DATA_SOURCE, OrgUnitsRepository],
          useFactory: (ds: DataSource, u: OrgUnitsRepository) => new GridActivityService(ds, u),
        },
        {
          provide: FieldReportStatsService,
          inject: [READ_DATA_SOURCE, OrgUnitsRepository],
          useFactory: (ds: DataSource, u: OrgUnitsRepository) => new FieldReportStatsService(ds, u),
        },
        { provide: KeyPersonStatsRepository, inject: [READ_DATA_SOURCE], useFactory: (ds: DataSource) => new KeyPersonStatsRepository(ds) },
        {
          provide: KeyPersonStatsService,
          inject: [OrgUnitsRepository, KeyPersonStatsRepository],
          useFactory: (u: OrgUnitsRepository, r: KeyPersonStatsRepository) => new KeyPersonStatsService(u, r),
        },
        {
          provide: BoardService,
          inject: [OrgUnitsRepository, READ_DATA_SOURCE, KeyPersonStatsRepository],
          useFactory: (u: OrgUnitsRepository, ds: DataSource, kp: KeyPersonStatsRepository) =>
            new BoardService(u, new BoardRepository(ds), boardRules, undefined, kp, (orgUnit, fromDay) => gridActivityOf(ds, orgUnit, fromDay, null)),
        },
        {
          provide: MapService,
          inject: [READ_DATA_SOURCE, NATS],
          useFactory: (ds: DataSource, nats: NatsConnection) => new MapService(new MapRepository(ds), intakeUnitLayer(nats, config.FQ_PREFIX), boardRules),
        },
        { provide: ReportsRepository, inject: [DATA_SOURCE], useFactory: (ds: DataSource) => new ReportsRepository(ds) },
        ReportsWorker,
        {
          provide: ReportsService,
          inject: [OrgUnitsRepository, ReportsRepository, ReportsWorker],
          useFactory: (u: OrgUnitsRepository, r: ReportsRepository, w: ReportsWorker) => new ReportsService(u, r, () => w.client(), config.FQ_PREFIX),
        },
        EventsFeed,
      ],
    };
  }
}
