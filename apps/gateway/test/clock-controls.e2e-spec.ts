import { randomBytes } from 'node:crypto';
import type { CaseView, RoutingRulesVersion } from '@fengqiao/contracts';
import { waitFor } from '@fengqiao/testing';
import { sampleCase, standInToken, startPlatform, type Platform } from './platform.harness';

/**
 * Clocks that stop, are extended, and learn next year's holidays — through the public API, on every
 * kind: a stop excluded from the period, an extension approved by a leader and told to the
 * resident, and a year's notice loaded under a running case moves its provisional due date.
 */
let p: Platform;
let admin: { token: string; remove: () => Promise<void> };
const CLERK = 'clerk.621102101';
const LEADER = 'leader.621102';

beforeAll(async () => {
  p = await startPlatform('clock-controls');
  admin = await standInToken('admin', '621100');
  for (const u of [CLERK, LEADER]) await p.ctx.tokenFor(u);
}, 180_000);

afterAll(async () => {
  await admin?.remove().catch(() => undefined);
  await p?.stop();
});

async function post(path: string, body: unknown, token: string): Promise<{ status: number; body: CaseView & { detail?: string } }> {
  const res = await p.api(path, { method: 'POST', token, body: JSON.stringify(body), headers: { 'idempotency-key': randomBytes(8).toString('hex') } });
  return { status: res.status, body: (await res.json()) as CaseView & { detail?: string } };
}
const as = (user: string) => p.ctx.tokenFor(user);
async function act(id: string, action: string, body: unknown, user = CLERK): Promise<CaseView> {
  const r = await post(`/api/v1/cases/${id}/actions/${action}`, body, await as(user));
  if (r.status !== 200) throw new Error(`${action} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}
const firstReply = (c: CaseView) => c.clocks.find((k) => k.id === 'first-reply')!;

it.each(['dispute', 'complaint'])('stops the clock of a %s with a reason and excludes the stop from the period', async (kind) => {
  const c = (await post('/api/v1/cases', sampleCase({ kind, category: 'other' }), await as(CLERK))).body;
  expect(c.clockActions).toEqual(['pause-clock', 'request-extension']);
  const paused = await act(c.id, 'pause-clock', { reason: '当事人同意暂停调解' });
  expect(paused.clockActions).toEqual(['resume-clock', 'request-extension']);
  expect(firstReply(paused).pausedAt).toBeTruthy();
  const resumed = await act(c.id, 'resume-clock', { note: '恢复' });
  const moved = Date.parse(firstReply(resumed).due) - Date.parse(firstReply(c).due);
  expect(moved).toBeGreaterThan(0);
  expect(firstReply(resumed).pausedMs).toBe(moved);
  expect(resumed.timeline.map((t) => t.type)).toEqual(expect.arrayContaining(['clock-paused', 'clock-resumed']));
  expect(resumed.timeline.find((t) => t.type === 'clock-paused')?.detail).toMatchObject({ reason: '当事人同意暂停调解' });
});

it('extends a clock once its approver agrees, tells the resident, and refuses the decision to a clerk', async () => {
  const c = (await post('/api/v1/cases', sampleCase(), await as(CLERK))).body;
  const asked = await act(c.id, 'request-extension', { days: 10, reason: '需多部门会商' });
  expect(asked.extensionRequest).toMatchObject({ clock: 'first-reply', days: 10 });
  expect(asked.clockActions).toContain('decide-extension');
  // The clerk asks; only the leader decides.
  expect((await post(`/api/v1/cases/${c.id}/actions/decide-extension`, { approved: true }, await as(CLERK))).status).toBe(403);
  const decided = await act(c.id, 'decide-extension', { approved: true, note: '同意' }, LEADER);
  expect(Date.parse(firstReply(decided).due) - Date.parse(firstReply(c).due)).toBeGreaterThanOrEqual(10 * 86_400_000);
  expect(decided.extensionRequest).toBeNull();
  expect(decided.timeline.find((t) => t.type === 'extension-approved')?.detail).toMatchObject({ days: 10, toldTo: 'resident' });
  // A second decision without a request is refused with the actions open now.
  const again = await post(`/api/v1/cases/${c.id}/actions/decide-extension`, { approved: true }, await as(LEADER));
  expect(again.status).toBe(409);
});

it("moves a running case's provisional due date when next year's holidays are loaded", async () => {
  // A first reply in 30 working days from today runs into next year, which has no notice yet.
  const current = (await (await p.api('/api/v1/routing-rules', { token: admin.token })).json()) as RoutingRulesVersion;
  const base = current.rules.find((r) => r.category === '*' && r.severity === '*')!;
  const rules = [
    ...current.rules.filter((r) => r.category !== 'other'),
    { ...base, category: 'other', severity: '*', periods: { ...base.periods, firstReply: { amount: 30, unit: 'working-days' } } },
  ];
  expect(
    (await p.api('/api/v1/routing-rules', { method: 'PUT', token: admin.token, body: JSON.stringify({ note: 'e2e: long first reply', rules }) })).status,
  ).toBe(200);
  const c = (await post('/api/v1/cases', sampleCase({ kind: 'consultation', category: 'other' }), await as(CLERK))).body;
  const before = firstReply(c);
  expect(before.provisional).toBe(true);

  const year = new Date(Date.parse(before.due)).getUTCFullYear();
  // A test notice (not the State Council's): the first three working days of the year are off.
  const workdays: string[] = [];
  for (let d = Date.UTC(year, 0, 1); workdays.length < 3; d += 86_400_000)
    if (![0, 6].includes(new Date(d).getUTCDay())) workdays.push(new Date(d).toISOString().slice(0, 10));
  const notice = { year, notice: `测试通知〔${year}〕1号`, publishedOn: `${year - 1}-11-20`, daysOff: workdays, adjustedWorkdays: [] };
  const loaded = await post('/api/v1/holidays', notice, admin.token);
  expect(loaded.status).toBe(201);

  const after = await waitFor(
    async () => {
      const res = await p.api(`/api/v1/cases/${c.id}`, { token: await as(CLERK) });
      const view = (await res.json()) as CaseView;
      return view.timeline.some((t) => t.type === 'deadlines-recomputed') && view;
    },
    { what: 'the running case learns the year', timeoutMs: 20_000 },
  );
  expect(firstReply(after).provisional).toBe(false);
  expect(Date.parse(firstReply(after).due)).toBeGreaterThan(Date.parse(before.due));
});
