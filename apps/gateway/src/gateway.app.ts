import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { JsonLogger, traceResponse } from '@fengqiao/observability';
import type { GatewayConfig } from './config/gateway.config';
import { GatewayModule } from './gateway.module';
import { documentActions } from './openapi/action.schemas';
import { methodNotAllowed } from './openapi/method-not-allowed';
import { documentPathParameters } from './openapi/path-parameters';
import { documentProblems } from './openapi/problems';

const API_DESCRIPTION = [
  '枫桥综治中心平台的公开接口：登记和办理群众反映的矛盾纠纷、信访、法律援助、咨询、投诉和隐患，统计与三色预警。',
  '',
  'The public API of Fengqiao, the platform for comprehensive social-governance centres: register and act on the disputes, petitions, legal-aid applications, consultations, complaints and hazard reports residents bring; statistics and three-colour warnings.',
  '',
  '- Auth: `Authorization: Bearer <Keycloak access token>` (realm `fengqiao`, audience `fq-gateway`); 401 without a valid token, 403 without the role or outside your org-unit subtree.',
  '- Errors: `application/problem+json` (RFC 9457) with `errors[]` (`path`, `message`) for invalid fields; messages in Chinese and English.',
  '- `Idempotency-Key` on every POST: the same key and body return the first result, whatever crashed in between; another body with the same key is 422.',
  '- A case is actionable as soon as `POST /api/v1/cases` answers 201. Each kind declares its actions; every action body is documented under its own path below.',
  '- Personal data (ID and phone numbers) is masked in every response; unmasking is audited.',
].join('\n');
import { ProblemFilter } from './problems/problem.filter';
import { refuseNul } from './problems/nul-guard';
import { open311Body } from './open311/open311.body';

/** Builds and starts the gateway; tests call it in-process with their own config. */
export async function startGateway(config: GatewayConfig): Promise<NestExpressApplication> {
  const logger = new JsonLogger('gateway', config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forRoot(config), { logger, bodyParser: false, abortOnError: false });
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Open311's form posts, parsed and refused in its own format (docs/open311.md).
  app.use('/open311', open311Body(config.BODY_LIMIT));
  // Only JSON bodies, with a size limit; parse errors become problem+json in ProblemFilter.
  app.useBodyParser('json', { limit: config.BODY_LIMIT, strict: false, type: ['application/json', 'application/*+json'] });
  app.use(refuseNul);
  app.useGlobalFilters(new ProblemFilter(logger));
  app.enableCors({ origin: config.CORS_ORIGINS.split(','), exposedHeaders: ['X-Request-Id', 'Idempotent-Replayed', 'traceresponse'] });
  // Every answer names its trace (W3C `traceresponse`) when tracing is on: docs/observability.md.
  app.use(traceResponse());

  const doc = documentProblems(
    documentPathParameters(
      documentActions(
        SwaggerModule.createDocument(
          app,
          new DocumentBuilder()
            .setTitle('Fengqiao API / 枫桥综治中心平台接口')
            .setDescription(API_DESCRIPTION)
            .setVersion('1')
            .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
            .build(),
        ),
      ),
    ),
  );
  app.use(methodNotAllowed(doc));
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/v1/openapi.json' });

  await app.listen(config.PORT, '0.0.0.0');
  logger.event('gateway ready', { port: config.PORT });
  return app;
}
