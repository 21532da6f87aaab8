import { execFileSync } from 'node:child_process';
import type { CaseView, PetitionFileView } from '@fengqiao/contracts';
import { sampleCase, startPlatform, type Platform } from './platform.harness';

/**
 * The petition process through the public API on the real stack (gateway, intake, orchestrator
 * hosting petitionProcess, the petitions service): the regulation's three endings — accepted and
 * answered, not accepted, and answered → review → re-review, after which the same matter is
 * refused at registration (§36) — with the file and its documents as the petitions service keeps them.
 */
let p: Platform;
const OFFICER = 'petition.621102101'; // Chankou's petition officer
const COUNTY_OFFICER = 'petition.621102';
const LEADER = 'leader.621102';

/** A valid resident ID number (GB 11643 check digit) for a test person. */
function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11];
}

type Answer<T> = { status: number; body: T & { code?: string; allowedActions?: string[]; errors?: Array<{ path: string }> } };

async function call<T>(path: string, user: string, body?: unknown): Promise<Answer<T>> {
  const res = await p.api(path, {
    method: body === undefined ? 'GET' : 'POST',
    token: await p.ctx.tokenFor(user),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Answer<T>['body'] };
}

async function petition(applicantId: string, title: string, channel = 'letter'): Promise<Answer<CaseView>> {
  return call<CaseView>(
    '/api/v1/cases',
    OFFICER,
    sampleCase({ kind: 'petition', category: 'other', channel, title, parties: [{ role: 'applicant', name: '马有福', idNumber: applicantId }] }),
  );
}

async function act(c: CaseView, action: string, body: unknown, user = OFFICER): Promise<Answer<CaseView>> {
  return call<CaseView>(`/api/v1/cases/${c.id}/actions/${action}`, user, body);
}

/** An action that must succeed; answers the case as it now is. */
async function ok(c: CaseView, action: string, body: unknown, user = OFFICER): Promise<CaseView> {
  const r = await act(c, action, body, user);
  if (r.status !== 200) throw new Error(`${action} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

const fileOf = (c: CaseView, user = OFFICER) => call<PetitionFileView>(`/api/v1/cases/${c.id}/petition`, user);

beforeAll(async () => {
  p = await startPlatform('petition_process', { petitions: [['621102']] });
}, 240_000);

afterAll(async () => {
  await p?.stop();
});

describe('a petition accepted and answered', () => {
  it('is accepted, extended once with a leader’s approval, answered in writing and rated; the file and its PDFs follow', async () => {
    const registered = await petition(idNumber('62110219700101345'), '来信反映征地补偿款未足额发放');
    expect(registered.status).toBe(201);
    const c = registered.body;
    expect(c).toMatchObject({ kind: 'petition', status: 'acceptance', workflowId: expect.stringMatching(/petition-621102101-/) });
    expect(c.allowedActions).toEqual(['accept', 'not-accept', 'forward']);

    const accepted = await ok(c, 'accept', { message: '已受理，将在六十日内办结答复' });
    expect(accepted.status).toBe('handling');
    expect(accepted.clocks.map((k) => k.id)).toContain('petition-handling');
    const handlingDue = accepted.clocks.find((k) => k.id === 'petition-handling')!.due;

    await ok(c, 'request-extension', { days: 30, reason: '涉及多部门核查，情况复杂' });
    // The extension is a head's decision (§34): the officer may not approve it.
    expect((await act(c, 'approve-extension', { approved: true })).status).toBe(403);
    const extended = await ok(c, 'approve-extension', { approved: true, note: '同意延期三十日' }, LEADER);
    const newDue = extended.clocks.find((k) => k.id === 'petition-handling')!.due;
    expect(Date.parse(newDue)).toBeGreaterThan(Date.parse(handlingDue));
    // One extension only: a second request is not open.
    const second = await act(c, 'request-extension', { days: 10, reason: '再次申请' });
    expect(second.status).toBe(409);
    expect(second.body.allowedActions).not.toContain('request-extension');

    const replied = await ok(c, 'reply', { text: '经核查，补偿款已于本月补发到位。', summary: '已补发' });
    expect(replied).toMatchObject({ status: 'replied', outcome: 'answered' });
    expect(replied.allowedActions).toEqual(expect.arrayContaining(['request-review', 'rate']));
    const rated = await ok(c, 'rate', { score: 5, comment: '满意' }, 'clerk.621102101');
    expect(rated.rating).toBe(5);

    const file = await fileOf(c);
    expect(file.status).toBe(200);
    expect(file.body).toMatchObject({ caseNo: c.caseNo, acceptance: { decision: 'accepted' }, extension: { days: 30, approved: true }, rating: 5 });
    expect(file.body.reply?.text).toBe('经核查，补偿款已于本月补发到位。');
    expect(file.body.documents.map((d) => d.kind).sort()).toEqual(['acceptance-notice', 'reply']);
    const pdf = await p.api(`/api/v1/cases/${c.id}/petition/documents/reply`, { token: await p.ctx.tokenFor(COUNTY_OFFICER) });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // The written reply as the petitioner receives it: the case number, the matter and the text.
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: bytes, encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain(c.caseNo);
    expect(text).toContain('来信反映征地补偿款未足额发放');
    expect(text).toContain('经核查，补偿款已于本月补发到位。');
    // Another township's officer neither sees the petition nor its file.
    expect((await fileOf(c, 'clerk.621102102')).status).toBe(404);
  });
});

describe('a petition not accepted', () => {
  it('names the channel the petitioner is told, closes, and issues the non-acceptance notice', async () => {
    const c = (await petition(idNumber('62110219800202456'), '要求撤销法院民事判决', 'walk-in')).body;
    // Belongs to litigation: the petitioner must be told where to go (422 naming the field).
    const missing = await act(c, 'not-accept', { reason: 'litigation', message: '属于诉讼程序' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors?.map((e) => e.path)).toContain('channel');
    const refused = await ok(c, 'not-accept', {
      reason: 'litigation',
      channel: '安定区人民法院（申请再审）',
      message: '依法属于诉讼程序，请向人民法院申请再审',
    });
    expect(refused).toMatchObject({ status: 'closed', outcome: 'not-accepted', allowedActions: [] });
    expect(refused.timeline.map((t) => t.type)).toEqual(expect.arrayContaining(['petition-not-accepted', 'closed']));
    const file = await fileOf(c);
    expect(file.body.acceptance).toMatchObject({ decision: 'not-accepted' });
    expect(file.body.documents.map((d) => d.kind)).toEqual(['non-acceptance-notice']);
    // Nothing more can be done on it.
    expect((await act(c, 'reply', { text: '答复' })).status).toBe(409);
  });
});

describe('answered, reviewed, re-reviewed, then refused again at registration (§36)', () => {
  it('walks review and re-review to the last word; the same matter of the same person is then refused, naming the closed case', async () => {
    const person = idNumber('62110219550505789');
    const c = (await petition(person, '反映宅基地审批不公')).body;
    await ok(c, 'accept', {});
    await ok(c, 'reply', { text: '经调查，审批程序合法，维持原审批。' });
    // A re-review of an unreviewed petition is not open (409 with what is).
    const early = await act(c, 'request-re-review', { reason: '不服' });
    expect(early.status).toBe(409);
    expect(early.body.allowedActions).toContain('request-review');

    const review = await ok(c, 'request-review', { reason: '对答复意见不服，申请复查', onBehalf: true });
    expect(review.status).toBe('petition-review');
    await ok(c, 'decide-review', { decision: 'upheld', text: '经复查，维持原答复意见。' }, COUNTY_OFFICER);
    const reReview = await ok(c, 'request-re-review', { reason: '对复查意见不服，申请复核', onBehalf: true });
    expect(reReview.status).toBe('petition-re-review');
    const last = await ok(c, 'decide-re-review', { decision: 'upheld', text: '经复核，维持复查意见。' }, COUNTY_OFFICER);
    expect(last).toMatchObject({ status: 'closed', allowedActions: [] });

    const file = await fileOf(c);
    expect(file.body.review?.decided?.decision).toBe('upheld');
    expect(file.body.reReview?.decided?.decision).toBe('upheld');
    expect(file.body.documents.map((d) => d.kind).sort()).toEqual(['acceptance-notice', 're-review-decision', 'reply', 'review-decision']);

    // The same facts and reasons again, by a visit this time: refused at registration, and nothing is stored.
    const again = await petition(person, '再次反映宅基地审批不公', 'walk-in');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('MATTER_CLOSED');
    expect(JSON.stringify(again.body)).toContain(c.caseNo);
    const listed = await call<{ items: CaseView[] }>(`/api/v1/cases?kind=petition&idNumber=${person}`, OFFICER);
    expect(listed.body.items.map((x) => x.caseNo)).toEqual([c.caseNo]);
  });
});
