import { randomBytes } from 'node:crypto';
import type { MediatorView, ReturnVisitView } from '@fengqiao/contracts';
import { standInToken, startPlatform, type Platform } from './platform.harness';

/**
 * The mediation roster through the public API: a clerk picks from their centre's mediators, an
 * admin adds one; role and jurisdiction are checked at the gateway and again in the service.
 */
let p: Platform;
let admin: { token: string; remove: () => Promise<void> };
const TOWN = '621102101';
const SIBLING = '621102102';

beforeAll(async () => {
  p = await startPlatform('mediators', { mediation: [[TOWN, SIBLING]] });
  admin = await standInToken('admin', null);
}, 180_000);

afterAll(async () => {
  await admin?.remove();
  await p?.stop();
});

const token = (user: string) => p.ctx.tokenFor(user);
const get = async (path: string, user: string) => p.api(path, { token: await token(user) });
const post = (body: unknown, t: string) => p.api('/api/v1/mediators', { method: 'POST', token: t, body: JSON.stringify(body) });

describe('successful roster reads', () => {
  it("lists the clerk's own centre with teams, capacity and load, and nothing of the sibling township", async () => {
    const res = await get('/api/v1/mediators', `clerk.${TOWN}`);
    expect(res.status).toBe(200);
    const list = (await res.json()) as MediatorView[];
    expect(list.map((m) => m.name).sort()).toEqual(['孙国强', '张调解', '李秀兰', '赵建军'].sort());
    expect(list.every((m) => m.orgUnit === TOWN && m.capacity > 0 && m.load === 0 && m.active)).toBe(true);
    expect(list.find((m) => m.name === '张调解')).toMatchObject({ username: `mediator.${TOWN}`, teams: ['general', 'marriage-family'] });
  });

  it('filters by team, and gives the county leader both townships', async () => {
    const labour = (await (await get('/api/v1/mediators?team=labour', `clerk.${TOWN}`)).json()) as MediatorView[];
    expect(labour.map((m) => m.name)).toEqual(['赵建军']);
    const county = (await (await get('/api/v1/mediators', 'leader.621102')).json()) as MediatorView[];
    expect(new Set(county.map((m) => m.orgUnit))).toEqual(new Set([TOWN, SIBLING]));
  });

  it("lists return visits of the caller's subtree only", async () => {
    // One due visit in each township (the mediation schema of this test's database).
    for (const [unit, caseNo] of [
      [TOWN, `${TOWN}-2026-900001`],
      [SIBLING, `${SIBLING}-2026-900001`],
    ]) {
      await p.ctx.sql(
        `INSERT INTO mediation.return_visits (case_id, case_no, org_unit, reason, scheduled_at, due, handled_by)
         VALUES (gen_random_uuid(), $1, $2, 'failed', now(), now() + interval '7 days', 'test')`,
        [caseNo, unit],
      );
    }
    const res = await get('/api/v1/return-visits?open=true', `clerk.${TOWN}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as ReturnVisitView[]).map((v) => v.caseNo)).toEqual([`${TOWN}-2026-900001`]);
    const county = (await (await get('/api/v1/return-visits', 'leader.621102')).json()) as ReturnVisitView[];
    expect(county.map((v) => v.orgUnit).sort()).toEqual([TOWN, SIBLING]);
  });

  it("lets a mediator read their centre's roster", async () => {
    const res = await get('/api/v1/mediators', `mediator.${TOWN}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as MediatorView[]).every((m) => m.orgUnit === TOWN)).toBe(true);
  });
});

describe('refused roster reads', () => {
  it("answers 403 for the sibling township's roster and for a resident", async () => {
    const sibling = await get(`/api/v1/mediators?orgUnit=${SIBLING}`, `clerk.${TOWN}`);
    expect(sibling.status).toBe(403);
    expect(sibling.headers.get('content-type')).toContain('application/problem+json');
    expect((await get('/api/v1/mediators', 'resident.demo')).status).toBe(403);
    expect((await get('/api/v1/mediators', 'dept.housing.621100')).status).toBe(403);
    expect((await get('/api/v1/return-visits', 'resident.demo')).status).toBe(403);
  });

  it('answers 422 with the field for an unknown team or parameter', async () => {
    const res = await get('/api/v1/mediators?team=astrology', `clerk.${TOWN}`);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path)).toContain('team');
    expect((await get('/api/v1/mediators?colour=red', `clerk.${TOWN}`)).status).toBe(422);
  });
});

describe('adding a mediator', () => {
  const username = `mediator.new.${randomBytes(3).toString('hex')}`;

  it('lets an admin add one, who then shows in the centre roster; a retried request adds nobody twice', async () => {
    const body = JSON.stringify({ name: '钱新人', username, orgUnit: TOWN, teams: ['traffic'], capacity: 4 });
    const send = () => p.api('/api/v1/mediators', { method: 'POST', token: admin.token, headers: { 'Idempotency-Key': `add-${username}` }, body });
    const res = await send();
    expect(res.status).toBe(201);
    const added = (await res.json()) as MediatorView;
    const retried = await send();
    expect(retried.status).toBe(201);
    expect(((await retried.json()) as MediatorView).id).toBe(added.id);
    expect(added).toMatchObject({ name: '钱新人', username, orgUnit: TOWN, teams: ['traffic'], capacity: 4, active: true, load: 0 });
    const roster = (await (await get(`/api/v1/mediators?orgUnit=${TOWN}`, `clerk.${TOWN}`)).json()) as MediatorView[];
    expect(roster.map((m) => m.id)).toContain(added.id);
  });

  it('refuses a second mediator with the same username (409), bad fields (422), an unknown unit (422) and a clerk (403)', async () => {
    expect((await post({ name: '重复', username, orgUnit: TOWN, teams: ['general'], capacity: 2 }, admin.token)).status).toBe(409);
    const bad = await post({ name: '', orgUnit: TOWN, teams: [], capacity: 0 }, admin.token);
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual(['capacity', 'name', 'teams']);
    const unknownUnit = await post({ name: '无单位', orgUnit: '629999999', teams: ['general'], capacity: 2 }, admin.token);
    expect(unknownUnit.status).toBe(422);
    expect((await post({ name: '越权', orgUnit: TOWN, teams: ['general'], capacity: 2 }, await token(`clerk.${TOWN}`))).status).toBe(403);
    expect((await post({ name: '越权', orgUnit: TOWN, teams: ['general'], capacity: 2 }, await token('leader.621102'))).status).toBe(403);
  });
});
