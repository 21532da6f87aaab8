import { createHash } from 'node:crypto';
import { HttpCode, type CallHandler, type ExecutionContext } from '@nestjs/common';
import { lastValueFrom, of, throwError, type Observable } from 'rxjs';
import type { DataSource } from 'typeorm';
import { problem } from '@fengqiao/contracts';
import { ProblemException } from '../problems/problem.exception';
import { IdempotencyInterceptor } from './idempotency.interceptor';

interface StoredRow {
  request_hash: string;
  status: number | null;
  body: unknown;
}

/** gateway.idempotency_keys held in a Map; every query recorded. */
function fakeDataSource() {
  const rows = new Map<string, StoredRow>();
  const queries: Array<{ sql: string; params: unknown[] }> = [];
  const ds = {
    query: async (sql: string, params: unknown[]) => {
      queries.push({ sql, params });
      const id = `${params[0]}|${params[1]}`;
      if (sql.startsWith('INSERT')) {
        if (rows.has(id)) return [];
        rows.set(id, { request_hash: String(params[2]), status: null, body: null });
        return [{ key: params[1] }];
      }
      if (sql.startsWith('SELECT')) return rows.has(id) ? [rows.get(id)] : [];
      if (sql.startsWith('UPDATE')) {
        rows.set(id, { ...rows.get(id)!, status: Number(params[2]), body: JSON.parse(String(params[3])) });
        return [];
      }
      if (sql.startsWith('DELETE')) {
        rows.delete(id);
        return [];
      }
      throw new Error(`unexpected query ${sql}`);
    },
  } as unknown as DataSource;
  return { ds, rows, queries };
}

class CasesRoutes {
  create() {}
  @HttpCode(200)
  act() {}
}

interface Request {
  method?: string;
  path?: string;
  key?: string;
  body?: unknown;
  handler?: () => void;
}

function call(interceptor: IdempotencyInterceptor, r: Request, result: () => Observable<unknown>) {
  const headers: Record<string, string> = {};
  const response = {
    statusCode: undefined as number | undefined,
    status(code: number) {
      response.statusCode = code;
      return response;
    },
    setHeader(name: string, value: string) {
      headers[name] = value;
    },
  };
  const req = {
    method: r.method ?? 'POST',
    path: r.path ?? '/api/v1/cases',
    headers: r.key === undefined ? {} : { 'idempotency-key': r.key },
    body: r.body,
    caller: { userId: 'u-1' },
  };
  const ctx = {
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => response }),
    getHandler: () => r.handler ?? CasesRoutes.prototype.create,
  } as unknown as ExecutionContext;
  let handled = 0;
  const next: CallHandler = {
    handle: () => {
      handled++;
      return result();
    },
  };
  const outcome = lastValueFrom(interceptor.intercept(ctx, next), { defaultValue: undefined });
  return { outcome, response, headers, handled: () => handled };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const insertedHash = (queries: Array<{ sql: string; params: unknown[] }>) => queries.find((q) => q.sql.startsWith('INSERT'))?.params[2];

describe('IdempotencyInterceptor', () => {
  it.each([
    ['a GET', { method: 'GET', key: 'k1' }],
    ['a POST without a key', {}],
  ])('lets %s through untouched', async (_label, r: Request) => {
    const f = fakeDataSource();
    const c = call(new IdempotencyInterceptor(f.ds), r, () => of({ id: 1 }));
    await expect(c.outcome).resolves.toEqual({ id: 1 });
    expect(f.queries).toEqual([]);
  });

  it('fingerprints the method, path and canonical JSON of the body (keys sorted at every level, array order kept)', async () => {
    const f = fakeDataSource();
    const body = { title: 't', parties: [{ role: 'applicant', name: '张三' }, 2], location: { lng: 104.6, lat: 35.6 }, note: null };
    await call(new IdempotencyInterceptor(f.ds), { key: 'k1', body }, () => of({})).outcome;
    const canonical = '{"location":{"lat":35.6,"lng":104.6},"note":null,"parties":[{"name":"张三","role":"applicant"},2],"title":"t"}';
    expect(insertedHash(f.queries)).toBe(sha256(`POST /api/v1/cases\n${canonical}`));
    expect(f.queries[0]?.params.slice(0, 2)).toEqual(['u-1', 'k1']);
  });

  it('fingerprints an absent body as null', async () => {
    const f = fakeDataSource();
    await call(new IdempotencyInterceptor(f.ds), { key: 'k1' }, () => of({})).outcome;
    expect(insertedHash(f.queries)).toBe(sha256('POST /api/v1/cases\nnull'));
  });

  it('successful-replay of the same body with its keys in another order returns the first answer without running the handler', async () => {
    const f = fakeDataSource();
    const i = new IdempotencyInterceptor(f.ds);
    const first = call(i, { key: 'k1', body: { a: 1, b: { c: 2, d: [1, 2] } } }, () => of({ id: 'case-1' }));
    await expect(first.outcome).resolves.toEqual({ id: 'case-1' });
    expect(f.rows.get('u-1|k1')).toMatchObject({ status: 201, body: { id: 'case-1' } });

    const again = call(i, { key: 'k1', body: { b: { d: [1, 2], c: 2 }, a: 1 } }, () => of({ id: 'case-2' }));
    await expect(again.outcome).resolves.toEqual({ id: 'case-1' });
    expect(again.handled()).toBe(0);
    expect(again.response.statusCode).toBe(201);
    expect(again.headers['Idempotent-Replayed']).toBe('true');
  });

  it('stores the status the route declares with @HttpCode', async () => {
    const f = fakeDataSource();
    await call(new IdempotencyInterceptor(f.ds), { key: 'k1', body: {}, handler: CasesRoutes.prototype.act }, () => of({ ok: true })).outcome;
    expect(f.rows.get('u-1|k1')?.status).toBe(200);
  });

  it.each([
    ['another body', { path: '/api/v1/cases', body: { a: 2 } }],
    ['an array in another order', { path: '/api/v1/cases', body: { a: 1, list: [2, 1] } }],
    ['another path', { path: '/api/v1/cases/x/actions/reply', body: { a: 1, list: [1, 2] } }],
  ])('failing-replay with %s: 422 idempotency-key-reused', async (_label, second) => {
    const f = fakeDataSource();
    const i = new IdempotencyInterceptor(f.ds);
    await call(i, { key: 'k1', body: { a: 1, list: [1, 2] } }, () => of({ id: 'case-1' })).outcome;
    const again = call(i, { key: 'k1', ...second }, () => of({}));
    await expect(again.outcome).rejects.toMatchObject({ problem: { status: 422, type: problem('idempotencyMismatch').type } });
    expect(again.handled()).toBe(0);
  });

  it('asks the owner again while the first request has no answer yet (the key travels to the service that writes)', async () => {
    const f = fakeDataSource();
    f.rows.set('u-1|k1', { request_hash: sha256('POST /api/v1/cases\n{}'), status: null, body: null });
    const c = call(new IdempotencyInterceptor(f.ds), { key: 'k1', body: {} }, () => of({ id: 'case-1' }));
    await expect(c.outcome).resolves.toEqual({ id: 'case-1' });
    expect(c.handled()).toBe(1);
  });

  it('stores a client-error problem and replays it as the same problem', async () => {
    const f = fakeDataSource();
    const i = new IdempotencyInterceptor(f.ds);
    const p = problem('validation', 'bad', [{ path: 'orgUnit', message: 'unknown' }]);
    const first = call(i, { key: 'k1', body: {} }, () => throwError(() => new ProblemException(p)));
    await expect(first.outcome).rejects.toBeInstanceOf(ProblemException);
    expect(f.rows.get('u-1|k1')).toEqual({ request_hash: expect.any(String), status: 422, body: p });

    const again = call(i, { key: 'k1', body: {} }, () => of({}));
    await expect(again.outcome).rejects.toMatchObject({ problem: p });
  });

  it.each([
    ['a server-side problem', new ProblemException(problem('unavailable'))],
    ['an unknown error', new Error('boom')],
  ])('releases the key after %s so the client may retry', async (_label, error) => {
    const f = fakeDataSource();
    const i = new IdempotencyInterceptor(f.ds);
    await expect(call(i, { key: 'k1', body: {} }, () => throwError(() => error)).outcome).rejects.toBe(error);
    expect(f.rows.has('u-1|k1')).toBe(false);
    const retry = call(i, { key: 'k1', body: {} }, () => of({ id: 'case-1' }));
    await expect(retry.outcome).resolves.toEqual({ id: 'case-1' });
    expect(retry.handled()).toBe(1);
  });

  it.each([[''], ['k'.repeat(256)]])('failing-request with a key of length %#: 422 validation', async (key) => {
    const f = fakeDataSource();
    const c = call(new IdempotencyInterceptor(f.ds), { key, body: {} }, () => of({}));
    await expect(c.outcome).rejects.toMatchObject({ problem: { status: 422, errors: [{ path: 'Idempotency-Key' }] } });
    expect(f.queries).toEqual([]);
  });

  it('keeps keys apart per caller', async () => {
    const f = fakeDataSource();
    f.rows.set('someone-else|k1', { request_hash: 'other', status: 201, body: { id: 'theirs' } });
    const c = call(new IdempotencyInterceptor(f.ds), { key: 'k1', body: {} }, () => of({ id: 'mine' }));
    await expect(c.outcome).resolves.toEqual({ id: 'mine' });
  });
});
