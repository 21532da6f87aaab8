import type { BoardUnitView, BoardView, CaseView, Page, RoutingRulesVersion } from '@fengqiao/contracts';
import { waitFor } from '@fengqiao/testing';
import { sampleCase, standInToken, startPlatform, type Platform } from './platform.harness';

/**
 * Issue 5 item 3: the three-colour board through the gateway, read from insights' read model.
 * Chankou town gets an overdue case (a 0.1-minute first-reply period) and an on-time one;
 * Neiguanying town gets a cluster of complaints. The county's board shows both towns' counts and
 * cards, each count's drill-down query lists exactly those cases, and a sibling clerk is refused.
 */
let p: Platform;
let admin: { token: string; remove: () => Promise<void> };
const TOWN = '621102101';
const SIBLING = '621102102';
const COUNTY = '621102';
const CITY = '621100';

const token = (user: string) => p.ctx.tokenFor(user);

async function register(user: string, overrides: Record<string, unknown> = {}): Promise<CaseView> {
  const res = await p.api('/api/v1/cases', { method: 'POST', token: await token(user), body: JSON.stringify(sampleCase(overrides)) });
  const body = (await res.json()) as CaseView;
  if (res.status !== 201) throw new Error(`registration answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

async function getCase(id: string, user = 'clerk.621102101'): Promise<CaseView> {
  const res = await p.api(`/api/v1/cases/${id}`, { token: await token(user) });
  if (res.status !== 200) throw new Error(`GET case answered ${res.status}`);
  return (await res.json()) as CaseView;
}

async function board(user: string, orgUnit?: string): Promise<{ status: number; body: BoardView }> {
  const res = await p.api(`/api/v1/board${orgUnit ? `?orgUnit=${orgUnit}` : ''}`, { token: await token(user) });
  return { status: res.status, body: (await res.json()) as BoardView };
}

/** The case ids a drill-down query lists (every page). */
async function listed(query: string, user: string): Promise<string[]> {
  const res = await p.api(`${query}&pageSize=200`, { token: await token(user) });
  if (res.status !== 200) throw new Error(`${query} answered ${res.status}: ${await res.text()}`);
  const page = (await res.json()) as Page<CaseView>;
  expect(page.total).toBe(page.items.length);
  return page.items.map((c) => c.id).sort();
}

/** Publishes the current rules with `patch` applied to the rules of one category (admin, through the API). */
async function publishRules(category: string, patch: (r: RoutingRulesVersion['rules'][number]) => RoutingRulesVersion['rules'][number]) {
  const current = (await (await p.api('/api/v1/routing-rules', { token: admin.token })).json()) as RoutingRulesVersion;
  const base = current.rules.find((r) => r.category === '*' && r.severity === '*')!;
  const rules = [...current.rules.filter((r) => r.category !== category), patch({ ...base, category, severity: '*' })];
  const res = await p.api('/api/v1/routing-rules', { method: 'PUT', token: admin.token, body: JSON.stringify({ note: `e2e: ${category}`, rules }) });
  if (res.status !== 200) throw new Error(`publishing rules answered ${res.status}: ${await res.text()}`);
}

const row = (b: BoardView, code: string): BoardUnitView => {
  const r = b.units.find((u) => u.orgUnit === code);
  if (!r) throw new Error(`no row for ${code} in ${JSON.stringify(b.units.map((u) => u.orgUnit))}`);
  return r;
};

let overdue: CaseView;
let onTime: CaseView;
let complaints: CaseView[];

beforeAll(async () => {
  p = await startPlatform('board', { mediation: [[TOWN], [CITY]], insights: true });
  admin = await standInToken('admin', CITY);
  await publishRules('other', (r) => ({ ...r, periods: { ...r.periods, firstReply: { amount: 0.1, unit: 'minutes' } } }));

  overdue = await register('clerk.621102101', { category: 'other', title: '无人答复的来访' });
  onTime = await register('clerk.621102101', { category: 'neighbour', title: '按期办理的纠纷' });
  const sibling = 'clerk.621102102';
  complaints = [];
  for (const title of ['噪音投诉', '噪音投诉（二）', '噪音投诉（三）']) {
    complaints.push(
      await register(sibling, {
        kind: 'complaint',
        category: 'consumer',
        title,
        orgUnit: SIBLING,
        location: { address: '锦屏村', gridCode: '621102102201-01' },
      }),
    );
  }
  await waitFor(async () => (await getCase(overdue.id)).warning === 'red', { what: 'the unanswered case turns red', timeoutMs: 60_000 });
  await waitFor(async () => (await getCase(onTime.id)).allowedActions.length > 0, { what: 'the on-time case routed', timeoutMs: 30_000 });
}, 600_000);

afterAll(async () => {
  await admin?.remove().catch(() => undefined);
  await p?.stop();
});

describe('successful board of a county', () => {
  let county: BoardView;

  beforeAll(async () => {
    // The read model follows the stream: poll until it shows the red case and the three complaints.
    let last: unknown;
    county = await waitFor(
      async () => {
        const r = await board('leader.621102', COUNTY);
        last = r.body;
        const town = r.status === 200 && r.body.units.find((u) => u.orgUnit === TOWN);
        const sib = r.status === 200 && r.body.units.find((u) => u.orgUnit === SIBLING);
        return town && sib && town.open.red === 1 && town.open.green === 1 && sib.complaints === 3 && r.body;
      },
      { what: `board settled (last: ${JSON.stringify(last)})`, timeoutMs: 60_000 },
    );
  }, 90_000);

  it('lists the county first, then its towns, with parents and levels', () => {
    expect(county.orgUnit).toBe(COUNTY);
    expect(county.units.map((u) => [u.orgUnit, u.parent, u.level])).toEqual([
      [COUNTY, CITY, 0],
      [TOWN, COUNTY, 1],
      [SIBLING, COUNTY, 1],
    ]);
    expect(county.rules).toEqual({ redOverdueMin: 1, complaintClusterMin: 3, complaintWindowDays: 7, yellowLateMin: 1 });
  });

  it('counts open cases by colour per subtree and gives each unit its card', () => {
    expect(row(county, TOWN)).toMatchObject({ open: { green: 1, yellow: 0, red: 1 }, complaints: 0, card: 'red', reasons: ['overdue'] });
    // Complaints on their category's ordinary clocks: open and green, but three in a week are a cluster.
    expect(row(county, SIBLING)).toMatchObject({ open: { green: 3, yellow: 0, red: 0 }, complaints: 3, card: 'red', reasons: ['complaint-cluster'] });
    expect(row(county, COUNTY)).toMatchObject({ open: { green: 4, yellow: 0, red: 1 }, complaints: 3, card: 'red', reasons: ['overdue', 'complaint-cluster'] });
  });

  it('drills down to exactly the cases behind each count through the case list', async () => {
    const leader = 'leader.621102';
    expect(await listed(row(county, TOWN).cases.red, leader)).toEqual([overdue.id]);
    expect(await listed(row(county, COUNTY).cases.red, leader)).toEqual([overdue.id]);
    expect(await listed(row(county, TOWN).cases.green, leader)).toEqual([onTime.id]);
    expect(await listed(row(county, TOWN).cases.yellow, leader)).toEqual([]);
    expect(await listed(row(county, SIBLING).cases.complaints, leader)).toEqual(complaints.map((c) => c.id).sort());
    expect(await listed(row(county, COUNTY).cases.green, leader)).toEqual([onTime.id, ...complaints.map((c) => c.id)].sort());
  });

  it('answers a clerk the board of their own town by default', async () => {
    const r = await board('clerk.621102101');
    expect(r.status).toBe(200);
    expect(r.body.units.map((u) => u.orgUnit)).toEqual([TOWN]);
    expect(r.body.units[0]).toMatchObject({ open: { green: 1, yellow: 0, red: 1 }, card: 'red', parent: COUNTY, level: 0 });
  });

  it('turns the town green once the overdue case is answered', async () => {
    await p.api(`/api/v1/cases/${overdue.id}/actions/reply`, {
      method: 'POST',
      token: await token('clerk.621102101'),
      body: JSON.stringify({ message: '迟到的答复', resolved: false }),
    });
    const after = await waitFor(
      async () => {
        const r = await board('leader.621102', COUNTY);
        return row(r.body, TOWN).open.red === 0 && r.body;
      },
      { what: 'the town without red cases', timeoutMs: 30_000 },
    );
    expect(row(after, TOWN)).toMatchObject({ card: 'green', reasons: [] });
    expect(await listed(row(after, TOWN).cases.red, 'leader.621102')).toEqual([]);
    expect(row(after, SIBLING).card).toBe('red');
  });
});

describe('failing board requests', () => {
  it("refuses a sibling town's clerk (403) and a town clerk asking for the county", async () => {
    expect((await board('clerk.621102102', TOWN)).status).toBe(403);
    expect((await board('clerk.621102101', COUNTY)).status).toBe(403);
  });

  it('refuses roles without the board (403) and a bad org unit (422)', async () => {
    expect((await board('mediator.621102101', TOWN)).status).toBe(403);
    expect((await board('resident.demo')).status).toBe(403);
    expect((await board('leader.621102', 'x; drop')).status).toBe(422);
  });
});
