import { PetitionSteps, type CaseView, type PetitionFileView, type PetitionStepRecord } from '@fengqiao/contracts';
import { sampleCase, startPlatform, type Platform } from './platform.harness';
import { recordPetitionSteps } from './support/record-petition-steps';

/**
 * The petition routes on the real stack: petitions registered through the API, their steps
 * recorded on the petitions service (by a stand-in for the petition process, which lands
 * separately), then the file and its documents read through the gateway by role and org unit.
 */
let p: Platform;
let chankou: CaseView;
let guanbao: CaseView;
const OFFICER = 'petition.621102';

async function register(orgUnit: string, title: string): Promise<CaseView> {
  const res = await p.api('/api/v1/cases', {
    method: 'POST',
    token: await p.ctx.tokenFor(OFFICER),
    body: JSON.stringify(sampleCase({ kind: 'petition', category: 'other', orgUnit, title, location: { address: '信访测试地址' } })),
  });
  const body = (await res.json()) as CaseView;
  if (res.status !== 201) throw new Error(`registering a petition answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

const step = (c: CaseView, seq: number, type: string, status: string, detail: Record<string, unknown>): PetitionStepRecord => ({
  caseId: c.id,
  caseNo: c.caseNo,
  orgUnit: c.orgUnit,
  seq,
  type,
  status,
  actor: '刘信访',
  at: new Date(Date.UTC(2026, 11, 1 + seq, 2)).toISOString(),
  detail,
});

beforeAll(async () => {
  p = await startPlatform('petition_file', { petitions: [['621102']] });
  for (const user of [OFFICER, 'clerk.621102101', 'clerk.621102102', 'leader.621100', 'mediator.621102101', 'grid.621102101201', 'resident.demo']) {
    await p.ctx.tokenFor(user);
  }
  chankou = await register('621102101', '征地补偿款发放信访');
  guanbao = await register('621102102', '工程遗留问题信访');
  const facts = (c: CaseView) => ({ title: c.title, petitioner: '王建国', registeredAt: c.createdAt, channel: c.channel });
  await recordPetitionSteps(p, [
    step(chankou, 1, PetitionSteps.accepted, 'handling', facts(chankou)),
    step(guanbao, 1, PetitionSteps.notAccepted, 'closed', { ...facts(guanbao), reason: 'skips-level' }),
  ]);
}, 240_000);

afterAll(async () => {
  await p?.stop();
});

describe('GET /api/v1/cases/{id}/petition', () => {
  it('answers the file with its decision and documents to the officer of the district', async () => {
    const res = await p.api(`/api/v1/cases/${chankou.id}/petition`, { token: await p.ctx.tokenFor(OFFICER) });
    expect(res.status).toBe(200);
    const file = (await res.json()) as PetitionFileView;
    expect(file).toMatchObject({
      caseId: chankou.id,
      caseNo: chankou.caseNo,
      orgUnit: '621102101',
      status: 'handling',
      acceptance: { decision: 'accepted', by: '刘信访' },
      reply: null,
      documents: [{ kind: 'acceptance-notice', seq: 1 }],
    });
  });

  it('role × org unit: readers of the subtree 200, readers elsewhere 404, other roles 403, no token 401', async () => {
    const users: Array<[string, { chankou: number; guanbao: number }]> = [
      [OFFICER, { chankou: 200, guanbao: 200 }],
      ['leader.621100', { chankou: 200, guanbao: 200 }],
      ['clerk.621102101', { chankou: 200, guanbao: 404 }],
      ['clerk.621102102', { chankou: 404, guanbao: 200 }],
      ['mediator.621102101', { chankou: 403, guanbao: 403 }],
      ['grid.621102101201', { chankou: 403, guanbao: 403 }],
      ['resident.demo', { chankou: 403, guanbao: 403 }],
    ];
    const actual = [];
    for (const [user] of users) {
      const token = await p.ctx.tokenFor(user);
      const [a, b] = await Promise.all([chankou, guanbao].map((c) => p.api(`/api/v1/cases/${c.id}/petition`, { token }).then((r) => r.status)));
      actual.push([user, { chankou: a, guanbao: b }]);
    }
    expect(actual).toEqual(users);
    expect((await p.api(`/api/v1/cases/${chankou.id}/petition`)).status).toBe(401);
  });

  it('a case that is no petition on file is 404', async () => {
    const dispute = await p.api('/api/v1/cases', { method: 'POST', token: await p.ctx.tokenFor('clerk.621102101'), body: JSON.stringify(sampleCase()) });
    const c = (await dispute.json()) as CaseView;
    expect((await p.api(`/api/v1/cases/${c.id}/petition`, { token: await p.ctx.tokenFor(OFFICER) })).status).toBe(404);
  });
});

describe('GET /api/v1/cases/{id}/petition/documents/{kind}', () => {
  it('downloads the non-acceptance notice as a PDF with its Chinese file name', async () => {
    const res = await p.api(`/api/v1/cases/${guanbao.id}/petition/documents/non-acceptance-notice`, { token: await p.ctx.tokenFor('clerk.621102102') });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`信访事项不予受理告知书-${guanbao.caseNo}.pdf`)}`);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('a document not yet issued is 404, an unknown kind 422, outside the jurisdiction 404, a mediator 403', async () => {
    const officer = await p.ctx.tokenFor(OFFICER);
    expect((await p.api(`/api/v1/cases/${chankou.id}/petition/documents/reply`, { token: officer })).status).toBe(404);
    const unknown = await p.api(`/api/v1/cases/${chankou.id}/petition/documents/letter`, { token: officer });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ code: 'DOCUMENT_KIND_UNKNOWN' });
    const elsewhere = await p.ctx.tokenFor('clerk.621102101');
    expect((await p.api(`/api/v1/cases/${guanbao.id}/petition/documents/non-acceptance-notice`, { token: elsewhere })).status).toBe(404);
    const mediator = await p.ctx.tokenFor('mediator.621102101');
    expect((await p.api(`/api/v1/cases/${chankou.id}/petition/documents/acceptance-notice`, { token: mediator })).status).toBe(403);
  });
});
