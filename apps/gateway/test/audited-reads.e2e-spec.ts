import type { CaseReadView, CaseView, Page } from '@fengqiao/contracts';
import { runAppScript } from '@fengqiao/testing';
import { sampleCase, startPlatform, type Platform } from './platform.harness';

/**
 * Every read of a case's personal data is on the audit log before it answers — who (roles, unit),
 * which case and fields, why (the stated purpose, else the route) — and a leader lists them.
 */
let p: Platform;
let created: CaseView;
let other: CaseView;
const tokens: Record<string, string> = {};
const token = async (user: string) => (tokens[user] ??= await p.ctx.tokenFor(user));

const get = async (path: string, user: string, headers: Record<string, string> = {}) => p.api(path, { token: await token(user), headers });
const reads = async (caseId: string, user = 'leader.621102', query = '') => {
  const res = await get(`/api/v1/cases/${caseId}/reads${query}`, user);
  return { status: res.status, body: (await res.json()) as Page<CaseReadView> };
};
/** Entries on the record: chained (or left on the outbox by an older version, waiting to be chained). */
const entries = () =>
  p.ctx.sql<{ n: number }>(`SELECT (SELECT count(*) FROM audit.entries) + (SELECT count(*) FROM audit.read_outbox) AS n`).then((r) => Number(r[0].n));
const waiting = () => p.ctx.sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit.read_outbox`).then((r) => r[0].n);
const appRole = () => decodeURIComponent(new URL(p.ctx.appDatabaseUrl).username);

beforeAll(async () => {
  p = await startPlatform('audited_reads');
  const clerk = await token('clerk.621102101');
  created = (await (await p.api('/api/v1/cases', { method: 'POST', token: clerk, body: JSON.stringify(sampleCase()) })).json()) as CaseView;
  other = (await (
    await p.api('/api/v1/cases', { method: 'POST', token: clerk, body: JSON.stringify(sampleCase({ title: '另一起纠纷' })) })
  ).json()) as CaseView;
}, 180_000);

afterAll(() => p?.stop());

describe('reads of a case, on the record', () => {
  it('records who read the case, with which roles and unit, which fields, and the purpose they stated (parameter or header)', async () => {
    const before = await entries();
    const byParam = await get(`/api/v1/cases/${created.id}?purpose=${encodeURIComponent('电话回访前核对案情')}`, 'clerk.621102101');
    expect(byParam.status).toBe(200);
    expect(((await byParam.json()) as CaseView).parties[0].name).toBe('王建国');
    const byHeader = await get(`/api/v1/cases/${created.id}`, 'mediator.621102101', { 'X-Purpose': encodeURIComponent('调解前阅卷') });
    expect(byHeader.status).toBe(200);
    // No purpose: existing clients keep working; the route is the reason.
    expect((await get(`/api/v1/cases/${created.id}`, 'leader.621102')).status).toBe(200);
    // Each entry was durable, in the chain, before the answer.
    expect(await entries()).toBe(before + 3);

    const r = await reads(created.id);
    expect(r.status).toBe(200);
    const [leader, mediator, clerk] = r.body.items;
    expect(clerk).toMatchObject({
      actor: 'clerk.621102101',
      roles: expect.arrayContaining(['clerk']),
      orgUnit: '621102101',
      action: 'read.case',
      route: 'case-view',
      purpose: '电话回访前核对案情',
      purposeStated: true,
      result: 'allowed',
      fields: expect.arrayContaining(['parties.name', 'timeline']),
    });
    expect(clerk.requestId).toEqual(expect.any(String));
    expect(mediator).toMatchObject({ actor: 'mediator.621102101', purpose: '调解前阅卷', purposeStated: true });
    expect(leader).toMatchObject({ actor: 'leader.621102', purpose: 'case-view', purposeStated: false });
    const stored = await p.ctx.sql<{ source_ip: string | null; subject_id: string }>(
      `SELECT source_ip, subject_id FROM audit.entries WHERE action = 'read.case' ORDER BY seq`,
    );
    expect(stored.every((s) => s.subject_id === created.id && !!s.source_ip)).toBe(true);
  });

  it('records a list page and a person file under every case they showed, and a refused read as denied', async () => {
    const list = await get(`/api/v1/cases?orgUnit=621102101&purpose=${encodeURIComponent('本周待办')}`, 'clerk.621102101');
    expect(list.status).toBe(200);
    expect(((await list.json()) as Page<CaseView>).items.map((c) => c.id)).toEqual(expect.arrayContaining([created.id, other.id]));
    expect((await get(`/api/v1/person-file?caseId=${created.id}`, 'clerk.621102101')).status).toBe(200);
    expect((await get(`/api/v1/cases/${created.id}`, 'clerk.621102102')).status).toBe(404); // another township

    const mine = (await reads(created.id)).body.items;
    expect(mine.slice(0, 3)).toEqual([
      expect.objectContaining({ actor: 'clerk.621102102', action: 'read.case', result: 'denied' }),
      expect.objectContaining({ action: 'read.person-file', route: 'person-file', purpose: 'person-file', result: 'allowed' }),
      expect.objectContaining({ action: 'read.case-list', route: 'case-list', purpose: '本周待办', alongWith: expect.any(Number) }),
    ]);
    expect(mine[2].alongWith).toBeGreaterThanOrEqual(1);
    // The other case shows the list page too, and not the reads of the first one.
    const theirs = (await reads(other.id)).body.items;
    expect(theirs.map((i) => i.action)).toContain('read.case-list');
    expect(theirs.some((i) => i.action === 'read.case' && i.route === 'case-view')).toBe(false);
  });

  it('shows the reads to leaders and admins of the jurisdiction only, and records that they looked', async () => {
    expect((await reads(created.id, 'clerk.621102101')).status).toBe(403);
    expect((await reads(created.id, 'leader.621100')).status).toBe(200); // the city above
    const again = await reads(created.id, 'leader.621102', '?pageSize=1');
    expect(again.body).toMatchObject({ page: 1, pageSize: 1, total: expect.any(Number) });
    expect(again.body.items).toEqual([expect.objectContaining({ actor: 'leader.621100', action: 'read.case-reads', route: 'case-reads' })]);
  });

  it('refuses a purpose over 200 characters (422) and records nothing for it', async () => {
    const before = await entries();
    const res = await get(`/api/v1/cases/${created.id}?purpose=${'查'.repeat(201)}`, 'clerk.621102101');
    expect(res.status).toBe(422);
    expect(await entries()).toBe(before);
  });

  it('keeps the chain intact under concurrent reads, one entry per read', async () => {
    const before = await entries();
    const users = ['clerk.621102101', 'mediator.621102101', 'leader.621102', 'leader.621100'];
    await Promise.all(users.map((u) => token(u)));
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        get(`/api/v1/cases/${i % 2 ? created.id : other.id}?purpose=${encodeURIComponent(`并发核查 ${i}`)}`, users[i % users.length]).then((r) => r.status),
      ),
    );
    expect(statuses).toEqual(Array.from({ length: 40 }, () => 200));
    expect(await entries()).toBe(before + 40);
    // Every entry is in the chain already; listing the reads records itself too.
    expect((await reads(created.id)).status).toBe(200);
    expect(await waiting()).toBe(0);
    const n = await entries();
    expect(n).toBe(before + 41);
    const purposes = await p.ctx.sql<{ reason: string }>(`SELECT reason FROM audit.entries WHERE reason LIKE '并发核查 %'`);
    expect(new Set(purposes.map((r) => r.reason)).size).toBe(40);
    const chained = (await p.ctx.sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit.entries`))[0].n;
    const out = await runAppScript('intake', 'verify-audit.js', [], { DATABASE_URL: p.ctx.databaseUrl });
    // (the listing's own entry may be chained meanwhile)
    expect(Number(/Audit log intact: (\d+) entries/.exec(out)?.[1])).toBeGreaterThanOrEqual(chained);
  });

  it('never answers with personal data it could not record: 503 while the log refuses the append, normal again after', async () => {
    const role = appRole();
    await p.ctx.sql(`REVOKE INSERT ON audit.entries FROM "${role}"`);
    try {
      const one = await get(`/api/v1/cases/${created.id}?purpose=test`, 'clerk.621102101');
      const list = await get(`/api/v1/cases?orgUnit=621102101`, 'clerk.621102101');
      const file = await get(`/api/v1/person-file?caseId=${created.id}`, 'clerk.621102101');
      for (const res of [one, list, file]) {
        expect(res.status).toBe(503);
        const text = await res.text();
        expect(JSON.parse(text)).toMatchObject({ code: 'READ_NOT_AUDITED' });
        expect(text).not.toContain('王建国');
        expect(text).not.toContain(created.caseNo);
      }
    } finally {
      await p.ctx.sql(`GRANT INSERT ON audit.entries TO "${role}"`);
    }
    const before = await entries();
    expect((await get(`/api/v1/cases/${created.id}`, 'clerk.621102101')).status).toBe(200);
    expect(await entries()).toBe(before + 1);
    const out = await runAppScript('intake', 'verify-audit.js', [], { DATABASE_URL: p.ctx.databaseUrl });
    expect(out).toMatch(/Audit log intact/);
  });
});
