import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { problem, type Problem } from '@fengqiao/contracts';
import type { JsonLogger } from '@fengqiao/observability';
import { isPassingOutage } from '@fengqiao/messaging';
import { ProblemException } from './problem.exception';
import { GatewayFailures } from '../gateway.failures';

/** Body-parser errors carry a `type` and a `status`. */
interface BodyParserError {
  type?: string;
  status?: number;
}

/** Nest's and body-parser's own messages are English only: a Chinese half goes in front. */
const bilingual = (zh: string, message: string) => (/[\u4e00-\u9fff]/.test(message) ? message : `${zh} / ${message}`);

/** Every error leaves as application/problem+json; nothing internal (no stack, no SQL) is sent. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: JsonLogger) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const p = this.toProblem(exception);
    if (p.status >= 500)
      this.logger.event('request failed', { path: req.path, error: exception instanceof Error ? exception.message : String(exception) }, 'error');
    // A 503 is always worth a retry (the same Idempotency-Key returns the first result): say when.
    if (p.status === 503) res.setHeader('Retry-After', String(typeof p['retryAfter'] === 'number' ? p['retryAfter'] : 1));
    res
      .status(p.status)
      .type('application/problem+json')
      .send(JSON.stringify({ ...p, instance: req.originalUrl }));
  }

  private toProblem(e: unknown): Problem {
    if (e instanceof ProblemException) return e.problem;
    const bp = e as BodyParserError;
    if (bp?.type === 'entity.parse.failed') return GatewayFailures.problem('BODY_NOT_JSON');
    if (bp?.type === 'entity.too.large') return GatewayFailures.problem('BODY_TOO_LARGE');
    if (bp?.type === 'encoding.unsupported' || bp?.type === 'charset.unsupported')
      return problem('unsupportedMediaType', bilingual('请求体的编码或字符集不受支持', String((e as Error).message)));
    if (e instanceof HttpException) {
      const status = e.getStatus();
      // Nest turns body-parser's SyntaxError (and bad URI escapes) into a plain 400.
      if (status === 400) return GatewayFailures.problem('BODY_NOT_JSON');
      if (status === 404) return GatewayFailures.problem('NO_SUCH_ROUTE');
      if (status === 401) return problem('unauthorized');
      if (status === 403) return problem('forbidden');
      if (status === 413) return problem('tooLarge');
      if (status === 503) {
        const body = e.getResponse();
        return { ...problem('unavailable'), ...(typeof body === 'object' ? { checks: (body as { checks?: unknown }).checks } : {}) };
      }
      if (status < 500) return { type: 'about:blank', title: bilingual(`请求未被接受（HTTP ${status}）`, e.message), status };
    }
    // The gateway's own PostgreSQL (Idempotency-Key rows) or Temporal away for a moment.
    if (isPassingOutage(e)) return GatewayFailures.problem('DEPENDENCY_UNAVAILABLE');
    return GatewayFailures.problem('INTERNAL');
  }
}
