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
  p = await startPlatform('person-file', { mediation: [['621102101']] });
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

describe('the same matter through several channels', () => {
  const act = (c: CaseView, action: string, body: unknown, user = CLERK) =>
    call<CaseView & { code?: string; allowedActions?: string[] }>(`/api/v1/cases/${c.id}/actions/${action}`, user, { method: 'POST', body });

  it('merges a hotline call into the letter on the same matter: one case handled, the other stopped, audited, undone by a leader', async () => {
    const letter = await register({ kind: 'complaint', category: 'other', channel: 'letter', title: '小区噪音问题来信' });
    const call12345 = await register({ kind: 'complaint', category: 'other', channel: 'hotline', title: '12345转来：小区噪音' });
    expect(call12345.allowedActions).toContain('reply');

    const merged = await call<CaseView>(`/api/v1/cases/${call12345.id}/merge`, CLERK, {
      method: 'POST',
      body: { intoCaseId: letter.id, reason: '同一事项的来信与12345来电' },
    });
    expect(merged.status).toBe(200);
    expect(merged.body.mergedInto).toEqual({ id: letter.id, caseNo: letter.caseNo });
    expect(merged.body.allowedActions).toEqual([]);
    expect(merged.body.clockActions).toEqual([]);
    expect(merged.body.timeline.map((t) => t.type)).toEqual(expect.arrayContaining(['merged', 'clock-paused']));
    // Its clocks stand still: it turns no colour while the other case is handled.
    expect(merged.body.clocks.filter((c) => c.counts).every((c) => !!c.pausedAt)).toBe(true);

    // Not handled twice: an action on the merged case is refused, the case it joined takes it.
    const refused = await act(call12345, 'reply', { message: '已受理', resolved: false });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CASE_MERGED');
    const main = await call<CaseView>(`/api/v1/cases/${letter.id}`, CLERK);
    expect(main.body.timeline.find((t) => t.type === 'merge-received')?.detail).toMatchObject({ from: { caseNo: call12345.caseNo } });
    expect((await act(letter, 'reply', { message: '已受理，三日内答复', resolved: false })).status).toBe(200);

    // The person file shows the merge as a link; it is undone as a merge, by a leader.
    const file = await fileOf(`caseId=${letter.id}`);
    const link = file.body.links.find((l) => l.relation === 'merged');
    expect(link).toMatchObject({ caseNo: call12345.caseNo, linkedCaseNo: letter.caseNo });
    expect((await call(`/api/v1/case-links/${link!.id}/remove`, 'leader.621102', { method: 'POST', body: { reason: '误合并' } })).status).toBe(409);
    expect((await call(`/api/v1/cases/${call12345.id}/unmerge`, CLERK, { method: 'POST', body: { reason: '误合并' } })).status).toBe(403);
    const undone = await call<CaseView>(`/api/v1/cases/${call12345.id}/unmerge`, 'leader.621102', { method: 'POST', body: { reason: '核实为不同事项' } });
    expect(undone.status).toBe(200);
    expect(undone.body.mergedInto).toBeUndefined();
    expect(undone.body.allowedActions).toContain('reply');
    expect(undone.body.clocks.filter((c) => c.counts).every((c) => !c.pausedAt)).toBe(true);
    expect(undone.body.timeline.map((t) => t.type)).toEqual(expect.arrayContaining(['unmerged', 'clock-resumed']));
    expect((await act(call12345, 'reply', { message: '已受理', resolved: false })).status).toBe(200);

    const audit = await p.ctx.sql<{ action: string; reason: string }>(
      `SELECT action, reason FROM audit.entries WHERE subject_type = 'case' AND action LIKE 'case.%merge' ORDER BY seq`,
    );
    expect(audit).toEqual([
      { action: 'case.merge', reason: '同一事项的来信与12345来电' },
      { action: 'case.unmerge', reason: '核实为不同事项' },
    ]);
  });

  it('refuses a merge that cannot be: into itself, twice, into a merged case, without a reason, across jurisdictions', async () => {
    const a = await register({ kind: 'complaint', category: 'other', channel: 'walk-in', title: '走访反映路灯问题' });
    const b = await register({ kind: 'complaint', category: 'other', channel: 'online', title: '网上反映路灯问题' });
    const c = await register({ kind: 'complaint', category: 'other', channel: 'hotline', title: '来电反映路灯问题' });
    const merge = (from: CaseView, into: CaseView | { id: string }, body: Record<string, unknown> = { reason: '同一事项' }, user = CLERK) =>
      call<{ code?: string }>(`/api/v1/cases/${from.id}/merge`, user, { method: 'POST', body: { intoCaseId: into.id, ...body } });
    expect((await merge(a, a)).status).toBe(422);
    expect((await merge(a, b, { reason: undefined })).status).toBe(422);
    expect((await merge(a, elsewhere)).status).toBe(404);
    expect((await merge(b, a)).status).toBe(200);
    expect((await merge(b, c)).body.code).toBe('ALREADY_MERGED');
    expect((await merge(c, b)).body.code).toBe('MERGE_INTO_MERGED');
    expect((await call(`/api/v1/cases/${a.id}/unmerge`, 'leader.621102', { method: 'POST', body: { reason: '未合并' } })).status).toBe(409);
    expect((await merge(a, c, { reason: '同一事项' }, 'dept.housing.621100')).status).toBe(403);
  });
});

describe('a dispute referred to petitions (转信访)', () => {
  it('becomes a petition of the same parties and unit, linked as the same matter and actionable at once', async () => {
    const zhao = idNumber('62110219660707456');
    const dispute = await register({
      title: '征地补偿分配纠纷',
      parties: [
        { role: 'applicant', name: '赵德胜', idNumber: zhao },
        { role: 'respondent', name: '村委会' },
      ],
    });
    const mediator = 'mediator.621102101';
    expect((await call(`/api/v1/cases/${dispute.id}/actions/assign`, CLERK, { method: 'POST', body: {} })).status).toBe(200);
    const concluded = await call<CaseView>(`/api/v1/cases/${dispute.id}/actions/conclude`, mediator, {
      method: 'POST',
      body: { outcome: 'referred-petition', summary: '涉及征地补偿政策，调解不成，引导转信访渠道' },
    });
    expect(concluded.status).toBe(200);
    expect(concluded.body.outcome).toBe('referred-petition');

    // The petition exists when the conclusion is answered: the person file shows it beside the dispute.
    const file = await fileOf(`idNumber=${zhao}`);
    expect(file.status).toBe(200);
    const petition = file.body.cases.find((c) => c.kind === 'petition')!;
    expect(petition).toMatchObject({ channel: 'referral', orgUnit: dispute.orgUnit, title: '纠纷转信访：征地补偿分配纠纷' });
    expect(petition.description).toContain(dispute.caseNo);
    expect(petition.parties.map((x) => x.name)).toEqual(['赵德胜', '村委会']);
    expect(file.body.links).toEqual([expect.objectContaining({ caseNo: petition.caseNo, linkedCaseNo: dispute.caseNo, relation: 'same-matter' })]);
    expect(petition.allowedActions.length).toBeGreaterThan(0);

    // Only one petition, whatever happens to the dispute afterwards.
    expect(
      (await call(`/api/v1/cases/${dispute.id}/actions/feedback`, CLERK, { method: 'POST', body: { message: '已告知转信访渠道', channel: 'phone' } })).status,
    ).toBe(200);
    const again = await fileOf(`idNumber=${zhao}`);
    expect(again.body.cases.filter((c) => c.kind === 'petition')).toHaveLength(1);
  });
});
