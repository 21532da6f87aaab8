import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { CaseTransitionData, CaseView, CloudEvent, CreateCaseInput, Reply } from '@fengqiao/contracts';
import { createServiceDataSource, migrate } from '@fengqiao/persistence';
import { piiCipherFromEnv } from '@fengqiao/pii';
import { createTestContext, type TestContext } from '@fengqiao/testing';
import { HOTLINE_SCHEMA } from '../src/config/hotline.config';
import { hotlineEntities } from '../src/database/hotline.entities';
import { hotlineMigrations } from '../src/database/hotline.migrations';
import type { WorkOrder } from '../src/formats/hotline-format';
import { HotlineFailures } from '../src/orders/hotline.failures';
import { OrdersService } from '../src/orders/orders.service';
import { createDeadlineActivities } from '../src/deadline/deadline.activities';

/**
 * OrdersService on a real PostgreSQL, with intake's registration as a function the test controls (the
 * e2e runs the real intake): the order is stored before its case is registered, so a case step that
 * arrives while intake answers waits for it, and an order left `registering` is finished by a repeat.
 */
let ctx: TestContext;
let ds: DataSource;
let register: (input: CreateCaseInput) => Promise<Reply<CaseView>>;
let orders: OrdersService;
let n = 0;

beforeAll(async () => {
  ctx = await createTestContext('hotline_orders');
  ds = createServiceDataSource({ url: ctx.databaseUrl, schema: HOTLINE_SCHEMA, entities: hotlineEntities, migrations: hotlineMigrations });
  await migrate(ds, HOTLINE_SCHEMA);
  orders = new OrdersService({
    ds,
    centre: 'gs-test',
    defaultOrgUnit: '621102',
    cipher: piiCipherFromEnv(undefined),
    register: (input) => register(input),
    onPush: () => undefined,
    pushRetentionDays: 180,
  });
});

afterAll(async () => {
  if (ds?.isInitialized) await ds.destroy();
  await ctx?.dispose();
});

const workOrder = (): WorkOrder => ({
  orderNo: `GS12345-T-${++n}-${ctx.prefix}`,
  kind: 'complaint',
  category: 'labour',
  centreCategory: '劳动社保/拖欠工资',
  title: '12345转来：工地拖欠工资',
  content: '来电人反映某工地拖欠工资。',
  caller: { name: '赵六' },
  orgUnit: '621102101',
  deadline: '2026-12-12T18:00:00+08:00',
});

const caseOf = (input: CreateCaseInput, id = randomUUID()) =>
  ({ id, caseNo: `621102101-2026-${String(n).padStart(6, '0')}`, orgUnit: input.orgUnit, orgPath: `/621102/${input.orgUnit}/` }) as unknown as CaseView;

const step = (caseId: string, seq = 1, at = new Date().toISOString()): CloudEvent<CaseTransitionData> => ({
  specversion: '1.0',
  id: `${caseId}-${seq}`,
  source: 'intake',
  type: 'fq.case.replied',
  time: new Date().toISOString(),
  datacontenttype: 'application/json',
  data: {
    caseId,
    caseNo: 'x',
    orgUnit: '621102101',
    orgPath: '/621102/621102101/',
    kind: 'complaint',
    category: 'labour',
    seq,
    type: 'replied',
    actor: 'clerk.621102101',
    at,
    status: 'in-progress',
    outcome: null,
    warning: 'green',
    rating: null,
    detail: { message: '已受理' },
  },
});

const orderRow = async (orderNo: string) =>
  (await ctx.sql<{ status: string; case_id: string | null }>(`SELECT status, case_id FROM hotline.orders WHERE order_no = $1`, [orderNo]))[0];

describe('the order is stored before its case is registered', () => {
  it('keeps a case step that arrives while intake registers the order: it waits, then becomes the push', async () => {
    const o = workOrder();
    const caseId = randomUUID();
    let during: string | undefined;
    register = async (input) => {
      // The registration's first step reaches the adapter before intake's answer does.
      during = await orders.onCaseEvent(step(caseId));
      return { ok: true, value: caseOf(input, caseId) };
    };
    const r = await orders.receive(o);
    expect(r).toMatchObject({ ok: true, value: { caseId, repeated: false } });
    expect(during).toBe('wait');
    // Redelivered: now the order is known.
    expect(await orders.onCaseEvent(step(caseId))).toBe('pushed');
    const pushes = await ctx.sql<{ kind: string; status: string }>(`SELECT kind, status FROM hotline.pushes WHERE order_no = $1`, [o.orderNo]);
    expect(pushes).toEqual([{ kind: 'progress', status: 'held' }]);
  });

  it("keeps none of the caller's personal data: the name goes to intake, the phone sealed", async () => {
    const o = { ...workOrder(), caller: { name: '赵六', phone: '13912345678' } };
    let sent: CreateCaseInput | undefined;
    register = async (input) => {
      sent = input;
      return { ok: true, value: caseOf(input) };
    };
    expect((await orders.receive(o)).ok).toBe(true);
    expect(sent!.parties[0]!.name).toBe('赵六');
    expect(sent!.parties[0]!.phone).not.toContain('13912345678');
    expect(sent!.description).toContain(o.orderNo);
    const stored = JSON.stringify(await ctx.sql(`SELECT * FROM hotline.orders WHERE order_no = $1`, [o.orderNo]));
    expect(stored).not.toContain('13912345678');
    expect(stored).not.toContain('赵六');
  });

  it('finishes an order left registering when the centre pushes it again, as the same case', async () => {
    const o = workOrder();
    const refs: unknown[] = [];
    register = async (input) => {
      refs.push(input.externalRef);
      return HotlineFailures.fail('REGISTRATION_UNAVAILABLE');
    };
    const first = await orders.receive(o);
    expect(first.ok).toBe(false);
    expect(await orderRow(o.orderNo)).toEqual({ status: 'registering', case_id: null });
    const caseId = randomUUID();
    register = async (input) => {
      refs.push(input.externalRef);
      return { ok: true, value: caseOf(input, caseId) };
    };
    expect(await orders.receive(o)).toMatchObject({ ok: true, value: { caseId, repeated: true } });
    expect(await orderRow(o.orderNo)).toEqual({ status: 'dispatched', case_id: caseId });
    expect(refs).toEqual([
      { system: '12345.gs-test', id: o.orderNo },
      { system: '12345.gs-test', id: o.orderNo },
    ]);
    // Once registered, a further push is answered from the order without asking intake.
    register = async () => {
      throw new Error('intake must not be asked again');
    };
    expect(await orders.receive(o)).toMatchObject({ ok: true, value: { caseId, repeated: true } });
  });

  it('does not keep an order intake refused, and then ignores steps of cases that are no order', async () => {
    const o = workOrder();
    register = async () => HotlineFailures.fail('ORDER_INVALID');
    expect((await orders.receive(o)).ok).toBe(false);
    expect(await orderRow(o.orderNo)).toBeUndefined();
    expect(await orders.onCaseEvent(step(randomUUID()))).toBe('ignored');
  });
});

describe('a step past the push log retention', () => {
  it('is not pushed again when the stream delivers it again (its push was sent and pruned)', async () => {
    const o = workOrder();
    const caseId = randomUUID();
    register = async (input) => ({ ok: true, value: caseOf(input, caseId) });
    expect((await orders.receive(o)).ok).toBe(true);
    expect(await orders.onCaseEvent(step(caseId, 1, new Date(Date.now() - 200 * 86_400_000).toISOString()))).toBe('ignored');
    expect(await orders.onCaseEvent(step(caseId, 2, new Date(Date.now() - 100 * 86_400_000).toISOString()))).toBe('pushed');
    expect(await ctx.sql(`SELECT seq FROM hotline.pushes WHERE order_no = $1`, [o.orderNo])).toEqual([{ seq: 2 }]);
  });
});

describe("the deadline run's marks on an order", () => {
  const registered = async () => {
    const o = workOrder();
    register = async (input) => ({ ok: true, value: caseOf(input) });
    expect((await orders.receive(o)).ok).toBe(true);
    return { centre: 'gs-test', orderNo: o.orderNo, deadline: o.deadline! };
  };
  const marks = async (orderNo: string) =>
    (
      await ctx.sql<{ w: Date | null; o: Date | null }>(`SELECT deadline_warned_at AS w, overdue_at AS o FROM hotline.orders WHERE order_no = $1`, [orderNo])
    )[0];

  it('marks an open order once: a retried activity keeps the first instant', async () => {
    const acts = createDeadlineActivities(ds);
    const ref = await registered();
    expect(await acts.warnOrderDeadline({ ...ref, at: '2026-12-11T18:00:00+08:00' })).toBe(true);
    expect(await acts.warnOrderDeadline({ ...ref, at: '2026-12-11T18:05:00+08:00' })).toBe(true);
    expect(await acts.markOrderOverdue({ ...ref, at: '2026-12-12T18:00:00+08:00' })).toBe(true);
    const m = await marks(ref.orderNo);
    expect([m!.w?.toISOString(), m!.o?.toISOString()]).toEqual(['2026-12-11T10:00:00.000Z', '2026-12-12T10:00:00.000Z']);
  });

  it('marks nothing on an order objected to or finished, even if the run was never told', async () => {
    const acts = createDeadlineActivities(ds);
    const objected = await registered();
    await ctx.sql(`UPDATE hotline.orders SET status = 'objected' WHERE order_no = $1`, [objected.orderNo]);
    const finished = await registered();
    await ctx.sql(`UPDATE hotline.orders SET finished_at = now() WHERE order_no = $1`, [finished.orderNo]);
    for (const ref of [objected, finished]) {
      expect(await acts.markOrderOverdue({ ...ref, at: '2026-12-12T18:00:00+08:00' })).toBe(false);
      expect(await marks(ref.orderNo)).toEqual({ w: null, o: null });
    }
  });
});
