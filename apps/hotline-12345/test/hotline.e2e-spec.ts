import type { CaseView, HotlineOrderView, Page } from '@fengqiao/contracts';
import { startPlatform, waitFor, type Platform } from '@fengqiao/testing';
import { startStandIn12345, type StandIn12345 } from './support/stand-in-12345';

/**
 * The 12345 adapter through the real stack (gateway, intake, orchestrator, the adapter; real PostgreSQL,
 * NATS, Temporal, Keycloak) against a stand-in centre on loopback: an order becomes one case however
 * often it is pushed, a wrong dispatch is objected to, an accepted order's steps go back in order, and an
 * outage of the centre loses and duplicates nothing.
 */
const CENTRE = 'gs-demo';
const SECRET = 'stand-in-shared-secret-for-tests';
const CLERK = 'clerk.621102101';
let p: Platform;
let centre: StandIn12345;
let n = 0;

const order = (overrides: Record<string, unknown> = {}) => ({
  orderNo: `GS12345-20261207-${String(++n).padStart(4, '0')}-${p.ctx.prefix}`,
  orderType: 'complaint',
  category: '劳动社保/拖欠工资',
  title: '12345转来：工地拖欠工资',
  content: '来电人反映东川村某工地拖欠农民工工资三个月，请核实处理。',
  caller: { name: '赵六', phone: '13912345678' },
  address: '东川村三社',
  regionCode: '621102101',
  deadline: '2026-12-12T18:00:00+08:00',
  dispatchedAt: '2026-12-07T09:00:00+08:00',
  ...overrides,
});

beforeAll(async () => {
  centre = await startStandIn12345({ centre: CENTRE, secret: SECRET });
  p = await startPlatform('hotline', {
    hotline: {
      HOTLINE_CENTRE_ID: CENTRE,
      HOTLINE_SHARED_SECRET: SECRET,
      HOTLINE_PUSH_URL: centre.url,
      HOTLINE_ORG_UNIT: '621102',
      HOTLINE_RETRY_BASE_MS: '100',
      HOTLINE_RETRY_MAX_MS: '800',
    },
  });
  for (const user of [CLERK, 'clerk.621102102']) await p.ctx.tokenFor(user);
}, 240_000);

afterAll(async () => {
  await p?.stop();
  await centre?.close();
});

async function api<T>(path: string, user: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await p.api(path, {
    method: body === undefined ? 'GET' : 'POST',
    token: await p.ctx.tokenFor(user),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** The cases a clerk finds by the order number (the case list's search; the number is in the description). */
async function casesOf(orderNo: string): Promise<number> {
  const r = await api<Page<CaseView>>(`/api/v1/cases?q=${encodeURIComponent(orderNo)}`, CLERK);
  expect(r.status).toBe(200);
  return r.body.total;
}

async function act(id: string, action: string, body: unknown): Promise<void> {
  const r = await api<CaseView>(`/api/v1/cases/${id}/actions/${action}`, CLERK, body);
  if (r.status !== 200) throw new Error(`${action} answered ${r.status}: ${JSON.stringify(r.body)}`);
}

describe('a work order becomes one case', () => {
  it('registers the order as a hotline case with its order number, once however often it is pushed', async () => {
    const o = order();
    const first = await centre.dispatch(p.hotline!.url, o);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ orderNo: o.orderNo, repeated: false, caseNo: expect.any(String) });
    const again = await centre.dispatch(p.hotline!.url, o);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ caseId: first.body['caseId'], caseNo: first.body['caseNo'], repeated: true });

    const c = await api<CaseView>(`/api/v1/cases/${String(first.body['caseId'])}`, CLERK);
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({
      channel: 'hotline',
      kind: 'complaint',
      category: 'labour',
      orgUnit: '621102101',
      externalRef: { system: `12345.${CENTRE}`, id: o.orderNo },
    });
    // The caller's phone is personal data: stored sealed by intake and masked to everyone (the adapter keeps neither: orders.integration-spec.ts).
    expect(c.body.parties[0]).toMatchObject({ name: '赵六', phone: '139****5678' });
    expect(c.body.description).toContain(o.orderNo);
    expect(await casesOf(o.orderNo)).toBe(1);
  });

  it("keeps the external reference unique through the gateway's registration too: the same case, or 409 outside one's jurisdiction", async () => {
    const o = order();
    const first = await centre.dispatch(p.hotline!.url, o);
    const externalRef = { system: `12345.${CENTRE}`, id: o.orderNo };
    const same = await api<CaseView>('/api/v1/cases', CLERK, {
      kind: 'complaint',
      category: 'other',
      title: '同一工单再次登记',
      description: '受理员手工登记同一工单',
      channel: 'hotline',
      orgUnit: '621102101',
      parties: [{ role: 'applicant', name: '赵六' }],
      externalRef,
    });
    expect(same.status).toBe(201);
    expect(same.body.id).toBe(first.body['caseId']);
    const elsewhere = await api<{ code: string }>('/api/v1/cases', 'clerk.621102102', {
      kind: 'complaint',
      category: 'other',
      title: '邻镇登记同一工单',
      description: '邻镇受理员登记同一工单',
      channel: 'hotline',
      orgUnit: '621102102',
      parties: [{ role: 'applicant', name: '赵六' }],
      externalRef,
    });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.code).toBe('EXTERNAL_REF_TAKEN');
  });

  it('registers concurrent pushes of one order as one case', async () => {
    const o = order();
    const answers = await Promise.all([0, 1, 2, 3].map(() => centre.dispatch(p.hotline!.url, o)));
    // Every push is answered with the case: one as new (201), the others as repeats (200), all the same case.
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body['caseId'])).size).toBe(1);
    const again = await centre.dispatch(p.hotline!.url, o);
    expect(again).toMatchObject({ status: 200, body: { caseId: answers[0]!.body['caseId'], repeated: true } });
    expect(await casesOf(o.orderNo)).toBe(1);
  });

  it('refuses an unsigned, wrongly signed or stale push (401) and a bad order (422) as problem+json', async () => {
    const o = order();
    const unsigned = await centre.dispatch(p.hotline!.url, o, { sign: false });
    expect(unsigned.status).toBe(401);
    expect(String(unsigned.body['detail'])).toMatch(/签名.*signature/);
    expect((await centre.dispatch(p.hotline!.url, o, { secret: 'somebody-elses-secret-xyz' })).status).toBe(401);
    expect((await centre.dispatch(p.hotline!.url, o, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(401);
    const bad = await centre.dispatch(p.hotline!.url, order({ caller: { phone: '1' }, deadline: 'tomorrow' }));
    expect(bad.status).toBe(422);
    expect((bad.body['errors'] as Array<{ path: string }>).map((e) => e.path)).toEqual(expect.arrayContaining(['caller.name', 'deadline']));
    expect(await casesOf(o.orderNo)).toBe(0);
  });
});

describe('the centre answers a dispatch', () => {
  it('objects to a wrong dispatch with a reason: pushed to the 12345, and the order can no longer be accepted', async () => {
    const o = order({ content: '来电人反映邻县某小区噪音扰民。' });
    expect((await centre.dispatch(p.hotline!.url, o)).status).toBe(201);
    // Another town's clerk is outside the order's jurisdiction; a clerk without a reason is told what is missing.
    expect((await api(`/api/v1/hotline/orders/${o.orderNo}/objection`, 'clerk.621102102', { reason: '不属本镇' })).status).toBe(403);
    const noReason = await api<{ errors: Array<{ path: string }> }>(`/api/v1/hotline/orders/${o.orderNo}/objection`, CLERK, {});
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors.map((e) => e.path)).toContain('reason');
    const objected = await api<HotlineOrderView>(`/api/v1/hotline/orders/${o.orderNo}/objection`, CLERK, { reason: '事发地不在本镇辖区，应转邻县' });
    expect(objected.status).toBe(200);
    expect(objected.body).toMatchObject({ status: 'objected', objection: { reason: '事发地不在本镇辖区，应转邻县' } });
    const pushed = await waitFor(() => centre.acknowledged.find((x) => x.orderNo === o.orderNo), { what: 'the objection pushed' });
    expect(pushed).toMatchObject({ type: 'objection', reason: '事发地不在本镇辖区，应转邻县', seq: 0 });
    expect((await api(`/api/v1/hotline/orders/${o.orderNo}/accept`, CLERK, {})).status).toBe(409);
    expect((await api(`/api/v1/hotline/orders/not-an-order/accept`, CLERK, {})).status).toBe(404);
  });

  it('pushes acceptance, progress, result and return visit in order; an outage of the centre loses and repeats nothing', async () => {
    const o = order();
    const r = await centre.dispatch(p.hotline!.url, o);
    const caseId = String(r.body['caseId']);
    // The centre is down from the acceptance on: everything waits in the log and is retried.
    centre.failing = true;
    // A step before the acceptance is held, and goes after it.
    await act(caseId, 'reply', { message: '已受理，正在联系用人单位', resolved: false });
    const accepted = await api<HotlineOrderView>(`/api/v1/hotline/orders/${o.orderNo}/accept`, CLERK, { note: '已签收' });
    expect(accepted.status).toBe(200);
    await act(caseId, 'conclude', { outcome: 'resolved', summary: '用人单位已补发全部工资' });
    await act(caseId, 'feedback', { message: '已电话告知来电人处理结果', channel: 'phone' });
    await act(caseId, 'rate', { score: 5, comment: '满意' });
    // The log records every step and its failed attempts while the centre is down.
    const waiting = await waitFor(
      async () => {
        const v = (await api<HotlineOrderView>(`/api/v1/hotline/orders/${o.orderNo}`, CLERK)).body;
        return v.pushes.length === 5 && v.pushes[0]!.attempts >= 2 && v.pushes[0]!.lastError === 'HTTP 503' ? v : undefined;
      },
      { what: 'five pushes waiting, the first retried' },
    );
    expect(waiting.pushes.every((x) => x.status === 'pending')).toBe(true);
    expect(centre.acknowledged.filter((x) => x.orderNo === o.orderNo)).toEqual([]);
    // Nothing after the head of the line was tried while it failed: the order is kept.
    expect(new Set(centre.seen.filter((x) => x.orderNo === o.orderNo).map((x) => x.type))).toEqual(new Set(['accepted']));

    centre.failing = false;
    const delivered = await waitFor(
      () => {
        const mine = centre.acknowledged.filter((x) => x.orderNo === o.orderNo);
        return mine.length >= 5 ? mine : undefined;
      },
      { what: 'all five pushes delivered' },
    );
    expect(delivered.map((x) => x.type)).toEqual(['accepted', 'progress', 'result', 'progress', 'return-visit']);
    expect(delivered.map((x) => x.seq)).toEqual([...delivered.map((x) => x.seq)].sort((a, b) => a - b));
    expect(delivered[0]).toMatchObject({ note: '已签收' });
    expect(delivered[1]).toMatchObject({ note: '已受理，正在联系用人单位', step: 'replied' });
    expect(delivered[2]).toMatchObject({ outcome: 'resolved', summary: '用人单位已补发全部工资' });
    expect(delivered[4]).toMatchObject({ score: 5, note: '满意' });
    expect(new Set(delivered.map((x) => x.pushId)).size).toBe(5);
    const final = await waitFor(
      async () => {
        const v = (await api<HotlineOrderView>(`/api/v1/hotline/orders/${o.orderNo}`, CLERK)).body;
        return v.pushes.every((x) => x.status === 'delivered') ? v : undefined;
      },
      { what: 'the log says delivered' },
    );
    expect(final.pushes.map((x) => x.kind)).toEqual(['accepted', 'progress', 'result', 'progress', 'return-visit']);
    // The result is recorded: the centre's deadline (five days off) stopped running, never warned, never overdue.
    expect(final).toMatchObject({ finishedAt: expect.any(String), deadlineWarnedAt: null, overdueAt: null });
    expect(centre.badSignatures).toBe(0);
    // Pushing the order again after all this is still the same case, and pushes nothing new.
    expect((await centre.dispatch(p.hotline!.url, o)).body).toMatchObject({ caseId, repeated: true });
    expect(centre.acknowledged.filter((x) => x.orderNo === o.orderNo)).toHaveLength(5);
  });
});

describe("the centre's deadline runs as a clock", () => {
  const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
  const view = async (orderNo: string) => (await api<HotlineOrderView>(`/api/v1/hotline/orders/${orderNo}`, CLERK)).body;

  it('warns of an order due within a day at once, and marks an order received past its deadline overdue', async () => {
    const soon = order({ deadline: inHours(3) });
    const late = order({ deadline: inHours(-1) });
    expect((await centre.dispatch(p.hotline!.url, soon)).status).toBe(201);
    expect((await centre.dispatch(p.hotline!.url, late)).status).toBe(201);
    const when = (orderNo: string, ok: (v: HotlineOrderView) => unknown) => async () => {
      const v = await view(orderNo);
      return ok(v) ? v : undefined;
    };
    const warned = await waitFor(
      when(soon.orderNo, (v) => v.deadlineWarnedAt),
      { what: 'the order due soon warned' },
    );
    expect(warned).toMatchObject({ deadlineWarnedAt: expect.any(String), overdueAt: null, finishedAt: null });
    const overdue = await waitFor(
      when(late.orderNo, (v) => v.overdueAt),
      { what: 'the order past its deadline overdue' },
    );
    expect(overdue).toMatchObject({ overdueAt: expect.any(String), deadlineWarnedAt: null });
  });
});
