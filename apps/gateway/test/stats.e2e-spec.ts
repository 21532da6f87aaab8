import type { CaseView, PetitionStatsView, StatsView } from '@fengqiao/contracts';
import { runAppScript, waitFor } from '@fengqiao/testing';
import { sampleCase, startPlatform, type Platform } from './platform.harness';

/**
 * Issue 5: a ground truth built through the public API (cases closed at first contact, mediated
 * to agreement, failed, left open, rated) and `GET /api/v1/stats` answering exactly what
 * docs/metrics.md defines for it — the township, its county, a window without them — read
 * from insights' rollups, and the same figures after the read model is rebuilt from the stream.
 */
let p: Platform;
const TOWN = '621102101';
const SIBLING = '621102102';
const COUNTY = '621102';

const token = (user: string) => p.ctx.tokenFor(user);

async function register(user: string, overrides: Record<string, unknown> = {}): Promise<CaseView> {
  const res = await p.api('/api/v1/cases', { method: 'POST', token: await token(user), body: JSON.stringify(sampleCase(overrides)) });
  const body = (await res.json()) as CaseView;
  if (res.status !== 201) throw new Error(`registration answered ${res.status}: ${JSON.stringify(body)}`);
  return waitFor(
    async () => {
      const c = await getCase(body.id, user);
      return c.allowedActions.length > 0 && c;
    },
    { what: `${body.caseNo} routed`, timeoutMs: 30_000 },
  );
}

async function getCase(id: string, user: string): Promise<CaseView> {
  const res = await p.api(`/api/v1/cases/${id}`, { token: await token(user) });
  if (res.status !== 200) throw new Error(`GET case answered ${res.status}`);
  return (await res.json()) as CaseView;
}

/** An action that must succeed; returns the case as stored after it. */
async function ok(id: string, action: string, body: unknown, user: string): Promise<CaseView> {
  const res = await p.api(`/api/v1/cases/${id}/actions/${action}`, { method: 'POST', token: await token(user), body: JSON.stringify(body) });
  const answer = (await res.json()) as CaseView;
  if (res.status !== 200) throw new Error(`${action} by ${user} answered ${res.status}: ${JSON.stringify(answer)}`);
  return answer;
}

async function stats(user: string, query: Record<string, string>): Promise<{ status: number; body: StatsView & { errors?: { path: string }[] } }> {
  const res = await p.api(`/api/v1/stats?${new URLSearchParams(query)}`, { token: await token(user) });
  return { status: res.status, body: (await res.json()) as StatsView & { errors?: { path: string }[] } };
}

/** Hours from registration to the first reply, from the case's own timeline. */
const replyMs = (c: CaseView) => Date.parse(c.timeline.find((t) => t.type === 'replied')!.at) - Date.parse(c.timeline.find((t) => t.type === 'registered')!.at);
const roundHalfUp = (v: number) => Math.round(v * 10_000 + 1e-9) / 10_000;

const ZERO: StatsView = {
  received: 0,
  closed: 0,
  closureRate: 0,
  resolvedAtFirstContact: 0,
  mediated: 0,
  mediationSucceeded: 0,
  mediationSuccessRate: 0,
  resolved: 0,
  resolutionRate: 0,
  closedOnTime: 0,
  onTimeRate: 0,
  avgFirstReplyHours: 0,
  satisfactionRate: 0,
  warnings: { green: 0, yellow: 0, red: 0 },
};

const PETITION_FIGURES = [
  'received',
  'acceptanceDue',
  'acceptedTimely',
  'timelyAcceptanceRate',
  'replied',
  'repliedOnTime',
  'onTimeClosureRate',
  'rated',
  'ratingParticipationRate',
  'petitionSatisfactionRate',
  'reviewed',
  'reviewRate',
] as const satisfies ReadonlyArray<keyof PetitionStatsView>;

let town: StatsView;
let county: StatsView;
let window: { from: string; to: string };

beforeAll(async () => {
  p = await startPlatform('stats', { mediation: [[TOWN], ['621100']], insights: true });
  const clerk = 'clerk.621102101';
  const mediator = 'mediator.621102101';

  // A: answered and settled on the spot, feedback, rated 5 → closed.
  const a = await register(clerk);
  await ok(a.id, 'reply', { message: '已当场答复并化解', resolved: true }, clerk);
  await ok(a.id, 'feedback', { message: '电话告知处理结果', channel: 'phone' }, clerk);
  await ok(a.id, 'rate', { score: 5 }, clerk);
  // B: mediated to agreement, rated 4 → closed.
  const b = await register(clerk);
  await ok(b.id, 'assign', {}, clerk);
  await ok(b.id, 'conclude', { outcome: 'agreement', summary: '双方达成调解协议' }, mediator);
  await ok(b.id, 'feedback', { message: '当面告知调解结果', channel: 'in-person' }, mediator);
  await ok(b.id, 'rate', { score: 4 }, clerk);
  // C: replied without settling, mediated, failed, rated 3 → closed.
  const c = await register(clerk);
  await ok(c.id, 'reply', { message: '已受理，转调解', resolved: false }, clerk);
  await ok(c.id, 'assign', {}, clerk);
  await ok(c.id, 'conclude', { outcome: 'failed', summary: '调解未成' }, mediator);
  await ok(c.id, 'feedback', { message: '告知调解未成', channel: 'phone' }, mediator);
  await ok(c.id, 'rate', { score: 3 }, clerk);
  // D: registered and left open; E: with a mediator, left open.
  await register(clerk);
  const e = await register(clerk);
  await ok(e.id, 'assign', {}, clerk);
  // F: the sibling township's case, answered and left open (counts for the county only).
  const sibling = 'clerk.621102102';
  const f = await register(sibling, { orgUnit: SIBLING, location: { address: '锦屏村', gridCode: '621102102201-01' } });
  await ok(f.id, 'reply', { message: '已受理', resolved: false }, sibling);

  const [ca, cc, cf] = await Promise.all([getCase(a.id, clerk), getCase(c.id, clerk), getCase(f.id, sibling)]);
  const hours = (cases: CaseView[]) => roundHalfUp(cases.reduce((s, k) => s + replyMs(k), 0) / cases.length / 3_600_000);
  town = {
    received: 5,
    closed: 3,
    closureRate: 0.6,
    resolvedAtFirstContact: 1,
    mediated: 3,
    mediationSucceeded: 1,
    mediationSuccessRate: 0.3333,
    resolved: 2,
    resolutionRate: 0.4,
    closedOnTime: 3,
    onTimeRate: 1,
    avgFirstReplyHours: hours([ca, cc]),
    satisfactionRate: 0.6667,
    warnings: { green: 2, yellow: 0, red: 0 },
  };
  county = {
    ...town,
    received: 6,
    closureRate: 0.5,
    resolutionRate: 0.3333,
    avgFirstReplyHours: hours([ca, cc, cf]),
    warnings: { green: 3, yellow: 0, red: 0 },
  };
  // A date-time window around the cases (edges inside a day: read from the facts of those days).
  const registered = [a, b, c, e, f].map((k) => Date.parse(k.timeline[0]!.at));
  window = { from: new Date(Math.min(...registered) - 60_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
}, 600_000);

afterAll(async () => {
  await p?.stop();
});

/** The read model follows the stream: poll until it has caught up, then compare exactly. */
async function settled(user: string, query: Record<string, string>, expected: StatsView): Promise<StatsView> {
  let last: unknown;
  await waitFor(
    async () => {
      const r = await stats(user, query);
      last = r.body;
      return r.status === 200 && JSON.stringify(r.body) === JSON.stringify(expected);
    },
    { what: `stats ${JSON.stringify(query)} = ${JSON.stringify(expected)} (last: ${JSON.stringify(last)})`, timeoutMs: 30_000 },
  ).catch(() => undefined);
  return (await stats(user, query)).body;
}

describe('successful statistics of a ground truth', () => {
  it('answers the township its own figures (its unit by default)', async () => {
    expect(await settled('clerk.621102101', {}, town)).toEqual(town);
    expect((await stats('leader.621102', { orgUnit: TOWN })).body).toEqual(town);
    expect((await stats('clerk.621102101', { orgUnit: TOWN, kind: 'dispute', ...window })).body).toEqual(town);
  });

  it('answers the county its subtree, the sibling township included', async () => {
    expect(await settled('leader.621102', { orgUnit: COUNTY }, county)).toEqual(county);
    expect((await stats('leader.621102', {})).body).toEqual(county);
    expect((await stats('leader.621102', { ...window })).body).toEqual(county);
  });

  it('answers zeros for a window without the cases, and for another kind', async () => {
    expect((await stats('leader.621102', { orgUnit: COUNTY, from: '2020-01-01', to: '2021-01-01' })).body).toEqual(ZERO);
    expect((await stats('leader.621102', { orgUnit: COUNTY, from: '2020-01-01T10:00', to: '2020-01-03T10:00:00+08:00' })).body).toEqual(ZERO);
    // Another kind: zeros, and with kind=petition the petition block, zeros too.
    const petition = Object.fromEntries(PETITION_FIGURES.map((k) => [k, 0]));
    expect((await stats('leader.621102', { orgUnit: COUNTY, kind: 'petition' })).body).toEqual({ ...ZERO, petition });
  });

  it('gives identical figures after the read model is rebuilt from the stream', async () => {
    const before = await Promise.all([stats('clerk.621102101', {}), stats('leader.621102', { orgUnit: COUNTY }), stats('leader.621102', window)]);
    const out = await runAppScript('insights', 'rebuild.js', [], p.ctx.appEnv());
    expect(out).toMatch(/rebuilt from \d+ event\(s\), 6 case\(s\)/);
    const after = await Promise.all([stats('clerk.621102101', {}), stats('leader.621102', { orgUnit: COUNTY }), stats('leader.621102', window)]);
    expect(after.map((r) => r.body)).toEqual(before.map((r) => r.body));
    expect(after.map((r) => r.body)).toEqual([town, county, county]);
  });
});

describe('failing statistics requests', () => {
  it("refuses a unit outside the caller's jurisdiction (403)", async () => {
    const r = await stats('clerk.621102102', { orgUnit: TOWN });
    expect(r.status).toBe(403);
    expect((await stats('clerk.621102101', { orgUnit: COUNTY })).status).toBe(403);
  });

  it('answers 422 naming each bad parameter, never 500', async () => {
    const r = await stats('leader.621102', { orgUnit: 'x', kind: 'alien', from: '2026-02-30', to: 'later' });
    expect(r.status).toBe(422);
    expect(r.body.errors?.map((e) => e.path).sort()).toEqual(['from', 'kind', 'orgUnit', 'to']);
    const backwards = await stats('leader.621102', { from: '2026-03-02', to: '2026-03-01' });
    expect(backwards.status).toBe(422);
    expect(backwards.body.errors?.map((e) => e.path)).toEqual(['to']);
    expect((await stats('leader.621102', { page: '1' })).status).toBe(422);
  });

  it('refuses roles without statistics (403)', async () => {
    const res = await p.api('/api/v1/stats', { token: await token('resident.demo') });
    expect(res.status).toBe(403);
  });
});
