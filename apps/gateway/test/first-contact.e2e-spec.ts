import type { CaseView, Page } from '@fengqiao/contracts';
import { sampleCase, startPlatform, type Platform } from './platform.harness';

/**
 * 首问负责 on the real stack: a resident's own submission gets a first-contact clerk of its unit (or
 * the nearest unit above with one, from intake.first_contact_clerks, seeded for the demo county's
 * towns), and it is in that clerk's queue. People show by name: the token's `name` in the timeline.
 */
let p: Platform;

beforeAll(async () => {
  p = await startPlatform('first-contact');
}, 180_000);

afterAll(async () => {
  await p?.stop();
});

const token = (user: string) => p.ctx.tokenFor(user);

async function submit(orgUnit: string): Promise<CaseView> {
  const body = sampleCase({ orgUnit, channel: 'online', location: undefined, parties: [{ role: 'applicant', name: '居民本人' }] });
  const res = await p.api('/api/v1/cases', { method: 'POST', token: await token('resident.demo'), body: JSON.stringify(body) });
  const c = (await res.json()) as CaseView;
  if (res.status !== 201) throw new Error(`submission answered ${res.status}: ${JSON.stringify(c)}`);
  return c;
}

async function queue(user: string, orgUnit: string): Promise<CaseView[]> {
  const res = await p.api(`/api/v1/cases?orgUnit=${orgUnit}&open=true&pageSize=100`, { token: await token(user) });
  if (res.status !== 200) throw new Error(`GET cases answered ${res.status}`);
  return ((await res.json()) as Page<CaseView>).items;
}

describe('first-contact clerk for online submissions (首问负责)', () => {
  it("assigns a resident's submission in a village to its town's clerk, who finds it in their queue", async () => {
    const c = await submit('621102101201');
    const clerk = { id: 'clerk.621102101', name: '受理员 巉口镇', role: 'clerk' };
    expect(c.assignee).toEqual(clerk);
    // The resident, not the clerk, registered it: shown by name, the assignee named in the step.
    expect(c.timeline[0]).toMatchObject({ type: 'registered', by: '居民 演示', detail: { assignee: '受理员 巉口镇' } });

    const listed = (await queue('clerk.621102101', '621102101201')).find((x) => x.id === c.id);
    expect(listed?.assignee).toEqual(clerk);
    // The other town's clerk neither has it nor sees it.
    expect((await p.api(`/api/v1/cases/${c.id}`, { token: await token('clerk.621102102') })).status).toBe(404);
  });

  it("takes the nearest unit's clerk: a village of the other town gets that town's", async () => {
    const c = await submit('621102102201');
    expect(c.assignee).toEqual({ id: 'clerk.621102102', name: '受理员 内官营镇', role: 'clerk' });
    expect((await queue('clerk.621102102', '621102102')).map((x) => x.id)).toContain(c.id);
  });

  it("shows the clerk's reply in the timeline under the clerk's name, not the login", async () => {
    const c = await submit('621102101201');
    // The process is started before the registration answers: the reply waits for its routing step.
    expect(c.allowedActions).toContain('reply');
    const res = await p.api(`/api/v1/cases/${c.id}/actions/reply`, {
      method: 'POST',
      token: await token('clerk.621102101'),
      body: JSON.stringify({ message: '已受理，当场答复', resolved: true }),
    });
    expect(res.status).toBe(200);
    const after = (await res.json()) as CaseView;
    expect(after.timeline.find((t) => t.type === 'replied')?.by).toBe('受理员 巉口镇');
    expect(after.timeline.find((t) => t.type === 'routed')?.by).toBe('system');
  });
});
