import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { JsonLogger } from '@fengqiao/observability';
import type { GatewayConfig } from './config/gateway.config';
import { GatewayModule } from './gateway.module';
import { ProblemFilter } from './problems/problem.filter';

/** Builds and starts the gateway; tests call it in-process with their own config. */
export async function startGateway(config: GatewayConfig): Promise<NestExpressApplication> {
  const logger = new JsonLogger('gateway', config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forRoot(config), { logger, bodyParser: false, abortOnError: false });
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Only JSON bodies, with a size limit; parse errors become problem+json in ProblemFilter.
  app.useBodyParser('json', { limit: config.BODY_LIMIT, strict: false, type: ['application/json', 'application/*+json'] });
  app.useGlobalFilters(new ProblemFilter(logger));
  app.enableCors({ origin: config.CORS_ORIGINS.split(','), exposedHeaders: ['X-Request-Id', 'Idempotent-Replayed'] });

  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Fengqiao API / 枫桥综治中心平台接口')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/v1/openapi.json' });

  await app.listen(config.PORT, '0.0.0.0');
  logger.event('gateway ready', { port: config.PORT });
  return app;
}
