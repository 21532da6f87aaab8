import { createHash } from 'node:crypto';
import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { DataSource } from 'typeorm';
import { type Problem } from '@fengqiao/contracts';
import { ProblemException } from '../problems/problem.exception';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { GatewayFailures } from '../gateway.failures';

export const GATEWAY_DATA_SOURCE = Symbol('GATEWAY_DATA_SOURCE');

interface StoredRow {
  request_hash: string;
  status: number | null;
  body: unknown;
}

/** Stable JSON: key order must not change the fingerprint of the same body. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The client's Idempotency-Key as the interceptor accepted it: what travels to the service that writes. */
export function idempotencyKey(req: Pick<AuthenticatedRequest, 'headers'>): string | undefined {
  const key = req.headers['idempotency-key'];
  return typeof key === 'string' && key.length > 0 ? key : undefined;
}

/**
 * `Idempotency-Key` on POST: the same key and body replay the first answer (status and
 * body); the same key with another body is 422. Server-side failures (5xx) release the key
 * so the client can retry.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(GATEWAY_DATA_SOURCE) private readonly ds: DataSource) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || typeof key !== 'string') return next.handle();
    return from(this.handle(ctx, key, next));
  }

  private async handle(ctx: ExecutionContext, key: string, next: CallHandler): Promise<unknown> {
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const res = ctx.switchToHttp().getResponse<Response>();
    if (key.length < 1 || key.length > 255) {
      throw new ProblemException(GatewayFailures.problem('IDEMPOTENCY_KEY_LENGTH', [{ path: 'Idempotency-Key', message: 'length 1..255' }]));
    }
    const owner = req.caller.userId;
    const hash = createHash('sha256')
      .update(`${req.method} ${req.path}\n${canonical(req.body)}`)
      .digest('hex');
    const inserted: unknown[] = await this.ds.query(
      `INSERT INTO gateway.idempotency_keys (owner, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT (owner, key) DO NOTHING RETURNING key`,
      [owner, key, hash],
    );
    // A key whose first attempt has no answer yet (still running, or its gateway died) is settled by
    // asking the owner again: the key travels to the service that writes, which returns the first result.
    if (inserted.length === 0 && !(await this.pendingWithSameBody(owner, key, hash))) return this.replay(owner, key, hash, res);

    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      // Nest sets the status after interceptors run; read what the route declares (POST: 201).
      const status = (Reflect.getMetadata(HTTP_CODE_METADATA, ctx.getHandler()) as number | undefined) ?? 201;
      await this.store(owner, key, status, body);
      return body;
    } catch (e) {
      if (e instanceof ProblemException && e.problem.status < 500) await this.store(owner, key, e.problem.status, e.problem);
      // Server-side failures leave the key pending: the retry asks the service again.
      else await this.ds.query(`DELETE FROM gateway.idempotency_keys WHERE owner = $1 AND key = $2 AND status IS NULL`, [owner, key]);
      throw e;
    }
  }

  private async pendingWithSameBody(owner: string, key: string, hash: string): Promise<boolean> {
    const rows: StoredRow[] = await this.ds.query(`SELECT request_hash, status FROM gateway.idempotency_keys WHERE owner = $1 AND key = $2`, [owner, key]);
    return rows[0]?.status === null && rows[0].request_hash === hash;
  }

  private async replay(owner: string, key: string, hash: string, res: Response): Promise<unknown> {
    const rows: StoredRow[] = await this.ds.query(`SELECT request_hash, status, body FROM gateway.idempotency_keys WHERE owner = $1 AND key = $2`, [
      owner,
      key,
    ]);
    const row = rows[0];
    if (!row) throw new ProblemException(GatewayFailures.problem('IDEMPOTENCY_RETRY'));
    if (row.request_hash !== hash) throw new ProblemException(GatewayFailures.problem('IDEMPOTENCY_KEY_REUSED'));
    if (row.status === null) throw new ProblemException(GatewayFailures.problem('IDEMPOTENCY_IN_PROGRESS'));
    if (row.status >= 400) throw new ProblemException(row.body as Problem);
    res.status(row.status);
    res.setHeader('Idempotent-Replayed', 'true');
    return row.body;
  }

  private async store(owner: string, key: string, status: number, body: unknown) {
    await this.ds.query(`UPDATE gateway.idempotency_keys SET status = $3, body = $4 WHERE owner = $1 AND key = $2`, [
      owner,
      key,
      status,
      JSON.stringify(body ?? null),
    ]);
  }
}
