import { NestFactory } from '@nestjs/core';
import { Controller, Module, type DynamicModule, type INestApplication, type LoggerService } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import { Commands, ok, type ServiceName } from '@fengqiao/contracts';
import { TokenVerifier, type TokenVerifierOptions } from '@fengqiao/auth';
import { HealthController, readinessChecks } from '@fengqiao/observability';
import { ANY_AUTHENTICATED, Guarded, type GuardedHandler } from './guarded';
import { natsConnectionOptions, PrefixedNatsServer } from './prefixed-nats.transport';

export interface NatsServiceSettings {
  name: ServiceName;
  port: number;
  natsUrl: string;
  prefix?: string;
  logger: LoggerService;
  /** Keep each HTTP request's raw body (`req.rawBody`): a service that checks a signature over it (the 12345 adapter). */
  rawBody?: boolean;
}

/**
 * Starts a service the way every Fengqiao service runs: NATS handlers in queue group
 * `<name>` (replicas share the load) plus health endpoints over HTTP on its own port.
 */
export async function startNatsService(module: DynamicModule | (new () => unknown), s: NatsServiceSettings): Promise<INestApplication> {
  const app = await NestFactory.create(module, { logger: s.logger, abortOnError: false, ...(s.rawBody ? { rawBody: true } : {}) });
  app.enableShutdownHooks();
  app.connectMicroservice(
    { strategy: new PrefixedNatsServer({ servers: s.natsUrl, queue: s.name, subjectPrefix: s.prefix, name: `fq-${s.name}` }) },
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
  await app.listen(s.port, '0.0.0.0');
  return app;
}

/**
 * A service whose capability is still to come: it answers `fq.<name>.ping` on NATS and
 * its health checks, so deployments and the compose file can already include it.
 */
export function placeholderServiceModule(name: ServiceName, natsUrl: string, keycloak: TokenVerifierOptions, logger: GuardedHandler['logger']): DynamicModule {
  let nats: NatsConnection | undefined;
  const tokens = new TokenVerifier(keycloak);
  const natsConnection = async () => (nats ??= await connect(natsConnectionOptions(natsUrl, `fq-${name}-health`)));

  @Controller()
  class PingHandler implements GuardedHandler {
    readonly tokens = tokens;
    readonly logger = logger;

    // Like every handler, it answers only a message that carries a valid access token; any role may ask.
    @Guarded(Commands.ping(name), { roles: ANY_AUTHENTICATED })
    async ping() {
      return ok({ service: name });
    }
  }

  @Module({})
  class PlaceholderModule {
    async onApplicationShutdown() {
      await nats?.close();
    }
  }

  return {
    module: PlaceholderModule,
    providers: [readinessChecks({ useFactory: () => [{ name: 'nats', check: async () => (await natsConnection()).flush() }] })],
    controllers: [PingHandler, HealthController],
  };
}

/** The whole `main` of a placeholder service: config from env, start, exit 1 with a message on failure. */
export function runPlaceholderService(name: ServiceName, defaultPort: number, makeLogger: (level: string) => LoggerService & GuardedHandler['logger']): void {
  const env = process.env;
  const port = Number(env['PORT'] ?? defaultPort);
  const natsUrl = env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
  // The same audience every other handler demands: a realm token issued to another client is refused.
  const keycloak = {
    keycloakUrl: env['KEYCLOAK_URL'] ?? 'http://127.0.0.1:8080',
    realm: env['KEYCLOAK_REALM'] ?? 'fengqiao',
    publicUrl: env['KEYCLOAK_PUBLIC_URL'] || undefined,
    audience: 'fq-gateway',
  };
  const logger = makeLogger(env['LOG_LEVEL'] ?? 'info');
  startNatsService(placeholderServiceModule(name, natsUrl, keycloak, logger), { name, port, natsUrl, prefix: env['FQ_PREFIX'] || undefined, logger })
    .then(() => logger.event(`${name} ready`, { port }))
    .catch((e: unknown) => {
      process.stderr.write(`${name} failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    });
}
