import type { CaseView, Page, Problem } from '@fengqiao/contracts';
import { sampleCase, startPlatform, type Platform } from './platform.harness';

let p: Platform;
let clerk: string;
let first: CaseView;
let second: CaseView;

const register = async (title: string) => {
  const res = await p.api('/api/v1/cases', { method: 'POST', token: clerk, body: JSON.stringify(sampleCase({ title })) });
  expect(res.status).toBe(201);
  return (await res.json()) as CaseView;
};

beforeAll(async () => {
  p = await startPlatform('idlookup');
  clerk = await p.ctx.tokenFor('clerk.621102101');
  first = await register('第一次来访');
  second = await register('同一申请人再次来访');
}, 180_000);

afterAll(() => p?.stop());

describe('finding a person by ID number (keyed blind index)', () => {
  it('links a new case to the open cases of the same applicant (duplicate detection)', () => {
    expect(first.timeline[0]!.detail['possibleDuplicates']).toBeUndefined();
    expect(second.timeline[0]!.detail['possibleDuplicates']).toEqual([first.caseNo]);
  });

  it('finds exactly the cases with a party of that ID number, lowercase x included', async () => {
    const res = await p.api('/api/v1/cases?idNumber=11010519491231002x', { token: clerk });
    expect(res.status).toBe(200);
    const page = (await res.json()) as Page<CaseView>;
    expect(page.items.map((c) => c.caseNo).sort()).toEqual([first.caseNo, second.caseNo].sort());
    const none = (await (await p.api('/api/v1/cases?idNumber=440524188001010014', { token: clerk })).json()) as Page<CaseView>;
    expect(none.total).toBe(0);
  });

  it('finds nothing for a clerk of the sibling township', async () => {
    const sibling = await p.ctx.tokenFor('clerk.621102102');
    const page = (await (await p.api('/api/v1/cases?idNumber=11010519491231002X', { token: sibling })).json()) as Page<CaseView>;
    expect(page.total).toBe(0);
  });

  it('rejects an invalid ID number with a field error', async () => {
    const res = await p.api('/api/v1/cases?idNumber=110105194912310021', { token: clerk });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Problem).errors).toEqual([{ path: 'idNumber', message: expect.stringContaining('校验位') }]);
  });
});
