import type { Problem } from '@fengqiao/contracts';
import { sampleCase, startPlatform, type Platform } from './platform.harness';

let p: Platform;
let clerk: string;

beforeAll(async () => {
  p = await startPlatform('badinput');
  clerk = await p.ctx.tokenFor('clerk.621102101');
}, 180_000);

afterAll(() => p?.stop());

const casesStored = async () => Number((await p.ctx.sql<{ n: string }>('SELECT count(*) AS n FROM intake.cases'))[0]!.n);
const outboxRows = async () => Number((await p.ctx.sql<{ n: string }>('SELECT count(*) AS n FROM intake.outbox'))[0]!.n);

async function postRaw(body: string, headers: Record<string, string> = {}) {
  return p.api('/api/v1/cases', { method: 'POST', token: clerk, body, headers: { 'content-type': 'application/json', ...headers } });
}

/** Sends a bad body and checks: the status, problem+json, the field path, and that nothing was stored. */
async function expectRejected(body: string, status: number, path?: string): Promise<Problem> {
  const before = [await casesStored(), await outboxRows()];
  const res = await postRaw(body);
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = (await res.json()) as Problem;
  expect(problem).toMatchObject({ status, title: expect.any(String), type: expect.stringMatching(/^https:\/\//) });
  expect(JSON.stringify(problem)).not.toMatch(/at \w+ \(|node_modules|QueryFailedError/); // no stack trace, no SQL
  if (path) expect(problem.errors?.map((e) => e.path)).toContain(path);
  expect([await casesStored(), await outboxRows()]).toEqual(before);
  return problem;
}

const withParty = (party: Record<string, unknown>) => JSON.stringify(sampleCase({ parties: [{ role: 'applicant', name: '王建国', ...party }] }));

describe('failing registrations: problem+json with the field path, nothing stored', () => {
  it('malformed JSON → 400', () => expectRejected('{"kind": "dispute", ', 400, '(body)'));
  it('wrong types → 422 on each field', async () => {
    const problem = await expectRejected(JSON.stringify(sampleCase({ title: 42, parties: 'nobody' })), 422, 'title');
    expect(problem.errors?.map((e) => e.path)).toContain('parties');
  });
  it('missing applicant → 422 on parties', () =>
    expectRejected(JSON.stringify(sampleCase({ parties: [{ role: 'respondent', name: '李春梅' }] })), 422, 'parties'));
  it('title over 200 characters → 422 on title', () => expectRejected(JSON.stringify(sampleCase({ title: '纠'.repeat(201) })), 422, 'title'));
  it('unknown org unit → 422 on orgUnit', () => expectRejected(JSON.stringify(sampleCase({ orgUnit: '621102109' })), 422, 'orgUnit'));
  it('unknown category → 422 on category', () => expectRejected(JSON.stringify(sampleCase({ category: 'astrology' })), 422, 'category'));
  it('ID number with a wrong GB 11643 check character → 422', () => expectRejected(withParty({ idNumber: '110105194912310021' }), 422, 'parties[0].idNumber'));
  it('ID number with an impossible birth date → 422', () => expectRejected(withParty({ idNumber: '110105201902300015' }), 422, 'parties[0].idNumber'));
  it('bad phone number → 422', () => expectRejected(withParty({ phone: '12345' }), 422, 'parties[0].phone'));
  it('body over the size limit → 413', () => expectRejected(JSON.stringify(sampleCase({ description: '长'.repeat(200_000) })), 413));
  it('unknown fields → 422 at the field, rather than silently dropped', () =>
    expectRejected(JSON.stringify(sampleCase({ priority: 'high' })), 422, 'priority'));
});

describe('Idempotency-Key', () => {
  it('replays the first answer for the same key and body, and refuses the key with another body', async () => {
    const key = `idem-${p.ctx.prefix}`;
    const body = JSON.stringify(sampleCase({ title: '幂等登记' }));
    const first = await postRaw(body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const firstBody = await first.json();
    const again = await postRaw(body, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(firstBody);
    expect(Number((await p.ctx.sql<{ n: string }>(`SELECT count(*) AS n FROM intake.cases WHERE title = '幂等登记'`))[0]!.n)).toBe(1);

    const other = await postRaw(JSON.stringify(sampleCase({ title: '另一件事' })), { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(((await other.json()) as Problem).type).toMatch(/idempotency-key-reused$/);
  });

  it('replays a validation failure with the same status and body', async () => {
    const key = `idem-bad-${p.ctx.prefix}`;
    const body = JSON.stringify(sampleCase({ category: 'astrology' }));
    const first = await postRaw(body, { 'idempotency-key': key });
    const again = await postRaw(body, { 'idempotency-key': key });
    expect([first.status, again.status]).toEqual([422, 422]);
    expect(await again.json()).toEqual(await first.json());
  });
});

describe('authentication', () => {
  it('answers 401 problem+json without a token and with a forged one', async () => {
    const none = await p.api('/api/v1/cases', { method: 'POST', body: JSON.stringify(sampleCase()) });
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/problem\+json/);
    const [h, c] = clerk.split('.');
    const forged = await p.api('/api/v1/cases', { token: `${h}.${c}.AAAA`, method: 'GET' });
    expect(forged.status).toBe(401);
  });

  it('answers 403 to a role that may not register cases', async () => {
    const dept = await p.ctx.tokenFor('dept.housing.621100');
    expect((await p.api('/api/v1/cases', { method: 'POST', token: dept, body: JSON.stringify(sampleCase()) })).status).toBe(403);
  });
});

describe('health', () => {
  it('answers /health and /health/ready with every dependency up', async () => {
    expect((await p.api('/health')).status).toBe(200);
    const ready = await p.api('/health/ready');
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { checks: Array<{ name: string; status: string }> };
    expect(body.checks.map((c) => `${c.name}:${c.status}`).sort()).toEqual(['keycloak:up', 'nats:up', 'postgres:up', 'temporal:up']);
  });

  it('serves the OpenAPI document', async () => {
    const res = await p.api('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/cases', '/api/v1/cases/{id}', '/api/v1/categories']));
  });

  it('documents, for every operation, the outage answer and (when it needs a token) 401 and 403, all as problem+json', async () => {
    type Op = { security?: unknown[]; responses: Record<string, { content?: Record<string, unknown> }> };
    const doc = (await (await p.api('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, Op>> };
    const ops = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ at: `${method} ${path}`, op })));
    expect(ops.length).toBeGreaterThan(40);
    for (const { at, op } of ops) {
      const wanted = op.security?.length ? ['401', '403', '503'] : ['503'];
      expect({ at, statuses: Object.keys(op.responses) }).toEqual({ at, statuses: expect.arrayContaining(wanted) });
      for (const [status, r] of Object.entries(op.responses))
        if (Number(status) >= 400) expect({ at, status, types: Object.keys(r.content ?? {}) }).toEqual({ at, status, types: ['application/problem+json'] });
    }
  });

  it.each(['links', 'merge', 'unmerge', 'legal-aid-referral'])('answers 404, never 500, for a case id that is no id (POST cases/0/%s)', async (route) => {
    const bodies: Record<string, object> = {
      links: { linkedCaseId: '7d3c2a10-0000-4000-8000-000000000001', relation: 'same-matter', reason: '同一事项来信与走访' },
      merge: { intoCaseId: '7d3c2a10-0000-4000-8000-000000000001', reason: '同一事项的来信与12345来电' },
      unmerge: { reason: '误合并，分开办理' },
      'legal-aid-referral': { reason: '当事人经济困难' },
    };
    const leader = await p.ctx.tokenFor('leader.621102');
    const res = await p.api(`/api/v1/cases/0/${route}`, { method: 'POST', token: leader, body: JSON.stringify(bodies[route]) });
    expect([res.status, res.headers.get('content-type')]).toEqual([404, expect.stringMatching(/^application\/problem\+json/)]);
  });

  it('answers a method a route does not declare with 405 and Allow, and leaves unknown paths 404', async () => {
    const res = await p.api('/api/v1/categories', { method: 'DELETE', token: clerk });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, PUT');
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED' });
    expect((await p.api('/api/v1/no-such-thing', { method: 'DELETE', token: clerk })).status).toBe(404);
  });
});
