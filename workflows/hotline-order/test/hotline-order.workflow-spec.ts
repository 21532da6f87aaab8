import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { HOTLINE_DEADLINE_WARNING_LEAD_MS } from '@fengqiao/rules';
import {
  callsWhen,
  close,
  completed,
  createFakeAdapter,
  createTimeSkippingEnv,
  DAY,
  HOUR,
  iso,
  quietTemporalLogs,
  skipTo,
  startDeadline,
  startWorkers,
  type FakeAdapter,
} from './support/hotline-order.harness';

/*
 * hotlineOrderDeadline under Temporal's time-skipping server with a fake adapter. One server for the
 * file; its clock only moves forward, so each test takes its own order with a deadline from "now".
 */
jest.setTimeout(120_000);

const PREFIX = 'wf-hl';
const CENTRE = 'gs-demo';
let env: TestWorkflowEnvironment;
let adapter: FakeAdapter;
let workers: { stop(): Promise<void> };
let n = 0;

beforeAll(async () => {
  quietTemporalLogs();
  env = await createTimeSkippingEnv('2026-12-07T09:00:00+08:00');
  adapter = createFakeAdapter();
  workers = await startWorkers(env, PREFIX, adapter);
});

afterAll(async () => {
  await workers?.stop();
  await env?.teardown();
});

/** An order whose deadline falls `inMs` from the server's now, with its run started. */
async function order(inMs: number) {
  const orderNo = `GS12345-WF-${++n}`;
  const deadline = iso((await env.currentTimeMs()) + inMs);
  const handle = await startDeadline(env, { centre: CENTRE, orderNo, deadline, queuePrefix: PREFIX });
  return { orderNo, deadline, handle };
}

const names = (orderNo: string) => adapter.of(orderNo).map((c) => c.name);

describe('the 12345 deadline of a work order', () => {
  it('warns the lead time before the deadline and marks the order overdue when it falls, on the adapter’s queue', async () => {
    const { orderNo, deadline, handle } = await order(5 * DAY);
    const d = Date.parse(deadline);
    await skipTo(env, d - HOTLINE_DEADLINE_WARNING_LEAD_MS - HOUR);
    expect(names(orderNo)).toEqual([]);
    await skipTo(env, d - HOTLINE_DEADLINE_WARNING_LEAD_MS + HOUR);
    const [warned] = await callsWhen(adapter, orderNo, (c) => c.length === 1, 'the warning');
    expect(warned).toMatchObject({ name: 'warnOrderDeadline', input: { centre: CENTRE, orderNo, deadline }, queue: `${PREFIX}.hotline-12345` });
    // The timer's instant (the server's clock moves in whole steps: within a few seconds).
    expect(Math.abs(Date.parse(warned!.input.at) - (d - HOTLINE_DEADLINE_WARNING_LEAD_MS))).toBeLessThan(5_000);
    await skipTo(env, d + HOUR);
    const calls = await callsWhen(adapter, orderNo, (c) => c.length === 2, 'the overdue mark');
    expect(calls[1]).toMatchObject({ name: 'markOrderOverdue', input: { orderNo, deadline } });
    expect(Math.abs(Date.parse(calls[1]!.input.at) - d)).toBeLessThan(5_000);
    expect(await completed(env, handle)).toEqual({ warned: true, overdue: true, closed: null });
  });

  it('warns at once an order received less than the lead time before its deadline', async () => {
    const { orderNo, handle } = await order(3 * HOUR);
    await callsWhen(adapter, orderNo, (c) => c.length === 1, 'the warning at once');
    expect(names(orderNo)).toEqual(['warnOrderDeadline']);
    await skipTo(env, (await env.currentTimeMs()) + 4 * HOUR);
    await callsWhen(adapter, orderNo, (c) => c.length === 2, 'the overdue mark');
    expect(await completed(env, handle)).toEqual({ warned: true, overdue: true, closed: null });
  });

  it('marks an order received after its deadline overdue at once, without a warning', async () => {
    const { orderNo, handle } = await order(-HOUR);
    await callsWhen(adapter, orderNo, (c) => c.length === 1, 'the overdue mark');
    expect(names(orderNo)).toEqual(['markOrderOverdue']);
    expect(await completed(env, handle)).toEqual({ warned: false, overdue: true, closed: null });
  });

  it('stops when the order is finished before the warning: nothing is marked', async () => {
    const { orderNo, handle } = await order(5 * DAY);
    await close(handle, 'finished', iso(await env.currentTimeMs()));
    expect(await completed(env, handle)).toEqual({ warned: false, overdue: false, closed: 'finished' });
    await skipTo(env, (await env.currentTimeMs()) + 6 * DAY);
    expect(names(orderNo)).toEqual([]);
  });

  it('stops after the warning when the order is objected to: it is never marked overdue', async () => {
    const { orderNo, deadline, handle } = await order(2 * DAY);
    await skipTo(env, Date.parse(deadline) - HOTLINE_DEADLINE_WARNING_LEAD_MS + HOUR);
    await callsWhen(adapter, orderNo, (c) => c.length === 1, 'the warning');
    await close(handle, 'objected', iso(await env.currentTimeMs()));
    expect(await completed(env, handle)).toEqual({ warned: true, overdue: false, closed: 'objected' });
    await skipTo(env, Date.parse(deadline) + DAY);
    expect(names(orderNo)).toEqual(['warnOrderDeadline']);
  });

  it('reports what the adapter did: an order closed whose signal never came is not counted overdue', async () => {
    const { orderNo, handle } = await order(-HOUR);
    adapter.closed.add(orderNo);
    await callsWhen(adapter, orderNo, (c) => c.length === 1, 'the overdue attempt');
    expect(await completed(env, handle)).toEqual({ warned: false, overdue: false, closed: null });
  });
});
