import type { CaseLinkView, CaseView, PersonFileView } from '@fengqiao/contracts';
import { sampleCase, startPlatform, type Platform } from './platform.harness';

/**
 * The person file (一人一档) through the public API: one person's cases across kinds found by their ID
 * number, a case without one linked in by a clerk, jurisdiction on every case, links audited and
 * removed only by a leader.
 */
let p: Platform;
const WANG = '11010519491231002X'; // sampleCase's applicant
const CLERK = 'clerk.621102101';

/** A valid resident ID number (GB 11643 check digit) for a test person. */
function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11];
}

async function call<T>(path: string, user: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> {
  const res = await p.api(path, {
    method: init.method ?? 'GET',
    token: await p.ctx.tokenFor(user),
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function register(overrides: Record<string, unknown>, user = CLERK): Promise<CaseView> {
  const r = await call<CaseView>('/api/v1/cases', user, { method: 'POST', body: sampleCase(overrides) });
  if (r.status !== 201) throw new Error(`registration answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

const fileOf = (query: string, user = CLERK) => call<PersonFileView & { detail?: string }>(`/api/v1/person-file?${query}`, user);

let dispute: CaseView;
let petition: CaseView;
let noId: CaseView;
let elsewhere: CaseView;
let other: CaseView;

beforeAll(async () => {
  p = await startPlatform('person-file');
  dispute = await register({});
  petition = await register({
    kind: 'petition',
    category: 'other',
    channel: 'letter',
    title: '补偿款发放问题',
    parties: [{ role: 'applicant', name: '王建国', idNumber: WANG }],
  });
  // Registered by phone without an ID number: found only once a clerk links it.
  noId = await register({
    kind: 'consultation',
    category: 'other',
    channel: 'hotline',
    title: '电话咨询补偿政策',
    parties: [{ role: 'applicant', name: '王建国' }],
  });
  // The same person in the sibling township: outside clerk.621102101's jurisdiction.
  elsewhere = await register({ orgUnit: '621102102', title: '另一乡镇的纠纷' }, 'clerk.621102102');
  other = await register({ title: '他人纠纷', parties: [{ role: 'applicant', name: '李春梅', idNumber: idNumber('62110219800101123') }] });
}, 180_000);

afterAll(() => p?.stop());

describe('the person file', () => {
  it("shows one person's cases across kinds with each history, only within the caller's jurisdiction", async () => {
    const r = await fileOf(`idNumber=${WANG}`);
    expect(r.status).toBe(200);
    expect(r.body.person).toEqual({ idNumberMasked: expect.stringMatching(/^110105\*+002X$/), names: ['王建国'] });
    expect(r.body.cases.map((c) => c.caseNo).sort()).toEqual([dispute.caseNo, petition.caseNo].sort());
    expect(new Set(r.body.cases.map((c) => c.kind))).toEqual(new Set(['dispute', 'petition']));
    // Each matter comes with its history.
    for (const c of r.body.cases) expect(c.timeline.map((t) => t.type)).toContain('registered');
    expect(JSON.stringify(r.body)).not.toContain(WANG);
    // The county's leader sees the sibling township's case as well.
    const county = await fileOf(`idNumber=${WANG}`, 'leader.621102');
    expect(county.body.cases.map((c) => c.caseNo)).toContain(elsewhere.caseNo);
  });

  it('takes a case in by a link with a reason, audited, and finds the file from any of its cases', async () => {
    const link = await call<CaseLinkView>(`/api/v1/cases/${petition.id}/links`, CLERK, {
      method: 'POST',
      body: { linkedCaseId: noId.id, relation: 'same-person', reason: '来电人自报姓名与信访人一致' },
    });
    expect(link.status).toBe(201);
    expect(link.body).toMatchObject({ caseNo: petition.caseNo, linkedCaseNo: noId.caseNo, relation: 'same-person', createdBy: CLERK });
    const byId = await fileOf(`idNumber=${WANG}`);
    expect(byId.body.cases.map((c) => c.caseNo)).toContain(noId.caseNo);
    expect(byId.body.links.map((l) => l.id)).toEqual([link.body.id]);
    const byCase = await fileOf(`caseId=${noId.id}`);
    expect(byCase.body.cases.map((c) => c.caseNo).sort()).toEqual([dispute.caseNo, petition.caseNo, noId.caseNo].sort());
    const audit = await p.ctx.sql<{ action: string; reason: string }>(`SELECT action, reason FROM audit.entries WHERE subject_type = 'case-link'`);
    expect(audit).toEqual([{ action: 'case-link.create', reason: '来电人自报姓名与信访人一致' }]);
    // The same link again is a conflict, not a second row.
    const again = await call<{ status: number }>(`/api/v1/cases/${noId.id}/links`, CLERK, {
      method: 'POST',
      body: { linkedCaseId: petition.id, relation: 'same-person', reason: '重复关联' },
    });
    expect(again.status).toBe(409);
  });

  it('lets only a leader remove a link, with a reason; the case then leaves the file', async () => {
    const before = await fileOf(`idNumber=${WANG}`);
    const linkId = before.body.links[0]!.id;
    expect((await call(`/api/v1/case-links/${linkId}/remove`, CLERK, { method: 'POST', body: { reason: '关联有误' } })).status).toBe(403);
    const removed = await call<CaseLinkView>(`/api/v1/case-links/${linkId}/remove`, 'leader.621102', { method: 'POST', body: { reason: '核实后非同一人' } });
    expect(removed.status).toBe(200);
    const after = await fileOf(`idNumber=${WANG}`);
    expect(after.body.cases.map((c) => c.caseNo)).not.toContain(noId.caseNo);
    expect(after.body.links).toEqual([]);
    expect((await call(`/api/v1/case-links/${linkId}/remove`, 'leader.621102', { method: 'POST', body: { reason: '再次解除' } })).status).toBe(404);
  });

  it('answers bad input and other jurisdictions with clear problems, never revealing a case', async () => {
    const neither = await fileOf('');
    expect(neither.status).toBe(422);
    expect((await fileOf('idNumber=123')).status).toBe(422);
    // Another township's clerk: the person has no case there.
    expect((await fileOf(`caseId=${dispute.id}`, 'clerk.621102102')).status).toBe(404);
    const self = await call<{ detail: string }>(`/api/v1/cases/${dispute.id}/links`, CLERK, {
      method: 'POST',
      body: { linkedCaseId: dispute.id, relation: 'same-matter', reason: '自关联' },
    });
    expect(self.status).toBe(422);
    const noReason = await call(`/api/v1/cases/${dispute.id}/links`, CLERK, { method: 'POST', body: { linkedCaseId: other.id, relation: 'same-matter' } });
    expect(noReason.status).toBe(422);
    // A case outside the clerk's jurisdiction cannot be linked (answered like a missing one).
    const outside = await call(`/api/v1/cases/${dispute.id}/links`, CLERK, {
      method: 'POST',
      body: { linkedCaseId: elsewhere.id, relation: 'same-person', reason: '同一人' },
    });
    expect(outside.status).toBe(404);
    // Residents and department officers have no person file.
    expect((await fileOf(`idNumber=${WANG}`, 'resident.demo')).status).toBe(403);
    expect((await fileOf(`idNumber=${WANG}`, 'dept.housing.621100')).status).toBe(403);
  });
});
