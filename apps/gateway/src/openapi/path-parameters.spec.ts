import type { OpenAPIObject } from '@nestjs/swagger';
import { documentPathParameters } from './path-parameters';
import { methodNotAllowed } from './method-not-allowed';

const doc = (paths: OpenAPIObject['paths']): OpenAPIObject => ({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths });
type Op = { parameters: Array<{ name: string; schema?: Record<string, unknown> }> };

describe('documentPathParameters', () => {
  const out = documentPathParameters(
    doc({
      '/api/v1/cases/{id}/parties/{index}/unmask': {
        post: {
          parameters: [
            { name: 'id', in: 'path', required: true },
            { name: 'index', in: 'path', required: true },
          ],
          responses: {},
        },
      },
      '/api/v1/cases/{id}/petition/documents/{kind}': {
        get: {
          parameters: [
            { name: 'id', in: 'path', required: true },
            { name: 'kind', in: 'path', required: true, schema: { type: 'string', enum: ['a'] } },
          ],
          responses: {},
        },
      },
      '/api/v1/reports/{ref}': { get: { parameters: [{ name: 'ref', in: 'path', required: true }], responses: {} } },
    }),
  );
  const params = (path: string, method: string) => (out.paths[path] as Record<string, Op>)[method]!.parameters;

  it('types record ids as UUIDs and a party as its index', () => {
    const [id, index] = params('/api/v1/cases/{id}/parties/{index}/unmask', 'post');
    expect(id!.schema).toEqual({ type: 'string', format: 'uuid' });
    expect(index!.schema).toMatchObject({ type: 'integer', minimum: 0, maximum: 49 });
  });

  it('keeps an enum the route declares', () => {
    expect(params('/api/v1/cases/{id}/petition/documents/{kind}', 'get')[1]!.schema).toEqual({ type: 'string', enum: ['a'] });
  });

  it('takes a report id with or without its file extension', () => {
    const ref = new RegExp(params('/api/v1/reports/{ref}', 'get')[0]!.schema!['pattern'] as string);
    const id = 'c873a7d2-0600-43bc-8283-dbe381c03751';
    expect([id, `${id}.pdf`, `${id}.xlsx`, 'monthly', `${id}.doc`].map((r) => ref.test(r))).toEqual([true, true, true, false, false]);
  });
});

describe('methodNotAllowed with a concrete path beside a template', () => {
  it('answers 405 for GET /reports/monthly (POST only), not the template /reports/{ref}', () => {
    const mw = methodNotAllowed(doc({ '/api/v1/reports/monthly': { post: { responses: {} } }, '/api/v1/reports/{ref}': { get: { responses: {} } } }));
    const sent: { status?: number; allow?: string; next: boolean } = { next: false };
    const res = {
      status(s: number) {
        sent.status = s;
        return this;
      },
      setHeader(_k: string, v: string) {
        sent.allow = v;
        return this;
      },
      type() {
        return this;
      },
      send() {
        return this;
      },
    };
    mw({ method: 'GET', path: '/api/v1/reports/monthly', originalUrl: '/api/v1/reports/monthly' } as never, res as never, () => (sent.next = true));
    expect(sent).toEqual({ status: 405, allow: 'POST', next: false });
  });
});
