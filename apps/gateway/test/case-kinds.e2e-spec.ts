import { join } from 'node:path';
import type { CaseView } from '@fengqiao/contracts';
import { sampleCase, startPlatform, type Platform } from './platform.harness';

/**
 * Every kind is a module with a process (libs/rules): a case is actionable the moment its 201
 * arrives, every built-in kind and an integrator's test-only kind walk to closed, and one
 * Idempotency-Key is one case (and one action) even when the gateway forgot the key.
 */
let p: Platform;
const CLERK = 'clerk.621102101';

beforeAll(async () => {
  p = await startPlatform('case-kinds', { env: { FQ_KIND_MODULES: join(__dirname, 'support', 'noise-report.kind.js') } });
  // One login per user before the parallel clients start (Keycloak's brute-force guard counts concurrent logins).
  for (const user of [CLERK, 'grid.621102101201']) await p.ctx.tokenFor(user);
}, 180_000);

afterAll(async () => {
  await p?.stop();
});

interface Answer {
  status: number;
  body: CaseView & { detail?: string; allowedActions: string[] };
}

async function post(path: string, body: unknown, user = CLERK, key?: string): Promise<Answer> {
  const res = await p.api(path, {
    method: 'POST',
    token: await p.ctx.tokenFor(user),
    body: JSON.stringify(body),
    headers: key ? { 'idempotency-key': key } : {},
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

async function register(overrides: Record<string, unknown>, user = CLERK, key?: string): Promise<CaseView> {
  const r = await post('/api/v1/cases', sampleCase(overrides), user, key);
  if (r.status !== 201) throw new Error(`registration answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

async function ok(id: string, action: string, body: unknown, user = CLERK): Promise<CaseView> {
  const r = await post(`/api/v1/cases/${id}/actions/${action}`, body, user);
  if (r.status !== 200) throw new Error(`${action} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

describe('a case is actionable the moment it exists', () => {
  it('takes its first action right after the 201: 200 register-then-reply pairs, no 409', async () => {
    const answers: number[] = [];
    // Four clients, each registering and replying at once, fifty times in a row.
    await Promise.all(
      [0, 1, 2, 3].map(async (lane) => {
        for (let i = 0; i < 50; i++) {
          const c = await register({ title: `即登即办 ${lane}-${i}` });
          const r = await post(`/api/v1/cases/${c.id}/actions/reply`, { message: '当场答复', resolved: true });
          answers.push(r.status);
        }
      }),
    );
    expect(answers).toHaveLength(200);
    expect(answers.filter((s) => s !== 200)).toEqual([]);
  }, 240_000);
});

describe('every kind has a process', () => {
  it.each(['consultation', 'complaint', 'hazard'])(
    'walks a %s from first contact to closed',
    async (kind) => {
      const c = await register({ kind, category: 'other' });
      expect(c).toMatchObject({ kind, status: 'first-contact', allowedActions: ['reply'] });
      expect(c.workflowId).toBe(`${p.ctx.prefix}.${kind}-${c.caseNo}`);
      expect((await ok(c.id, 'reply', { message: '已受理，正在办理', resolved: false })).status).toBe('handling');
      const concluded = await ok(c.id, 'conclude', { outcome: 'resolved', summary: '已办结' });
      expect(concluded).toMatchObject({ status: 'awaiting-feedback', outcome: 'resolved', allowedActions: ['feedback'] });
      await ok(c.id, 'feedback', { message: '已电话告知', channel: 'phone' });
      const closed = await ok(c.id, 'rate', { score: 5 });
      expect(closed).toMatchObject({ status: 'closed', rating: 5, allowedActions: [] });
      expect(closed.timeline.map((t) => t.type)).toEqual(['registered', 'routed', 'replied', 'concluded', 'feedback-recorded', 'rated', 'closed']);
    },
    60_000,
  );

  it('starts a petition on its own process (petition-<caseNo>), awaiting acceptance; refusals name the allowed actions or the field', async () => {
    const c = await register({ kind: 'petition', category: 'other' });
    expect(c).toMatchObject({ kind: 'petition', status: 'acceptance', allowedActions: ['accept', 'not-accept', 'forward'] });
    expect(c.workflowId).toBe(`${p.ctx.prefix}.petition-${c.caseNo}`);
    const officer = 'petition.621102';
    // The generic process's actions are not the petition's (a clerk may conclude other kinds' cases: 409, not 403).
    const generic = await post(`/api/v1/cases/${c.id}/actions/conclude`, { outcome: 'resolved', summary: '已办结' }, CLERK);
    expect([generic.status, generic.body.allowedActions]).toEqual([409, ['accept', 'not-accept', 'forward']]);
    // The workflow's validator: a reply before acceptance (409), a refusal that does not tell the channel (422).
    const early = await post(`/api/v1/cases/${c.id}/actions/reply`, { text: '答复意见书' }, officer);
    expect([early.status, early.body.allowedActions]).toEqual([409, ['accept', 'not-accept', 'forward']]);
    const noChannel = await post(`/api/v1/cases/${c.id}/actions/not-accept`, { reason: 'litigation', message: '请依法起诉' }, officer);
    expect(noChannel.status).toBe(422);
    expect(JSON.stringify(noChannel.body)).toContain('channel');
    // A clerk may not decide acceptance; an over-long extension is refused before the process.
    expect((await post(`/api/v1/cases/${c.id}/actions/accept`, {}, CLERK)).status).toBe(403);
    expect((await post(`/api/v1/cases/${c.id}/actions/request-extension`, { days: 31, reason: '复杂' }, officer)).status).toBe(422);
  }, 60_000);

  it('starts legal aid on its own process (legal-aid-<caseNo>), awaiting the application; a generic action is refused with the allowed ones', async () => {
    const c = await register({ kind: 'legal-aid', category: 'labour' });
    expect(c).toMatchObject({ kind: 'legal-aid', status: 'application', allowedActions: ['apply', 'withdraw'] });
    expect(c.workflowId).toBe(`${p.ctx.prefix}.legal-aid-${c.caseNo}`);
    const generic = await post(`/api/v1/cases/${c.id}/actions/reply`, { message: '已受理', resolved: false });
    expect([generic.status, generic.body.allowedActions]).toEqual([409, ['apply', 'withdraw']]);
  }, 60_000);

  it("refuses a dispute's action on a generic case with 409 and the actions it takes", async () => {
    const c = await register({ kind: 'complaint', category: 'other' });
    const r = await post(`/api/v1/cases/${c.id}/actions/assign`, {});
    expect(r.status).toBe(409);
    expect(r.body.allowedActions).toEqual(['reply']);
  });

  it("walks an integrator's test-only kind, registered through FQ_KIND_MODULES, to closed", async () => {
    // A grid worker reports it in their own village; the township's clerk follows it up.
    const c = await register({ kind: 'noise-report', category: 'other', orgUnit: '621102101201', channel: 'grid' }, 'grid.621102101201');
    expect(c).toMatchObject({ kind: 'noise-report', status: 'first-contact', allowedActions: ['reply'] });
    expect(c.workflowId).toBe(`${p.ctx.prefix}.noise-report-${c.caseNo}`);
    await ok(c.id, 'reply', { message: '已到现场', resolved: true }, 'grid.621102101201');
    await ok(c.id, 'feedback', { message: '已告知', channel: 'in-person' });
    expect(await ok(c.id, 'rate', { score: 4 })).toMatchObject({ status: 'closed', rating: 4 });
    // The OpenAPI documents the new kind's actions with their examples.
    const doc = (await (await p.api('/api/v1/openapi.json')).json()) as {
      paths: Record<string, { post?: { requestBody?: { content: Record<string, { examples?: Record<string, unknown> }> } } }>;
    };
    expect(Object.keys(doc.paths['/api/v1/cases/{id}/actions/conclude']!.post!.requestBody!.content['application/json']!.examples!)).toEqual(
      expect.arrayContaining(['complaint', 'noise-report']),
    );
    // An unknown kind is still refused with the field named.
    const bad = await post('/api/v1/cases', sampleCase({ kind: 'no-such-kind' }));
    expect(bad.status).toBe(422);
  }, 60_000);
});

describe('one Idempotency-Key, one result, even when the gateway forgot the key', () => {
  it('returns the first case to a retry whose key the gateway no longer has (it died after intake committed)', async () => {
    const key = `kinds-${Date.now()}`;
    const first = await register({ title: '重试登记' }, CLERK, key);
    // What a gateway killed between intake's commit and its own bookkeeping leaves: no finished key.
    await p.ctx.sql(`DELETE FROM gateway.idempotency_keys WHERE key = $1`, [key]);
    const retry = await post('/api/v1/cases', sampleCase({ title: '重试登记' }), CLERK, key);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.id);
    expect(await p.ctx.sql(`SELECT count(*)::int AS n FROM intake.cases WHERE request_key = $1`, [key])).toEqual([{ n: 1 }]);
    // The case still acts at once.
    expect((await ok(first.id, 'reply', { message: '答复', resolved: true })).status).toBe('awaiting-feedback');
  });

  it('runs an action once for one key: a retry the gateway forgot answers with the first result', async () => {
    const c = await register({ title: '操作重试' });
    const key = `act-${Date.now()}`;
    const first = await post(`/api/v1/cases/${c.id}/actions/reply`, { message: '只答复一次', resolved: false }, CLERK, key);
    expect(first.status).toBe(200);
    await p.ctx.sql(`DELETE FROM gateway.idempotency_keys WHERE key = $1`, [key]);
    const retry = await post(`/api/v1/cases/${c.id}/actions/reply`, { message: '只答复一次', resolved: false }, CLERK, key);
    expect(retry.status).toBe(200);
    expect(retry.body.timeline.filter((t) => t.type === 'replied')).toHaveLength(1);
  });
});
