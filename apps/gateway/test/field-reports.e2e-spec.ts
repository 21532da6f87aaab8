import type {
  BoundaryGeometry,
  CaseView,
  PointsLedgerView,
  FieldReportStatsView,
  FieldReportView,
  GridActivityView,
  OrgUnitDetailView,
  Page,
  Problem,
} from '@fengqiao/contracts';
import { waitFor } from '@fengqiao/testing';
import { standInToken, startPlatform, type Platform } from './platform.harness';

/**
 * Field reports (随手拍) through the public API: the demo village's grid worker files inside their grid
 * and settles on the spot; a position outside is 422 in Chinese and English naming the grid, and nothing
 * is stored; a resident files from the portal, the grid worker sends it to the centre and it becomes a
 * case with channel `grid` that the township's clerk reads (a repeated send answers the same case); a
 * grid worker of another village neither sees nor handles it. Insights counts the reports by grid and
 * status, the residents' verified ones (settled or sent: the `verified` event, from which the resident's
 * participation points are awarded), and the grid worker's reports as activity.
 */
let p: Platform;
let admin: { token: string; remove: () => Promise<void> };
let neighbourWorker: { token: string; remove: () => Promise<void> };
const COUNTY = '621102';
const TOWNSHIP = '621102101';
const VILLAGE = '621102101201';
const GRID = `${VILLAGE}-01`;
const NEIGHBOUR = '621102101202';
const WORKER = 'grid.621102101201';

const centre = (b: BoundaryGeometry) => {
  const ring = (b.type === 'Polygon' ? b.coordinates[0] : b.coordinates[0]![0])!.slice(0, -1);
  return { lng: ring.reduce((s, q) => s + q[0], 0) / ring.length, lat: ring.reduce((s, q) => s + q[1], 0) / ring.length };
};
const usernameOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { preferred_username: string }).preferred_username;

let inGrid: { lng: number; lat: number };
let inNeighbour: { lng: number; lat: number };

beforeAll(async () => {
  p = await startPlatform('field-reports', { insights: true });
  admin = await standInToken('admin', null);
  neighbourWorker = await standInToken('grid-worker', NEIGHBOUR);
  const detail = async (code: string) => (await (await p.api(`/api/v1/org-units/${code}`, { token: admin.token })).json()) as OrgUnitDetailView;
  const [grid, neighbour] = await Promise.all([detail(GRID), detail(NEIGHBOUR)]);
  inGrid = centre(grid.boundary!);
  inNeighbour = centre(neighbour.boundary!);
  // The neighbouring village's grid worker, with a login bound to that village in the grid register.
  const bound = await p.api('/api/v1/org-units', {
    method: 'PUT',
    token: admin.token,
    body: JSON.stringify({
      units: [
        {
          code: neighbour.code,
          name: neighbour.name,
          nameEn: neighbour.nameEn,
          level: neighbour.level,
          parent: neighbour.parent,
          workers: [{ name: '邻村网格员', phone: '13800138012', username: usernameOf(neighbourWorker.token) }],
        },
      ],
    }),
  });
  expect(bound.status).toBe(200);
}, 180_000);

afterAll(async () => {
  await Promise.all([admin?.remove(), neighbourWorker?.remove()]);
  await p?.stop();
});

const post = (path: string, body: unknown, token: string, headers: Record<string, string> = {}) =>
  p.api(path, { method: 'POST', token, body: JSON.stringify(body), headers });
const file = (body: unknown, token: string, headers?: Record<string, string>) => post('/api/v1/field-reports', body, token, headers);
const list = async (token: string, query = '') => {
  const res = await p.api(`/api/v1/field-reports${query}`, { token });
  expect(res.status).toBe(200);
  return (await res.json()) as Page<FieldReportView>;
};
const problemOf = async (res: Response) => {
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  return (await res.json()) as Problem & { code?: string };
};
const hazard = (position: { lng: number; lat: number }, extra: Record<string, unknown> = {}) => ({
  kind: 'hazard',
  category: 'other',
  text: '村道旁电线杆倾斜，存在倒伏隐患',
  position,
  ...extra,
});

describe('a position outside the grid stores nothing', () => {
  it("refuses the grid worker's report outside their grids, and one outside the grid it names: 422 naming the grid in both languages", async () => {
    const worker = await p.ctx.tokenFor(WORKER);
    const outside = await file(hazard(inNeighbour), worker);
    expect(outside.status).toBe(422);
    const body = await problemOf(outside);
    expect(body.code).toBe('FIELD_REPORT_OUTSIDE_GRID');
    expect(body.detail).toContain('上报位置不在网格');
    expect(body.detail).toContain('The position lies outside grid');
    expect(body.detail).toContain(VILLAGE);

    const named = await file(hazard(inNeighbour, { gridCode: GRID }), await p.ctx.tokenFor('resident.demo'));
    expect(named.status).toBe(422);
    const namedBody = await problemOf(named);
    expect(namedBody.code).toBe('FIELD_REPORT_OUTSIDE_GRID');
    expect(namedBody.detail).toContain(GRID);
    expect(namedBody.errors?.[0]?.path).toBe('position');

    const nowhere = await file(hazard({ lng: 10, lat: 10 }), await p.ctx.tokenFor('resident.demo'));
    expect(nowhere.status).toBe(422);
    expect((await problemOf(nowhere)).code).toBe('FIELD_REPORT_OUTSIDE_ANY_GRID');
    expect((await file(hazard(inGrid, { category: 'no-such-category' }), worker)).status).toBe(422);
    expect((await file({ ...hazard(inGrid), reporter: 'someone' }, worker)).status).toBe(422);

    expect((await list(worker)).total).toBe(0);
    expect((await list(await p.ctx.tokenFor('resident.demo'))).total).toBe(0);
    expect((await list(await p.ctx.tokenFor('clerk.621102101'))).total).toBe(0);
  });

  it("refuses a report in another grid worker's grid (403), a resident settling on the spot (403), and roles that do not report", async () => {
    const other = await file(hazard(inGrid, { gridCode: GRID }), neighbourWorker.token);
    expect(other.status).toBe(403);
    expect((await problemOf(other)).code).toBe('FIELD_REPORT_NOT_YOUR_GRID');
    const spot = await file(hazard(inGrid, { settledOnSpot: { result: '已处理' } }), await p.ctx.tokenFor('resident.demo'));
    expect(spot.status).toBe(403);
    expect((await problemOf(spot)).code).toBe('FIELD_REPORT_SETTLE_ON_SPOT_FORBIDDEN');
    expect((await file(hazard(inGrid), await p.ctx.tokenFor('clerk.621102101'))).status).toBe(403);
    expect((await list(await p.ctx.tokenFor('leader.621102'))).total).toBe(0);
  });
});

describe('the grid worker in their grid', () => {
  it('files inside the grid and settles on the spot (事在格中办); the report lies in the deepest grid holding it', async () => {
    const worker = await p.ctx.tokenFor(WORKER);
    const res = await file(
      hazard(inGrid, { kind: 'dispute', category: 'neighbour', text: '两户因排水沟堵塞发生口角', settledOnSpot: { result: '现场协调疏通水沟，双方和解' } }),
      worker,
    );
    expect(res.status).toBe(201);
    const r = (await res.json()) as FieldReportView;
    expect(r).toMatchObject({
      kind: 'dispute',
      status: 'settled',
      gridCode: GRID,
      reporter: { username: WORKER, role: 'grid-worker' },
      settlement: { by: WORKER, result: '现场协调疏通水沟，双方和解', attachmentIds: [] },
    });
    expect(r.createdAt).toMatch(/\+08:00$/);
    expect(JSON.stringify(r)).not.toContain('网格员');
    // Readable by the township's clerk; a grid worker of another village sees nothing of it.
    expect((await (await p.api(`/api/v1/field-reports/${r.id}`, { token: await p.ctx.tokenFor('clerk.621102101') })).json()) as FieldReportView).toEqual(r);
    expect((await p.api(`/api/v1/field-reports/${r.id}`, { token: neighbourWorker.token })).status).toBe(404);
    expect((await list(neighbourWorker.token)).total).toBe(0);
  });

  it('answers a retried filing with the same Idempotency-Key with the first report', async () => {
    const worker = await p.ctx.tokenFor(WORKER);
    const headers = { 'Idempotency-Key': `fr-${Date.now()}` };
    const first = (await (await file(hazard(inGrid), worker, headers)).json()) as FieldReportView;
    const again = await file(hazard(inGrid), worker, headers);
    expect(again.status).toBe(201);
    expect(((await again.json()) as FieldReportView).id).toBe(first.id);
    expect(first.status).toBe('open');
  });
});

describe("a resident's report", () => {
  let sent: FieldReportView;

  it('is filed from the portal in the grid holding the position; the resident sees their own only', async () => {
    const resident = await p.ctx.tokenFor('resident.demo');
    const res = await file(hazard(inGrid, { address: '东川村三社路口', text: '路口井盖缺失，夜间有人车跌落风险' }), resident);
    expect(res.status).toBe(201);
    sent = (await res.json()) as FieldReportView;
    expect(sent).toMatchObject({ status: 'open', gridCode: GRID, reporter: { username: 'resident.demo', role: 'resident' }, address: '东川村三社路口' });
    const mine = await list(resident);
    expect(mine.items.map((i) => i.id)).toEqual([sent.id]);
    // The grid worker sees it among their grid's open reports.
    const open = await list(await p.ctx.tokenFor(WORKER), `?status=open&gridCode=${GRID}`);
    expect(open.items.map((i) => i.id)).toContain(sent.id);
  });

  it("is not another village's grid worker's to handle", async () => {
    const bodies: Record<string, unknown> = { settle: { result: '已处理' }, send: {}, reject: { reason: '不实' } };
    for (const [step, body] of Object.entries(bodies)) {
      const res = await post(`/api/v1/field-reports/${sent.id}/${step}`, body, neighbourWorker.token);
      expect([403, 404]).toContain(res.status);
      await problemOf(res);
    }
    const refused = await p.api(`/api/v1/field-reports?gridCode=${GRID}`, { token: neighbourWorker.token });
    expect(refused.status).toBe(403);
  });

  it('is sent to the centre by the grid worker: a case with channel grid the clerk reads; a repeated send answers the same case', async () => {
    const worker = await p.ctx.tokenFor(WORKER);
    const res = await post(`/api/v1/field-reports/${sent.id}/send`, { note: '需镇上协调市政维修' }, worker);
    expect(res.status).toBe(200);
    const view = (await res.json()) as FieldReportView;
    expect(view.status).toBe('sent');
    expect(view.caseId).toBeDefined();
    const again = (await (await post(`/api/v1/field-reports/${sent.id}/send`, {}, worker)).json()) as FieldReportView;
    expect(again.caseId).toBe(view.caseId);

    const clerkRead = await p.api(`/api/v1/cases/${view.caseId}`, { token: await p.ctx.tokenFor('clerk.621102101') });
    expect(clerkRead.status).toBe(200);
    const c = (await clerkRead.json()) as CaseView;
    expect(c).toMatchObject({ kind: 'hazard', category: 'other', channel: 'grid', orgUnit: VILLAGE });
    // The case view has no location field (it is stored as location.gridCode); the description names the grid.
    expect(c.description).toContain('路口井盖缺失');
    expect(c.description).toContain(`网格 ${GRID}`);
    // The resident follows it as their own case.
    expect((await p.api(`/api/v1/cases/${view.caseId}`, { token: await p.ctx.tokenFor('resident.demo') })).status).toBe(200);
    // Handled once: settling a sent report is a conflict.
    const late = await post(`/api/v1/field-reports/${sent.id}/settle`, { result: '已修复' }, worker);
    expect(late.status).toBe(409);
    expect((await problemOf(late)).code).toBe('FIELD_REPORT_NOT_OPEN');
  });

  it("is settled, or rejected as untrue with a reason; only a resident's report can be rejected", async () => {
    const resident = await p.ctx.tokenFor('resident.demo');
    const worker = await p.ctx.tokenFor(WORKER);
    const a = (await (await file(hazard(inGrid, { kind: 'event', text: '广场有人聚集燃放烟花' }), resident)).json()) as FieldReportView;
    const b = (await (await file(hazard(inGrid, { text: '桥面有裂缝' }), resident)).json()) as FieldReportView;
    const settled = await post(`/api/v1/field-reports/${a.id}/settle`, { result: '已劝离并清理现场' }, worker);
    expect(settled.status).toBe(200);
    expect((await settled.json()) as FieldReportView).toMatchObject({ status: 'settled', settlement: { by: WORKER, result: '已劝离并清理现场' } });
    const rejected = await post(`/api/v1/field-reports/${b.id}/reject`, { reason: '现场核查桥面完好' }, worker);
    expect(rejected.status).toBe(200);
    expect((await rejected.json()) as FieldReportView).toMatchObject({ status: 'rejected', rejection: { by: WORKER, reason: '现场核查桥面完好' } });

    const own = (await list(worker, '?mine=true&status=open')).items[0]!;
    const notRejectable = await post(`/api/v1/field-reports/${own.id}/reject`, { reason: 'x' }, worker);
    expect(notRejectable.status).toBe(409);
    expect((await problemOf(notRejectable)).code).toBe('FIELD_REPORT_NOT_REJECTABLE');
    expect((await post(`/api/v1/field-reports/${a.id}/settle`, {}, worker)).status).toBe(422);
  });
});

describe("the resident's participation points (from the verified events)", () => {
  it('are awarded once for each report settled or sent, none for the rejected one', async () => {
    const resident = await p.ctx.tokenFor('resident.demo');
    const mine = await list(resident);
    const verified = mine.items.filter((r) => r.status === 'settled' || r.status === 'sent').map((r) => r.id);
    const rejected = mine.items.filter((r) => r.status === 'rejected').map((r) => r.id);
    expect(verified).toHaveLength(2);
    const ledger = await waitFor(
      async () => {
        const res = await p.api('/api/v1/points/me', { token: resident });
        expect(res.status).toBe(200);
        const l = (await res.json()) as PointsLedgerView;
        return l.entries.filter((e) => e.kind === 'award').length >= 2 ? l : undefined;
      },
      { what: "the resident's two awards" },
    );
    const awarded = ledger.entries.filter((e) => e.kind === 'award').map((e) => e.reportId);
    expect(awarded.sort()).toEqual([...verified].sort());
    expect(awarded).not.toContain(rejected[0]);
    // The default rules: a hazard sent 8, an event settled 2.
    expect(ledger.balance).toBe(10);
  });
});

describe('statistics by grid', () => {
  it("counts the reports by grid, kind and status, and the residents' verified ones (settled or sent)", async () => {
    const leader = await p.ctx.tokenFor('leader.621102');
    const stats = await waitFor(
      async () => {
        const res = await p.api(`/api/v1/stats/field-reports?orgUnit=${COUNTY}`, { token: leader });
        expect(res.status).toBe(200);
        const v = (await res.json()) as FieldReportStatsView;
        return v.total === 5 && v.verified === 2 && v.byStatus.open === 1 ? v : undefined;
      },
      { what: 'the five field reports counted, two verified' },
    );
    expect(stats).toEqual({
      orgUnit: COUNTY,
      total: 5,
      byStatus: { open: 1, settled: 2, sent: 1, rejected: 1 },
      byKind: { hazard: 3, dispute: 1, event: 1 },
      fromResidents: 3,
      verified: 2,
      grids: [{ gridCode: GRID, total: 5, byStatus: { open: 1, settled: 2, sent: 1, rejected: 1 }, byKind: { hazard: 3, dispute: 1, event: 1 } }],
    });
    // A window before today holds none; another township's clerk is refused; a grid worker reads no statistics.
    expect(
      ((await (await p.api(`/api/v1/stats/field-reports?orgUnit=${COUNTY}&from=2026-01-01&to=2026-02-01`, { token: leader })).json()) as FieldReportStatsView)
        .total,
    ).toBe(0);
    const other = await p.api(`/api/v1/stats/field-reports?orgUnit=${TOWNSHIP}`, { token: await p.ctx.tokenFor('clerk.621102102') });
    expect(other.status).toBe(403);
    expect((await problemOf(other)).code).toBe('OUTSIDE_JURISDICTION');
    expect((await p.api('/api/v1/stats/field-reports', { token: await p.ctx.tokenFor(WORKER) })).status).toBe(403);
  });

  it("counts the grid worker's reports as activity (no check-in today)", async () => {
    const leader = await p.ctx.tokenFor('leader.621102');
    const v = await waitFor(
      async () => {
        const res = await p.api(`/api/v1/stats/grid-activity?orgUnit=${VILLAGE}`, { token: leader });
        expect(res.status).toBe(200);
        const a = (await res.json()) as GridActivityView;
        return a.activeGridWorkers === 1 ? a : undefined;
      },
      { what: "the village's grid worker counted active from their reports" },
    );
    expect(v).toEqual({ orgUnit: VILLAGE, gridWorkers: 1, activeGridWorkers: 1, activityRate: 1 });
    // The county: the neighbouring village's worker filed and handled nothing.
    expect((await (await p.api(`/api/v1/stats/grid-activity?orgUnit=${COUNTY}`, { token: leader })).json()) as GridActivityView).toMatchObject({
      gridWorkers: 2,
      activeGridWorkers: 1,
    });
  });
});
