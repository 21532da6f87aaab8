import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Problem } from '@fengqiao/contracts';
import { isPassingOutage } from '@fengqiao/messaging';
import { ProblemException } from '../problems/problem.exception';
import { formatOfPath, sendErrors, type Open311ErrorItem } from './open311.format';
import { Open311Error, parameterOf } from './open311.mapping';

/**
 * Every refusal on `/open311/v2` in GeoReport v2's own error format — a list of { code, description }
 * in the format the path asks for — instead of problem+json: the HTTP status is the code, the
 * description zh-CN then English. Intake's and the gateway's problems are translated: a missing or
 * refused api_key 403, a field 400 naming GeoReport's parameter, an unknown thing 404, a moment's
 * outage 503 with Retry-After. Never a stack trace; a 500 only for a fault of the platform.
 */
@Catch()
export class Open311Filter implements ExceptionFilter {
  /** Nest's logger: the gateway's JSON logger (NestFactory's `logger`). */
  private readonly logger = new Logger('Open311');

  catch(exception: unknown, host: ArgumentsHost) {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const { status, errors, retryAfter } = this.translate(exception);
    if (status >= 500 && status !== 503)
      this.logger.error(`open311 request failed: ${req.path}: ${exception instanceof Error ? exception.message : String(exception)}`);
    if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
    sendErrors(res, status, formatOfPath(req.path), errors);
  }

  translate(e: unknown): { status: number; errors: Open311ErrorItem[]; retryAfter?: number } {
    if (e instanceof Open311Error)
      return { status: e.status, errors: e.descriptions.map((d) => ({ code: e.status, description: d })), retryAfter: e.retryAfter };
    if (e instanceof ProblemException) return fromProblem(e.problem);
    const bp = e as { type?: string };
    if (bp?.type === 'entity.too.large') return one(400, '请求体超过大小限制 / The body exceeds the size limit');
    if (typeof bp?.type === 'string' && bp.type.startsWith('entity.')) return one(400, '请求体无法解析 / The body cannot be parsed');
    if (e instanceof HttpException) {
      const s = e.getStatus();
      if (s === 404) return one(404, '没有这个资源 / No such resource');
      if (s < 500) return one(400, `请求未被接受 / The request was not accepted (HTTP ${s})`);
    }
    if (isPassingOutage(e)) return { ...one(503, '暂时不可用，请稍后重试 / Unavailable for a moment; retry later'), retryAfter: 2 };
    return one(500, '请稍后重试 / Please retry later');
  }
}

const one = (status: number, description: string) => ({ status, errors: [{ code: status, description }] });

function fromProblem(p: Problem): { status: number; errors: Open311ErrorItem[]; retryAfter?: number } {
  // GeoReport v2: "403 - api_key was not provided or invalid"; its bad input is a 400.
  const status = p.status === 401 ? 403 : p.status === 403 || p.status === 404 || p.status === 503 ? p.status : p.status >= 500 ? 500 : 400;
  const detail = p.detail ?? p.title;
  const fields = (p.errors ?? []).map((f) => ({ code: status, description: `${parameterOf(f.path)}: ${f.message}` }));
  const retryAfter = status === 503 ? (typeof p['retryAfter'] === 'number' ? p['retryAfter'] : 1) : undefined;
  return { status, errors: [{ code: status, description: detail }, ...fields], ...(retryAfter ? { retryAfter } : {}) };
}
