import type { CaseView, MapFeature, MapView, Page, Problem, RoutingRulesVersion } from '@fengqiao/contracts';
import { waitFor } from '@fengqiao/testing';
import { sampleCase, standInToken, startPlatform, type Platform } from './platform.harness';

/**
 * Issue 15 item 6: the map through the gateway. Cases are registered in two grids of Dongchuan village
 * (one overdue: a 0.1-minute first-reply period), and one in the town naming no grid. The village's map
 * draws its four generated grids with their boundaries, each case in its own grid with the board's colour;
 * the filters narrow the counts; each grid's drill-down lists exactly its cases; the county's map draws
 * its towns. A clerk of another town is refused; a bad filter is 422 problem+json.
 */
let p: Platform;
let admin: { token: string; remove: () => Promise<void> };
const CITY = '621100';
const COUNTY = '621102';
const TOWN = '621102101';
const SIBLING = '621102102';
const VILLAGE = '621102101201';
const GRID_1 = `${VILLAGE}-01`;
const GRID_2 = `${VILLAGE}-02`;

const token = (user: string) => p.ctx.tokenFor(user);

async function register(overrides: Record<string, unknown>): Promise<CaseView> {
  const res = await p.api('/api/v1/cases', { method: 'POST', token: await token('clerk.621102101'), body: JSON.stringify(sampleCase(overrides)) });
  const body = (await res.json()) as CaseView;
  if (res.status !== 201) throw new Error(`registration answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

async function map(user: string, query: string): Promise<{ status: number; type: string | null; body: MapView }> {
  const res = await p.api(`/api/v1/map?${query}`, { token: await token(user) });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as MapView };
}

const feature = (m: MapView, code: string): MapFeature => {
  const f = m.features.find((x) => x.id === code);
  if (!f) throw new Error(`no feature ${code} in ${JSON.stringify(m.features.map((x) => x.id))}`);
  return f;
};

/** The case ids a drill-down query lists. */
async function listed(query: string, user: string): Promise<string[]> {
  const res = await p.api(`${query}&pageSize=200`, { token: await token(user) });
  if (res.status !== 200) throw new Error(`${query} answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as Page<CaseView>).items.map((c) => c.id).sort();
}

let green: CaseView;
let red: CaseView;
let townCase: CaseView;
let village: MapView;

beforeAll(async () => {
  p = await startPlatform('map', { insights: true });
  admin = await standInToken('admin', CITY);
  // Category `other` gets a 0.1-minute first reply: its case turns red while the test waits.
  const current = (await (await p.api('/api/v1/routing-rules', { token: admin.token })).json()) as RoutingRulesVersion;
  const base = current.rules.find((r) => r.category === '*' && r.severity === '*')!;
  const rules = [
    ...current.rules.filter((r) => r.category !== 'other'),
    { ...base, category: 'other', severity: '*', periods: { ...base.periods, firstReply: { amount: 0.1, unit: 'minutes' } } },
  ];
  const published = await p.api('/api/v1/routing-rules', { method: 'PUT', token: admin.token, body: JSON.stringify({ note: 'e2e: map', rules }) });
  if (published.status !== 200) throw new Error(`publishing rules answered ${published.status}: ${await published.text()}`);

  green = await register({ orgUnit: VILLAGE, title: '东川村一网格邻里纠纷', location: { address: '东川村一社', gridCode: GRID_1 } });
  // Registered at the town, naming a grid of the village: the grid holds it.
  red = await register({ category: 'other', title: '东川村二网格无人答复', location: { address: '东川村二社', gridCode: GRID_2 } });
  townCase = await register({ title: '镇上的纠纷', location: { address: '镇政府' } });

  let last: unknown;
  village = await waitFor(
    async () => {
      const r = await map('leader.621102', `orgUnit=${VILLAGE}`);
      last = r.body;
      const f2 = r.status === 200 && r.body.features.find((f) => f.id === GRID_2);
      const f1 = r.status === 200 && r.body.features.find((f) => f.id === GRID_1);
      return f1 && f2 && f1.properties.open.green === 1 && f2.properties.open.red === 1 && r.body;
    },
    { what: `the village map shows both cases (last: ${JSON.stringify(last)?.slice(0, 2000)})`, timeoutMs: 90_000 },
  );
}, 600_000);

afterAll(async () => {
  await admin?.remove().catch(() => undefined);
  await p?.stop();
});

describe("a village's map: its grids from the register, each case in its grid with the board's colour", () => {
  it('is a GeoJSON FeatureCollection of the four generated grids, each with its boundary', () => {
    expect(village.type).toBe('FeatureCollection');
    expect(village.unit).toMatchObject({ code: VILLAGE, level: 'village', parent: TOWN, boundary: { type: 'Polygon' } });
    expect(village.features.map((f) => f.id)).toEqual([GRID_1, GRID_2, `${VILLAGE}-03`, `${VILLAGE}-04`]);
    for (const f of village.features) {
      expect(f).toMatchObject({ type: 'Feature', geometry: { type: 'Polygon' }, properties: { code: f.id, level: 'grid', hasChildren: false } });
    }
    expect(village.rules).toEqual({ redOverdueMin: 1, complaintClusterMin: 3, complaintWindowDays: 7, yellowLateMin: 1 });
  });

  it('paints each grid by its open cases as the board would', () => {
    expect(feature(village, GRID_1).properties).toMatchObject({ open: { green: 1, yellow: 0, red: 0 }, total: 1, card: 'green', reasons: [] });
    expect(feature(village, GRID_2).properties).toMatchObject({ open: { green: 0, yellow: 0, red: 1 }, total: 1, card: 'red', reasons: ['overdue'] });
    expect(feature(village, `${VILLAGE}-03`).properties).toMatchObject({ open: { green: 0, yellow: 0, red: 0 }, total: 0, card: 'green' });
  });

  it('drills down from a grid to exactly its cases through the case list', async () => {
    expect(feature(village, GRID_2).properties.cases).toBe(`/api/v1/cases?gridCode=${GRID_2}&open=true`);
    expect(await listed(feature(village, GRID_1).properties.cases, 'leader.621102')).toEqual([green.id]);
    expect(await listed(feature(village, GRID_2).properties.cases, 'leader.621102')).toEqual([red.id]);
  });

  it('narrows by kind and category, and the drill-down keeps the filter', async () => {
    const other = await map('leader.621102', `orgUnit=${VILLAGE}&category=other`);
    expect(other.status).toBe(200);
    expect(other.body.filters).toEqual({ kind: null, category: 'other' });
    expect(feature(other.body, GRID_1).properties.total).toBe(0);
    expect(feature(other.body, GRID_2).properties).toMatchObject({ total: 1, card: 'red' });
    expect(feature(other.body, GRID_2).properties.cases).toBe(`/api/v1/cases?gridCode=${GRID_2}&open=true&category=other`);
    expect(await listed(feature(other.body, GRID_2).properties.cases, 'leader.621102')).toEqual([red.id]);

    const complaints = await map('leader.621102', `orgUnit=${VILLAGE}&kind=complaint`);
    expect(complaints.status).toBe(200);
    expect(complaints.body.features.every((f) => f.properties.total === 0 && f.properties.card === 'green')).toBe(true);
  });
});

describe('up the tree', () => {
  it("draws a town's villages and the county's towns, each unit's subtree counted, the town's own case elsewhere", async () => {
    const town = await map('clerk.621102101', '');
    expect(town.status).toBe(200);
    expect(town.body.unit.code).toBe(TOWN);
    expect(feature(town.body, VILLAGE).properties).toMatchObject({ level: 'village', hasChildren: true, open: { green: 1 }, total: 1, card: 'green' });
    expect(feature(town.body, VILLAGE).geometry).toMatchObject({ type: 'Polygon' });
    // The red case was registered at the town itself (its location names a grid: the grid's layer shows it).
    expect(town.body.elsewhere).toEqual({ open: { green: 1, yellow: 0, red: 1 }, total: 2 });
    expect(await listed(`/api/v1/cases?orgUnit=${TOWN}&open=true`, 'clerk.621102101')).toEqual([green.id, red.id, townCase.id].sort());

    const county = await map('leader.621102', `orgUnit=${COUNTY}`);
    expect(county.status).toBe(200);
    expect(feature(county.body, TOWN).properties).toMatchObject({
      level: 'township',
      hasChildren: true,
      total: 3,
      card: 'red',
      cases: `/api/v1/cases?orgUnit=${TOWN}&open=true`,
    });
    expect(feature(county.body, TOWN).geometry).toMatchObject({ type: 'Polygon' });
    expect(feature(county.body, SIBLING).properties).toMatchObject({ total: 0, card: 'green' });
  });
});

describe('refusals', () => {
  const expectProblem = async (res: { status: number; type: string | null; body: unknown }, status: number) => {
    expect(res.status).toBe(status);
    expect(res.type).toMatch(/^application\/problem\+json/);
    const problem = res.body as Problem;
    expect(problem).toMatchObject({ status, title: expect.any(String) });
    expect(JSON.stringify(problem)).not.toMatch(/at \w+ \(|node_modules|QueryFailedError/);
    return problem;
  };

  it("refuses another town's village and the county to a town clerk (403), and a role outside the map's", async () => {
    const p1 = await expectProblem(await map('clerk.621102102', `orgUnit=${VILLAGE}`), 403);
    expect(p1.code).toBe('OUTSIDE_JURISDICTION');
    await expectProblem(await map('clerk.621102101', `orgUnit=${COUNTY}`), 403);
    await expectProblem(await map('mediator.621102101', `orgUnit=${TOWN}`), 403);
  });

  it('answers a bad filter with 422 problem+json naming the field, an unknown unit with 404', async () => {
    const kind = await expectProblem(await map('leader.621102', 'kind=nonsense'), 422);
    expect(kind.errors?.map((e) => e.path)).toContain('kind');
    expect(`${kind.title} ${kind.detail}`).toMatch(/[\u4e00-\u9fff].* \/ .*[A-Za-z]/);
    const unit = await expectProblem(await map('leader.621102', 'orgUnit=x%3Bdrop'), 422);
    expect(unit.errors?.map((e) => e.path)).toContain('orgUnit');
    const category = await expectProblem(await map('leader.621102', `category=${'x'.repeat(41)}`), 422);
    expect(category.errors?.map((e) => e.path)).toContain('category');
    await expectProblem(await map('leader.621102', 'page=2'), 422);
    await expectProblem(await map('leader.621102', 'orgUnit=621102999'), 404);
  });
});
