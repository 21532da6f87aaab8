import { Inject, Module, type DynamicModule, type MiddlewareConsumer, type NestModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { ClientProxy } from '@nestjs/microservices';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { KeycloakTokenValidator, realmIssuer } from '@fengqiao/auth';
import { PiiCipher, piiCipherFromEnv } from '@fengqiao/pii';
import { HealthController, postgresReady, readinessChecks, withLogContext } from '@fengqiao/observability';
import { checkTemporal, connectTemporalClient, temporalCodecFromEnv } from '@fengqiao/temporal';
import { createServiceDataSource } from '@fengqiao/persistence';
import { GATEWAY_CONFIG, type GatewayConfig } from './config/gateway.config';
import { AuthGuard } from './auth/auth.guard';
import { CasesController } from './cases/cases.controller';
import { PersonFileController } from './person-file/person-file.controller';
import { RoutingRulesController } from './admin/routing-rules.controller';
import { insightsClientProvider, StatsController } from './stats/stats.controller';
import { ReportsController } from './reports/reports.controller';
import { BoardController } from './board/board.controller';
import { MapController } from './board/map.controller';
import { MediationController, mediationClientProvider } from './mediation/mediation.controller';
import { PetitionsController, petitionsClientProvider } from './petitions/petitions.controller';
import { HotlineController, hotlineClientProvider } from './hotline/hotline.controller';
import { LegalAidController, legalAidClientProvider } from './legal-aid/legal-aid.controller';
import { KeyPersonsController, keyPersonsClientProvider } from './key-persons/key-persons.controller';
import { KeyPersonWorkController } from './key-persons/key-person-work.controller';
import { OrgUnitsController } from './admin/org-units.controller';
import { CheckInsController } from './check-ins/check-ins.controller';
import { AttachmentsController } from './attachments/attachments.controller';
import { objectStoreProvider } from './attachments/object-store.provider';
import { FieldReportsController } from './field-reports/field-reports.controller';
import { PointsController } from './points/points.controller';
import { WebhooksController, webhooksClientProvider } from './webhooks/webhooks.controller';
import { Open311Controller } from './open311/open311.controller';
import { ApiKeyExchange } from './open311/api-keys';
import { LiveController, liveEventsProvider, tokenFromQuery } from './live/live.controller';
import { GATEWAY_DATA_SOURCE, IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { intakeClientProvider, NATS_PROXY, natsProxyProvider } from './service-client/service-clients';
import { GATEWAY_SCHEMA, gatewayMigrations } from './database/gateway.migrations';

const TEMPORAL = Symbol('TEMPORAL');

class GatewayLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(NATS_PROXY) private readonly proxy: ClientProxy,
    @Inject(GATEWAY_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(TEMPORAL) private readonly temporal: Awaited<ReturnType<typeof connectTemporalClient>>,
  ) {}

  async onApplicationShutdown() {
    await this.proxy.close();
    await this.temporal.connection.close();
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

@Module({})
export class GatewayModule implements NestModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,

      controllers: [
        CasesController,
        PersonFileController,
        RoutingRulesController,
        StatsController,
        ReportsController,
        BoardController,
        MapController,
        MediationController,
        PetitionsController,
        HotlineController,
        LegalAidController,
        // static paths (tasks, exports, …) before the register's `/{id}`
        KeyPersonWorkController,
        KeyPersonsController,
        OrgUnitsController,
        CheckInsController,
        AttachmentsController,
        FieldReportsController,
        PointsController,
        WebhooksController,
        Open311Controller,
        LiveController,
        HealthController,
      ],
      providers: [
        readinessChecks({
          inject: [GATEWAY_DATA_SOURCE, NATS_PROXY, TEMPORAL],
          useFactory: (ds: DataSource, proxy: ClientProxy, temporal: Awaited<ReturnType<typeof connectTemporalClient>>) => [
            postgresReady(ds),
            { name: 'nats', check: async () => void (await proxy.connect()) },
            { name: 'temporal', check: () => checkTemporal(temporal.connection, config.TEMPORAL_NAMESPACE) },
            {
              name: 'keycloak',
              check: async () => {
                const r = await fetch(`${realmIssuer(config.KEYCLOAK_URL, config.KEYCLOAK_REALM)}/.well-known/openid-configuration`);
                if (!r.ok) throw new Error(`status ${r.status}`);
              },
            },
          ],
        }),
        { provide: GATEWAY_CONFIG, useValue: config },
        {
          provide: GATEWAY_DATA_SOURCE,
          useFactory: () =>
            createServiceDataSource({
              url: config.DATABASE_URL,
              schema: GATEWAY_SCHEMA,
              entities: [],
              migrations: gatewayMigrations,
              poolSize: 5,
              applicationName: 'fq-gateway',
            }).initialize(),
        },
        {
          provide: TEMPORAL,
          useFactory: () =>
            connectTemporalClient({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, payloadCodec: temporalCodecFromEnv(config) }),
        },
        {
          provide: KeycloakTokenValidator,
          useFactory: () =>
            new KeycloakTokenValidator({
              keycloakUrl: config.KEYCLOAK_URL,
              publicUrl: config.KEYCLOAK_PUBLIC_URL,
              realm: config.KEYCLOAK_REALM,
              audience: config.KEYCLOAK_AUDIENCE,
            }),
        },
        {
          provide: ApiKeyExchange,
          inject: [KeycloakTokenValidator],
          useFactory: (validator: KeycloakTokenValidator) =>
            new ApiKeyExchange({
              keycloakUrl: config.KEYCLOAK_URL,
              realm: config.KEYCLOAK_REALM,
              validator,
              ...(config.OPEN311_PUBLIC_READER_SECRET
                ? { publicReaderKey: `${config.OPEN311_PUBLIC_READER_CLIENT_ID}:${config.OPEN311_PUBLIC_READER_SECRET}` }
                : {}),
            }),
        },
        { provide: PiiCipher, useFactory: () => piiCipherFromEnv(config.PII_KEYRING) },
        { provide: APP_GUARD, useClass: AuthGuard },
        IdempotencyInterceptor,
        natsProxyProvider,
        intakeClientProvider,
        insightsClientProvider,
        mediationClientProvider,
        petitionsClientProvider,
        hotlineClientProvider,
        legalAidClientProvider,
        keyPersonsClientProvider,
        webhooksClientProvider,
        liveEventsProvider,
        objectStoreProvider,
        GatewayLifecycle,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer) {
    consumer.apply(requestContext).forRoutes('*');
    consumer.apply(tokenFromQuery).forRoutes(LiveController);
  }
}

/** Request id (client's X-Request-Id or a new one) on the request, the response and every log line. */
function requestContext(req: Request, res: Response, next: NextFunction) {
  const incoming = req.headers['x-request-id'];
  const requestId = typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
  (req as Request & { requestId: string }).requestId = requestId;
  res.setHeader('X-Request-Id', requestId);
  withLogContext({ requestId }, next);
}
