import { streamName, withPrefix, type OrgTreeLoadResult, type OrgUnitDetailView, type OrgUnitView, type Problem } from '@fengqiao/contracts';
import { pointInBoundary } from '@fengqiao/rules';
import { readStream, squareBoundary, waitFor } from '@fengqiao/testing';
import { standInToken, startPlatform, type Platform } from './platform.harness';

/**
 * The grid register through the public API: grids are org units below villages with a boundary and
 * grid workers. The demo county's generated grids are there; an admin loads a grid and changes it;
 * a clerk reads the grids of their own subtree only; bad GeoJSON and bad phones answer 422
 * problem+json in Chinese and English and write nothing.
 */
let p: Platform;
let admin: { token: string; remove: () => Promise<void> };

const square = (lng: number, lat: number, d = 0.004) => squareBoundary(lng, lat, d);
const NEW_GRID = {
  code: '621102102201-05',
  name: '锦屏村第五网格',
  nameEn: 'Jinping village grid 5',
  level: 'grid',
  parent: '621102102201',
  boundary: square(104.73, 35.49),
  workers: [{ name: '测试网格员', phone: '138 0013 8000' }],
};

beforeAll(async () => {
  p = await startPlatform('grids');
  admin = await standInToken('admin', null);
}, 180_000);

afterAll(async () => {
  await admin?.remove();
  await p?.stop();
});

const load = (body: unknown, token = admin.token) => p.api('/api/v1/org-units', { method: 'PUT', token, body: JSON.stringify(body) });
const unit = (code: string, token: string) => p.api(`/api/v1/org-units/${encodeURIComponent(code)}`, { token });
const detail = async (code: string, token = admin.token) => {
  const res = await unit(code, token);
  expect(res.status).toBe(200);
  return (await res.json()) as OrgUnitDetailView;
};

describe('the demo county grids', () => {
  it('lists the generated grids below their villages, each with a boundary and a masked grid worker', async () => {
    const tree = (await (await p.api('/api/v1/org-units', { token: await p.ctx.tokenFor('clerk.621102101') })).json()) as OrgUnitView[];
    const grids = tree.filter((u) => u.level === 'grid' && u.parent === '621102101201').map((u) => u.code);
    expect(grids).toEqual(['621102101201-01', '621102101201-02', '621102101201-03', '621102101201-04']);

    const grid = await detail('621102101201-03', await p.ctx.tokenFor('clerk.621102101'));
    expect(grid).toMatchObject({ level: 'grid', parent: '621102101201', gridLevel: { rank: 3, zh: '三级网格' }, boundary: { type: 'Polygon' } });
    expect(grid.workers).toHaveLength(1);
    expect(grid.workers[0]!.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);

    // The village is the second-level grid, with the realm's grid worker bound to it; its boundary holds its grids.
    const village = await detail('621102101201');
    expect(village.gridLevel).toMatchObject({ rank: 2 });
    expect(village.workers).toEqual([{ name: '网格员 东川村', phone: '139****0001', username: 'grid.621102101201' }]);
    const ring = grid.boundary!.type === 'Polygon' ? grid.boundary!.coordinates[0]! : [];
    const centre = {
      lng: ring.slice(0, -1).reduce((s, q) => s + q[0], 0) / (ring.length - 1),
      lat: ring.slice(0, -1).reduce((s, q) => s + q[1], 0) / (ring.length - 1),
    };
    expect(pointInBoundary(centre, grid.boundary!)).toBe(true);
    expect(pointInBoundary(centre, village.boundary!)).toBe(true);
  });
});

describe('an admin keeps the grid register', () => {
  it('loads a grid with its boundary and grid worker; the phone is stored encrypted and answered masked', async () => {
    const res = await load({ units: [NEW_GRID] });
    expect(res.status).toBe(200);
    expect((await res.json()) as OrgTreeLoadResult).toEqual({ added: ['621102102201-05'], renamed: [], updated: [], unchanged: 0 });

    const grid = await detail(NEW_GRID.code, await p.ctx.tokenFor('clerk.621102102'));
    expect(grid).toMatchObject({ code: NEW_GRID.code, name: '锦屏村第五网格', boundary: NEW_GRID.boundary });
    expect(grid.workers).toEqual([{ name: '测试网格员', phone: '138****8000', username: null }]);

    const [row] = await p.ctx.sql<Record<string, string>>(`SELECT * FROM intake.grid_workers WHERE org_unit = $1`, [NEW_GRID.code]);
    expect(JSON.stringify(row)).not.toContain('13800138000');
    expect(row!['phone_enc']).toMatch(/^v1\./);

    // The announcement other services keep their copies from names the grid's place, not its register.
    const subject = withPrefix(p.ctx.prefix, `fq.evt.${NEW_GRID.code}.org-unit.upserted`);
    const [event] = await waitFor(
      async () => {
        const msgs = await readStream(p.ctx.nats, streamName(p.ctx.prefix), subject);
        return msgs.length ? msgs : undefined;
      },
      { what: 'the org-unit.upserted event of the new grid' },
    );
    expect(event!.json<{ data: unknown }>().data).toEqual({
      code: NEW_GRID.code,
      name: NEW_GRID.name,
      nameEn: NEW_GRID.nameEn,
      level: 'grid',
      parent: '621102102201',
      path: '/621100/621102/621102102/621102102201/621102102201-05/',
    });
  });

  it('changes its boundary and workers (updated), and counts an identical load as unchanged', async () => {
    const changed = { ...NEW_GRID, boundary: square(104.731, 35.491, 0.005), workers: [{ name: '新网格员', phone: '13912345678', username: 'grid.test' }] };
    const res = await load({ units: [changed] });
    expect((await res.json()) as OrgTreeLoadResult).toEqual({ added: [], renamed: [], updated: ['621102102201-05'], unchanged: 0 });
    const grid = await detail(NEW_GRID.code);
    expect(grid.boundary).toEqual(changed.boundary);
    expect(grid.workers).toEqual([{ name: '新网格员', phone: '139****5678', username: 'grid.test' }]);

    expect((await (await load({ units: [changed] })).json()) as OrgTreeLoadResult).toEqual({ added: [], renamed: [], updated: [], unchanged: 1 });
    // Fields left out keep what is stored; a rename alone is a rename.
    const renamed = await load({ units: [{ code: NEW_GRID.code, name: '锦屏村五组网格', nameEn: 'Jinping grid 5', level: 'grid', parent: '621102102201' }] });
    expect((await renamed.json()) as OrgTreeLoadResult).toEqual({ added: [], renamed: ['621102102201-05'], updated: [], unchanged: 0 });
    expect((await detail(NEW_GRID.code)).workers).toHaveLength(1);
  });
});

describe('jurisdiction', () => {
  it("refuses a clerk of another township a grid's boundary and workers (403 problem+json), and lets a leader above read it", async () => {
    const res = await unit(NEW_GRID.code, await p.ctx.tokenFor('clerk.621102101'));
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = (await res.json()) as Problem & { code?: string };
    expect(body.code).toBe('OUTSIDE_JURISDICTION');
    expect(JSON.stringify(body)).not.toContain('****');

    expect((await unit('621102101201-01', await p.ctx.tokenFor('clerk.621102102'))).status).toBe(403);
    expect((await detail(NEW_GRID.code, await p.ctx.tokenFor('leader.621102'))).code).toBe(NEW_GRID.code);
    expect((await unit('621102199201-01', admin.token)).status).toBe(404);

    // The village's grid worker sees the grids of their village, not the next village's.
    const gridWorker = await p.ctx.tokenFor('grid.621102101201');
    expect((await detail('621102101201-02', gridWorker)).parent).toBe('621102101201');
    expect((await unit('621102101202-01', gridWorker)).status).toBe(403);
    // A resident reaches no unit's register.
    expect((await unit('621102101201-01', await p.ctx.tokenFor('resident.demo'))).status).toBe(403);
    // A code that is no code is not found, never a 500.
    expect((await unit('..%2F..%2Fetc', admin.token)).status).toBe(404);
  });

  it('lets no clerk change the register', async () => {
    expect((await load({ units: [NEW_GRID] }, await p.ctx.tokenFor('clerk.621102102'))).status).toBe(403);
  });
});

describe("revealing a grid worker's phone", () => {
  const reveal = (code: string, index: number, token: string, reason: unknown = '联系网格员核实现场情况') =>
    p.api(`/api/v1/org-units/${code}/workers/${index}/unmask`, { method: 'POST', token, body: JSON.stringify({ reason }) });
  const entries = () =>
    p.ctx.sql<{ subject_id: string; result: string; reason: string; actor_name: string }>(
      `SELECT subject_id, result, reason, actor_name FROM audit.entries WHERE action = 'unmask.grid-worker' ORDER BY seq`,
    );

  it('shows the full phone to a clerk of the subtree with a reason, and records it', async () => {
    const res = await reveal('621102101201', 0, await p.ctx.tokenFor('clerk.621102101'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: '网格员 东川村', phone: '13909320001', username: 'grid.621102101201' });
    expect(await entries()).toEqual([{ subject_id: '621102101201#0', result: 'allowed', reason: '联系网格员核实现场情况', actor_name: 'clerk.621102101' }]);
  });

  it('refuses another township, records the refusal, and shows nothing; a reason is required; a grid worker may not reveal', async () => {
    const other = await reveal('621102101201', 0, await p.ctx.tokenFor('clerk.621102102'));
    expect(other.status).toBe(403);
    expect(JSON.stringify(await other.json())).not.toContain('13909320001');
    expect((await entries()).map((e) => [e.actor_name, e.result])).toEqual([
      ['clerk.621102101', 'allowed'],
      ['clerk.621102102', 'denied'],
    ]);
    expect((await reveal('621102101201', 0, await p.ctx.tokenFor('clerk.621102101'), '')).status).toBe(422);
    expect((await reveal('621102101201', 0, await p.ctx.tokenFor('grid.621102101201'))).status).toBe(403);
    expect((await reveal('621102101201', 5, admin.token)).status).toBe(404);
  });
});

describe('the OpenAPI document', () => {
  it('describes the grid register from its validators: the boundary in the load body, the unit read', async () => {
    type Doc = { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }>> };
    const doc = (await (await p.api('/api/v1/openapi.json')).json()) as Doc;
    expect(doc.paths['/api/v1/org-units/{code}']?.['get']).toBeDefined();
    const body = doc.paths['/api/v1/org-units']!['put']!.requestBody!.content['application/json']!.schema;
    const item = (body['properties'] as { units: { items: { properties: Record<string, { description?: string; anyOf?: unknown[] }> } } }).units.items;
    expect(item.properties['boundary']!.description).toMatch(/WGS84/);
    expect(JSON.stringify(item.properties['boundary']!.anyOf)).toMatch(/"Polygon".*"MultiPolygon"/);
    expect(item.properties['workers']).toBeDefined();
  });
});

describe('bad input', () => {
  const refused = async (boundary: unknown) => {
    const res = await load({ units: [{ ...NEW_GRID, code: '621102102201-09', boundary }] });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    return (await res.json()) as Problem & { errors: { path: string; message: string }[] };
  };

  it('answers 422 problem+json in Chinese and English for an open ring, coordinates outside WGS84, a Point and an oversized boundary', async () => {
    const open = square(104.73, 35.49);
    open.coordinates[0]!.pop();
    const notClosed = await refused(open);
    expect(notClosed.errors).toEqual([{ path: 'units[0].boundary.coordinates[0]', message: expect.stringMatching(/未闭合.*not closed/) }]);
    expect(notClosed.detail).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/);

    const far = await refused(square(181, 91));
    expect(far.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['units[0].boundary.coordinates[0][0][0]', 'units[0].boundary.coordinates[0][0][1]']));
    expect(far.errors[0]!.message).toMatch(/WGS84/);

    expect((await refused({ type: 'Point', coordinates: [104.7, 35.5] })).errors[0]).toMatchObject({
      path: 'units[0].boundary.type',
      message: expect.stringMatching(/Polygon/),
    });

    const many = Array.from({ length: 5200 }, (_, i) => [104.7 + (i % 100) * 1e-5, 35.5 + Math.floor(i / 100) * 1e-5]);
    const big = await refused({ type: 'Polygon', coordinates: [[...many, many[0]]] });
    expect(big.errors).toEqual([{ path: 'units[0].boundary.coordinates', message: expect.stringMatching(/5000/) }]);

    // Nothing of the refused loads was written.
    expect((await unit('621102102201-09', admin.token)).status).toBe(404);
  });

  it('answers 422 for a bad grid-worker phone without echoing it, and for workers on a county', async () => {
    const res = await load({ units: [{ ...NEW_GRID, code: '621102102201-09', workers: [{ name: '某人', phone: '99887' }] }] });
    expect(res.status).toBe(422);
    const body = (await res.json()) as Problem & { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path)).toEqual(['units[0].workers[0].phone']);
    expect(JSON.stringify(body)).not.toContain('99887');

    const misnamed = await load({ units: [{ ...NEW_GRID, code: '621102101201-09' }] });
    expect(misnamed.status).toBe(422);
    expect(((await misnamed.json()) as { errors: { path: string; message: string }[] }).errors).toEqual([
      { path: 'units[0].code', message: expect.stringContaining('621102102201-01') },
    ]);

    const county = await load({ units: [{ code: '621102', name: '安定区', nameEn: 'Anding district', level: 'county', parent: '621100', workers: [] }] });
    expect(county.status).toBe(422);
    expect(((await county.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['units[0].workers']);
  });
});
