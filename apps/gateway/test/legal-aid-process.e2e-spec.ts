import { execFileSync } from 'node:child_process';
import type { CaseView, LegalAidFileView, PersonFileView, ProviderView } from '@fengqiao/contracts';
import { sampleCase, startPlatform, type Platform } from './platform.harness';

/**
 * The legal-aid process through the public API on the real stack (gateway, intake, the orchestrator
 * hosting legalAidProcess, the legal-aid service): granted and assigned to closure, refused and
 * objected, aid before approval (§44), the material loop to withdrawal, the provider conflict and
 * capacity checks, bad input, and a referral from a dispute that hears back when the matter goes to court.
 */
let p: Platform;
const CLERK = 'clerk.621102101';
const OFFICER = 'legal-aid.621102';
const LEADER = 'leader.621102';
const LAWYER = 'lawyer.621102';

/** A valid resident ID number (GB 11643 check digit) for a test person. */
function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11];
}

type Answer<T> = { status: number; body: T & { code?: string; detail?: string; allowedActions?: string[]; errors?: Array<{ path: string; message: string }> } };

async function call<T>(path: string, user: string, body?: unknown): Promise<Answer<T>> {
  const res = await p.api(path, {
    method: body === undefined ? 'GET' : 'POST',
    token: await p.ctx.tokenFor(user),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Answer<T>['body'] };
}

const applicant = (id: string, name = '赵小兰') => ({ role: 'applicant', name, idNumber: id, phone: '13912345678' });

async function register(parties: unknown[], title = '申请法律援助：追讨拖欠工资'): Promise<CaseView> {
  const r = await call<CaseView>('/api/v1/cases', CLERK, sampleCase({ kind: 'legal-aid', category: 'labour', title, parties }));
  if (r.status !== 201) throw new Error(`register answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

const act = (c: CaseView, action: string, body: unknown, user = OFFICER) => call<CaseView>(`/api/v1/cases/${c.id}/actions/${action}`, user, body);

/** An action that must succeed; answers the case as it now is. */
async function ok(c: CaseView, action: string, body: unknown, user = OFFICER): Promise<CaseView> {
  const r = await act(c, action, body, user);
  if (r.status !== 200) throw new Error(`${action} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Facts of a labour-pay application by a household of three on 1,800 yuan a month (600 per head). */
const facts = (o: Record<string, unknown> = {}) => ({
  matter: 'labour',
  hasOwnLawyer: false,
  household: { members: 3, monthlyIncome: 1800 },
  statementSigned: true,
  ...o,
});

const fileOf = (c: CaseView, user = OFFICER) => call<LegalAidFileView>(`/api/v1/cases/${c.id}/legal-aid`, user);

async function pdfText(c: CaseView, kind: string): Promise<string> {
  const res = await p.api(`/api/v1/cases/${c.id}/legal-aid/documents/${kind}`, { token: await p.ctx.tokenFor(OFFICER) });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/pdf');
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: bytes, encoding: 'utf8' }).replace(/\s+/g, '');
}

/** Beijing calendar day `days` from now, YYYY-MM-DD. */
const beijingDay = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  p = await startPlatform('legal_aid_process', { legalAid: [['621102']] });
}, 240_000);

afterAll(async () => {
  await p?.stop();
});

describe('an application granted, assigned and closed', () => {
  it('is screened rule by rule, granted, assigned to the lawyer by speciality, closed with materials, reviewed and rated', async () => {
    const c = await register([applicant(idNumber('62110219850315222')), { role: 'respondent', name: '安定区某建筑公司' }]);
    expect(c).toMatchObject({ kind: 'legal-aid', status: 'application', workflowId: expect.stringMatching(/legal-aid-/) });
    expect(c.allowedActions).toEqual(expect.arrayContaining(['apply', 'withdraw']));

    const applied = await ok(c, 'apply', facts(), CLERK);
    expect(applied.status).toBe('legal-aid-review');
    expect(applied.clocks.map((k) => k.id)).toContain('legal-aid-review');
    const screened = (await fileOf(c)).body;
    expect(screened.assessment).toMatchObject({ outcome: 'eligible', economic: 'passed' });
    // Every rule says what it found, with its article.
    const economic = screened.assessment!.rules.find((r) => r.rule === 'economic-test')!;
    expect(economic).toMatchObject({ met: true });
    expect(economic.zh).toContain('600');

    const granted = await ok(c, 'grant', { note: '符合经济困难标准，给予法律援助' });
    expect(granted.status).toBe('assignment');
    expect(granted.clocks.map((k) => k.id)).toContain('legal-aid-assignment');

    const lawyer = (await call<ProviderView[]>('/api/v1/legal-aid/providers', OFFICER)).body.find((v) => v.username === LAWYER)!;
    expect(lawyer).toBeDefined();
    const assigned = await ok(c, 'assign', { providerId: lawyer.id });
    expect(assigned.status).toBe('aid');
    const file = (await fileOf(c)).body;
    expect(file.assignment).toMatchObject({ providerId: lawyer.id, providerName: lawyer.name });
    expect(file.assignment!.reason.length).toBeGreaterThan(0);
    expect(file.decision).toMatchObject({ granted: true });

    // The lawyer sees the matter as theirs; another lawyer's action would be refused by the run.
    const mine = await call<Array<{ caseId: string }>>('/api/v1/legal-aid/my-matters', LAWYER);
    expect(mine.status).toBe(200);
    expect(mine.body.map((m) => m.caseId)).toContain(c.id);

    const ended = await ok(c, 'matter-ended', { result: 'mediated', endedOn: beijingDay(0), note: '诉前调解达成协议' }, LAWYER);
    expect(ended.status).toBe('closure-filing');
    expect(ended.clocks.map((k) => k.id)).toContain('legal-aid-closure');
    const filed = await ok(c, 'file-closure', { summary: '经诉前调解，公司支付拖欠工资 2.4 万元', materials: ['调解协议书', '结案报告'] }, LAWYER);
    expect(filed.status).toBe('quality-review');
    const reviewed = await ok(c, 'review-quality', { grade: 'good', note: '材料齐全' });
    expect(reviewed.status).toBe('awaiting-feedback');
    const rated = await ok(c, 'rate', { score: 5 }, CLERK);
    expect(rated).toMatchObject({ status: 'closed', outcome: 'aided', rating: 5 });

    const closed = (await fileOf(c)).body;
    expect(closed.closure).toMatchObject({ result: 'mediated', materials: ['调解协议书', '结案报告'] });
    expect(closed.quality).toMatchObject({ grade: 'good' });
    expect(closed.documents.map((d) => d.kind).sort()).toEqual(['assignment-letter', 'grant-decision']);
    const letter = await pdfText(c, 'assignment-letter');
    expect(letter).toContain(c.caseNo);
    expect(letter).toContain(lawyer.name);
    expect(await pdfText(c, 'grant-decision')).toContain(c.caseNo);
    // Another township's clerk neither sees the case nor its file.
    expect((await fileOf(c, 'clerk.621102102')).status).toBe(404);
  });
});

describe('an application refused and objected', () => {
  it('explains the failed economic test, refuses in writing with the reasons, and the justice bureau upholds it', async () => {
    const c = await register([applicant(idNumber('62110219760708333'), '孙大海')], '申请法律援助：赡养费');
    await ok(c, 'apply', facts({ matter: 'maintenance', household: { members: 2, monthlyIncome: 9000 } }), CLERK);
    const screened = (await fileOf(c)).body.assessment!;
    expect(screened).toMatchObject({ outcome: 'ineligible', economic: 'failed' });

    // A refusal names its reasons (422 naming the field without them).
    const bare = await act(c, 'refuse', { text: '不符合经济困难标准' });
    expect(bare.status).toBe(422);
    expect(bare.body.errors?.map((e) => e.path)).toContain('reasons');
    const refused = await ok(c, 'refuse', {
      reasons: ['家庭月人均收入 4500 元，高于当地经济困难标准'],
      text: '经审查，申请人不符合经济困难标准，决定不予法律援助。',
    });
    expect(refused.status).toBe('refused');
    expect(refused.allowedActions).toContain('object');
    expect(await pdfText(c, 'refusal-decision')).toContain('高于当地经济困难标准');

    const objected = await ok(c, 'object', { reason: '家中有重病老人，实际支出大' }, CLERK);
    expect(objected.status).toBe('objection');
    expect(objected.clocks.map((k) => k.id)).toContain('legal-aid-objection');
    // The justice bureau decides (a leader here), not the agency that refused.
    expect((await act(c, 'decide-objection', { decision: 'upheld', text: '维持' })).status).toBe(403);
    const upheld = await ok(c, 'decide-objection', { decision: 'upheld', text: '经审查，维持不予法律援助的决定。' }, LEADER);
    expect(upheld).toMatchObject({ status: 'closed', outcome: 'refused' });
  });
});

describe('aid before approval (§44)', () => {
  it('starts aid when a limitation period ends within 7 days, assigns during review, and the grant goes straight to aid', async () => {
    const c = await register([applicant(idNumber('62110219900101444'), '钱小二')], '申请法律援助：工伤赔偿，时效将届满');
    await ok(c, 'apply', facts({ matter: 'personal-injury', limitationEndsOn: beijingDay(3) }), CLERK);
    expect((await fileOf(c)).body.assessment!.advanceAidGrounds).toEqual(['limitation-period']);
    // The facts show no urgent preservation: that ground is refused.
    const wrong = await act(c, 'advance-aid', { ground: 'urgent-preservation', note: '需紧急保全' });
    expect([409, 422]).toContain(wrong.status);
    expect(wrong.body.detail).toMatch(/保全|preservation/);
    const advanced = await ok(c, 'advance-aid', { ground: 'limitation-period', note: '诉讼时效三日后届满，先行提供法律援助' });
    expect(advanced.status).toBe('legal-aid-review');
    expect(advanced.allowedActions).toContain('assign');
    const assigned = await ok(c, 'assign', {});
    expect(assigned.status).toBe('legal-aid-review');
    const granted = await ok(c, 'grant', {});
    expect(granted.status).toBe('aid');
    expect((await fileOf(c)).body.advanceAid).toMatchObject({ ground: 'limitation-period' });
  });
});

describe('the material loop', () => {
  it('asks once for everything missing, stops the review clock, and a withdrawn application takes no decision', async () => {
    const c = await register([applicant(idNumber('62110219880808555'), '李秀英')], '申请法律援助：确认劳动关系');
    const applied = await ok(c, 'apply', facts(), CLERK);
    const reviewDue = applied.clocks.find((k) => k.id === 'legal-aid-review')!.due;
    const asked = await ok(c, 'request-materials', { missing: ['身份证复印件', '劳动合同或工资条'], message: '请于十五日内补充' });
    expect(asked.status).toBe('awaiting-materials');
    expect(asked.clocks.map((k) => k.id)).toContain('legal-aid-materials');
    expect(asked.clocks.find((k) => k.id === 'legal-aid-review')?.pausedAt).toBeTruthy();
    expect(await pdfText(c, 'material-request')).toContain('劳动合同或工资条');

    const supplied = await ok(c, 'supply-materials', { items: ['身份证复印件', '工资条'] }, CLERK);
    expect(supplied.status).toBe('legal-aid-review');
    const resumed = supplied.clocks.find((k) => k.id === 'legal-aid-review')!;
    expect(resumed.pausedAt ?? null).toBeNull();
    expect(Date.parse(resumed.due)).toBeGreaterThanOrEqual(Date.parse(reviewDue));
    // One request lists everything (§43): a second is not open.
    const again = await act(c, 'request-materials', { missing: ['银行流水'] });
    expect(again.status).toBe(409);
    expect(again.body.allowedActions).not.toContain('request-materials');

    const withdrawn = await ok(c, 'withdraw', { reason: '已与单位和解' }, CLERK);
    expect(withdrawn).toMatchObject({ status: 'closed', outcome: 'withdrawn' });
    const late = await act(c, 'grant', {});
    expect(late.status).toBe(409);
    expect(late.body.allowedActions).toEqual([]);
  });
});

describe('providers: conflicts and capacity', () => {
  it('refuses a provider who acts for the opposing party, and one at capacity', async () => {
    const a = idNumber('62110219700505666');
    const b = idNumber('62110219710606777');
    // A narrow roster entry of our own: capacity 1.
    const added = await call<ProviderView>('/api/v1/legal-aid/providers', OFFICER, {
      name: '周律师',
      type: 'firm-lawyer',
      organisation: '甘肃安定律师事务所',
      specialities: ['labour'],
      orgUnit: '621102',
      capacity: 1,
    });
    expect(added.status).toBe(201);
    const one = await register([applicant(a, '吴甲'), { role: 'respondent', name: '郑乙', idNumber: b }]);
    await ok(one, 'apply', facts(), CLERK);
    await ok(one, 'grant', {});
    await ok(one, 'assign', { providerId: added.body.id });

    // The other side of the same dispute applies: the provider acts for their opponent.
    const other = await register([applicant(b, '郑乙'), { role: 'respondent', name: '吴甲', idNumber: a }]);
    await ok(other, 'apply', facts(), CLERK);
    await ok(other, 'grant', {});
    const conflicted = await act(other, 'assign', { providerId: added.body.id });
    expect(conflicted.status).toBe(422);
    expect(conflicted.body.detail).toMatch(/对方|opposing/);
    expect((await call<CaseView>(`/api/v1/cases/${other.id}`, OFFICER)).body.status).toBe('assignment');

    const third = await register([applicant(idNumber('62110219920909888'), '冯丙')]);
    await ok(third, 'apply', facts(), CLERK);
    await ok(third, 'grant', {});
    const full = await act(third, 'assign', { providerId: added.body.id });
    expect(full.status).toBe(422);
    expect(full.body.detail).toMatch(/已满|capacity/);
    // The automatic choice finds someone else.
    expect((await ok(third, 'assign', {})).status).toBe('aid');
  });
});

describe('bad input', () => {
  it('answers missing facts, an income that is not a number and an unsigned statement with problems naming the fields', async () => {
    const c = await register([applicant(idNumber('62110219951111999'), '陈丁')]);
    const missing = await act(c, 'apply', { hasOwnLawyer: false, statementSigned: true }, CLERK);
    expect(missing.status).toBe(422);
    expect(missing.body.errors?.map((e) => e.path)).toContain('matter');
    const notNumber = await act(c, 'apply', facts({ household: { members: 3, monthlyIncome: '一千八' } }), CLERK);
    expect(notNumber.status).toBe(422);
    expect(notNumber.body.errors?.map((e) => e.path)).toContain('household.monthlyIncome');
    expect(notNumber.body.errors?.find((e) => e.path === 'household.monthlyIncome')?.message).toMatch(/数字.*number/);
    const unsigned = await act(c, 'apply', facts({ statementSigned: false }), CLERK);
    expect(unsigned.status).toBe(422);
    expect(unsigned.body.errors?.map((e) => e.path)).toContain('statementSigned');
    // Nothing was lost: the application still waits for its facts.
    expect((await call<CaseView>(`/api/v1/cases/${c.id}`, CLERK)).body.status).toBe('application');
    const roster = await call<ProviderView>('/api/v1/legal-aid/providers', OFFICER, {
      name: '某',
      type: 'firm-lawyer',
      organisation: '某所',
      specialities: ['labour'],
      orgUnit: '621102',
      capacity: 'x',
    });
    expect(roster.status).toBe(422);
    expect(roster.body.errors?.map((e) => e.path)).toContain('capacity');
  });
});

describe('a referral from a dispute', () => {
  it('registers a linked application for the party, and tells the dispute when the matter goes to court', async () => {
    const dispute = (await call<CaseView>('/api/v1/cases', CLERK, sampleCase({ title: '工资纠纷调解', category: 'labour' }))).body;
    const referred = await call<CaseView>(`/api/v1/cases/${dispute.id}/legal-aid-referral`, 'mediator.621102101', {
      reason: '调解不成，当事人拟起诉但经济困难',
    });
    expect(referred.status).toBe(201);
    const la = referred.body;
    expect(la).toMatchObject({ kind: 'legal-aid', channel: 'referral', status: 'application' });
    const file = await call<PersonFileView>(`/api/v1/person-file?caseId=${dispute.id}`, CLERK);
    expect(file.body.links).toEqual(expect.arrayContaining([expect.objectContaining({ relation: 'referred', caseId: la.id, linkedCaseId: dispute.id })]));
    // A repeated referral of the same party answers the same application.
    expect((await call<CaseView>(`/api/v1/cases/${dispute.id}/legal-aid-referral`, 'mediator.621102101', { reason: '重复提交' })).body.id).toBe(la.id);

    await ok(la, 'apply', facts(), CLERK);
    await ok(la, 'grant', {});
    await ok(la, 'assign', {});
    await ok(la, 'court-filed', { court: '定西市安定区人民法院', courtCaseNo: '（2026）甘1102民初1234号', filedOn: beijingDay(0) });
    const told = (await call<CaseView>(`/api/v1/cases/${dispute.id}`, CLERK)).body.timeline.find((t) => t.type === 'legal-aid-court-filed');
    expect(told?.detail).toMatchObject({ courtCaseNo: '（2026）甘1102民初1234号', legalAidCaseNo: la.caseNo });
  });
});
