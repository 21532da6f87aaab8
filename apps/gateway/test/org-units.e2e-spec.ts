import type { CaseView, MediatorView, OrgTreeLoadResult, OrgUnitView } from '@fengqiao/contracts';
import { waitFor } from '@fengqiao/testing';
import { sampleCase, standInToken, startPlatform, type Platform } from './platform.harness';

/**
 * The org tree as data: an admin adds a township and a village through the API, renames one,
 * and the new units are usable at once in intake and, through the announced events, in the
 * mediation service's copy of the tree.
 */
let p: Platform;
let admin: { token: string; remove: () => Promise<void> };
const NEW_TOWN = { code: '621102103', name: '鲁家沟镇', nameEn: 'Lujiagou town', level: 'township', parent: '621102' };
const NEW_VILLAGE = { code: '621102103201', name: '将台村', nameEn: 'Jiangtai village', level: 'village', parent: '621102103' };

beforeAll(async () => {
  p = await startPlatform('org-units', { mediation: [['621102101']] });
  admin = await standInToken('admin', null);
}, 180_000);

afterAll(async () => {
  await admin?.remove();
  await p?.stop();
});

const load = (body: unknown, token = admin.token) => p.api('/api/v1/org-units', { method: 'PUT', token, body: JSON.stringify(body) });
const tree = async (user: string) => (await (await p.api('/api/v1/org-units', { token: await p.ctx.tokenFor(user) })).json()) as OrgUnitView[];

describe('loading org units', () => {
  it('adds a township and its village (child listed first), and lists them parents first', async () => {
    const res = await load({ units: [NEW_VILLAGE, NEW_TOWN] });
    expect(res.status).toBe(200);
    expect((await res.json()) as OrgTreeLoadResult).toEqual({ added: ['621102103', '621102103201'], renamed: [], updated: [], unchanged: 0 });
    const codes = (await tree('clerk.621102101')).map((u) => u.code);
    expect(codes.indexOf('621102103')).toBeGreaterThan(codes.indexOf('621102'));
    expect(codes.indexOf('621102103201')).toBeGreaterThan(codes.indexOf('621102103'));
  });

  it('changes nothing when loaded again, and renames a unit', async () => {
    expect((await (await load({ units: [NEW_TOWN, NEW_VILLAGE] })).json()) as OrgTreeLoadResult).toEqual({ added: [], renamed: [], updated: [], unchanged: 2 });
    const renamed = await load({ units: [{ ...NEW_VILLAGE, name: '将台村（新）' }] });
    expect((await renamed.json()) as OrgTreeLoadResult).toEqual({ added: [], renamed: ['621102103201'], updated: [], unchanged: 0 });
    expect((await tree('leader.621102')).find((u) => u.code === '621102103201')?.name).toBe('将台村（新）');
  });

  it('files a new registration under the new township at once', async () => {
    const res = await p.api('/api/v1/cases', {
      method: 'POST',
      token: await p.ctx.tokenFor('resident.demo'),
      body: JSON.stringify(sampleCase({ orgUnit: '621102103201', location: { address: '将台村一社' } })),
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as CaseView).caseNo).toMatch(/^621102103201-\d{4}-\d{6}$/);
  });

  it("reaches the mediation service's copy of the tree: a mediator can be added at the new township", async () => {
    // Mediation learns the unit from cn.fengqiao.org-unit.upserted.v1; until then it answers 422 (unknown unit).
    const added = await waitFor(
      async () => {
        const res = await p.api('/api/v1/mediators', {
          method: 'POST',
          token: admin.token,
          body: JSON.stringify({ name: '鲁调解', orgUnit: '621102103', teams: ['general'], capacity: 5 }),
        });
        return res.status === 201 ? ((await res.json()) as MediatorView) : undefined;
      },
      { what: 'mediation to know the new township', timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(added).toMatchObject({ orgUnit: '621102103', load: 0 });
    const roster = (await (await p.api('/api/v1/mediators?orgUnit=621102103', { token: await p.ctx.tokenFor('leader.621102') })).json()) as MediatorView[];
    expect(roster.map((m) => m.name)).toEqual(['鲁调解']);
  });
});

describe('the demo grids', () => {
  it("reach the mediation service's copy of the tree: the seed announces them as a load does", async () => {
    const path = await waitFor(
      async () => (await p.ctx.sql<{ path: string }>(`SELECT path FROM mediation.org_units WHERE code = '621102101201-04'`))[0]?.path,
      { what: "mediation's copy to hold a seeded grid", timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(path).toBe('/621100/621102/621102101/621102101201/621102101201-04/');
  });
});

describe('refused loads', () => {
  it('answers 409 for moving a unit, 422 for an unknown parent or a repeated code, 403 for a clerk', async () => {
    const moved = await load({ units: [{ code: '621102101', name: '巉口镇', nameEn: 'Chankou town', level: 'township', parent: '621100' }] });
    expect(moved.status).toBe(409);
    expect(moved.headers.get('content-type')).toContain('application/problem+json');

    const orphan = await load({ units: [{ code: '621102104', name: '孤儿镇', nameEn: 'Orphan town', level: 'township', parent: '621109' }] });
    expect(orphan.status).toBe(422);
    expect(((await orphan.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['units[0].parent']);

    const twice = await load({ units: [NEW_TOWN, NEW_TOWN] });
    expect(twice.status).toBe(422);
    const malformed = await load({ units: [{ code: 'x', name: '', level: 'planet' }] });
    expect(malformed.status).toBe(422);
    expect(((await malformed.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['units[0].code', 'units[0].name', 'units[0].level']),
    );

    expect((await load({ units: [NEW_TOWN] }, await p.ctx.tokenFor('clerk.621102101'))).status).toBe(403);
    // Nothing of the refused loads was written.
    expect((await tree('leader.621102')).map((u) => u.code)).not.toContain('621102104');
  });
});
