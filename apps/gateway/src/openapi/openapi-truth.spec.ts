import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { createCaseSchema } from '@fengqiao/contracts';
import { createCaseBodySchema } from './case.schemas';
import { methodNotAllowed } from './method-not-allowed';
import { documentProblems } from './problems';

const doc = (paths: OpenAPIObject['paths']): OpenAPIObject => ({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths });
const bearer = [{ bearer: [] }];

describe('documentProblems', () => {
  const out = documentProblems(
    doc({
      '/api/v1/cases/{id}/things': {
        post: {
          security: bearer,
          parameters: [{ name: 'id', in: 'path', required: true }],
          requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
          responses: { '201': { description: 'made' }, '422': { description: 'bad thing', content: { 'application/json': { schema: {} } } } },
        },
      },
      '/api/v1/open': { get: { responses: { '200': { description: 'ok' } } } },
    }),
  );
  const post = (out.paths['/api/v1/cases/{id}/things'] as { post: { responses: Record<string, { description: string; content?: object }> } }).post;

  it('lists every status a secured write with a path parameter can answer, each as problem+json', () => {
    expect(Object.keys(post.responses).sort()).toEqual(['201', '400', '401', '403', '404', '409', '413', '422', '503']);
    for (const [status, r] of Object.entries(post.responses)) {
      if (Number(status) >= 400) expect(r.content).toEqual({ 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } });
    }
    expect(post.responses['422']!.description).toBe('bad thing');
    expect(post.responses['201']).toEqual({ description: 'made' });
  });

  it('gives an open read without parameters only the outage answer', () => {
    const get = (out.paths['/api/v1/open'] as { get: { responses: Record<string, unknown> } }).get;
    expect(Object.keys(get.responses).sort()).toEqual(['200', '503']);
  });

  it('defines the Problem schema once, in components', () => {
    expect(out.components?.schemas?.['Problem']).toMatchObject({ type: 'object' });
  });
});

describe('methodNotAllowed', () => {
  const mw = methodNotAllowed(
    doc({
      '/api/v1/cases': { get: { responses: {} }, post: { responses: {} } },
      '/api/v1/cases/{id}': { get: { responses: {} } },
    }),
  );
  function call(method: string, path: string) {
    const sent: { status?: number; headers: Record<string, string>; body?: string; next: boolean } = { headers: {}, next: false };
    const res = {
      status(s: number) {
        sent.status = s;
        return this;
      },
      setHeader(k: string, v: string) {
        sent.headers[k] = v;
        return this;
      },
      type(t: string) {
        sent.headers['content-type'] = t;
        return this;
      },
      send(b: string) {
        sent.body = b;
        return this;
      },
    };
    mw({ method, path, originalUrl: path } as Request, res as unknown as Response, (() => (sent.next = true)) as NextFunction);
    return sent;
  }

  it('answers a method a route does not declare with 405, Allow and a bilingual problem', () => {
    const r = call('DELETE', '/api/v1/cases/5d9c');
    expect(r.status).toBe(405);
    expect(r.headers).toMatchObject({ Allow: 'GET, HEAD', 'content-type': 'application/problem+json' });
    expect(JSON.parse(r.body!)).toMatchObject({
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
      detail: '该接口只接受 GET, HEAD / This route accepts GET, HEAD only',
    });
  });

  it('lets declared methods, HEAD of a GET and unknown paths through', () => {
    expect(call('POST', '/api/v1/cases').next).toBe(true);
    expect(call('HEAD', '/api/v1/cases/1').next).toBe(true);
    expect(call('DELETE', '/api/v1/nothing-here').next).toBe(true);
    expect(call('PUT', '/api/v1/cases/1/more').next).toBe(true);
  });
});

describe('the registration body in the document is the validator’s', () => {
  const schema = createCaseBodySchema() as { required: string[]; properties: Record<string, Record<string, unknown>> };
  const party = (schema.properties['parties']!['items'] as { properties: Record<string, Record<string, unknown>> }).properties;

  it('states the constraints the validator enforces', () => {
    expect(schema.required).toEqual(expect.arrayContaining(['kind', 'category', 'title', 'description', 'channel', 'orgUnit', 'parties']));
    expect(schema.properties['kind']!['enum']).toEqual(expect.arrayContaining(['dispute', 'petition', 'legal-aid']));
    expect(schema.properties['title']).toMatchObject({ minLength: 1, maxLength: 200 });
    expect(party['name']).toMatchObject({ minLength: 1, maxLength: 100 });
    expect(schema.properties['parties']).toMatchObject({ minItems: 1, maxItems: 50 });
  });

  it('says a required text needs a character that is not a space, and no text holds U+0000 (the gateway refuses it)', () => {
    const required = new RegExp(schema.properties['title']!['pattern'] as string);
    expect(['邻里纠纷', ' a ', 'x'].map((t) => required.test(t))).toEqual([true, true, true]);
    expect(['', '   ', 'a\u0000b', '\u0000'].map((t) => required.test(t))).toEqual([false, false, false, false]);
    const optional = new RegExp(party['phone']?.['pattern'] as string);
    expect(['', '138', 'a\u0000'].map((t) => optional.test(t))).toEqual([true, true, false]);
  });

  it('refuses what the document refuses: an empty or blank name', () => {
    const base = { kind: 'dispute', category: 'neighbour', title: 't', description: 'd', channel: 'walk-in', orgUnit: '621102101' };
    for (const name of ['', '   ']) expect(createCaseSchema.safeParse({ ...base, parties: [{ role: 'applicant', name }] }).success).toBe(false);
    expect(createCaseSchema.safeParse({ ...base, parties: [{ role: 'applicant', name: '王建国' }] }).success).toBe(true);
  });
});
