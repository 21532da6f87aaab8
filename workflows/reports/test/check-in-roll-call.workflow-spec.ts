import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv, quietTemporalLogs, skipTo } from './support/reports.harness';
import { createFakeIntake, rollCallDone, startRollCall, startRollCallWorkers, type FakeIntake } from './support/check-in.harness';

/*
 * The daily check-in roll call under Temporal's time-skipping server: a run takes the roll call of
 * the China day it starts on (UTC+8, also when UTC still says the day before) with the county's
 * roll-call time as the instant up to which check-ins count, through intake's activity on the
 * intake queue; a passing outage of intake is retried; bad input fails without calling intake.
 * (The Java test server has no Schedules: the per-county Schedule's creation and spec are checked on
 * the dev server in apps/orchestrator/test/check-in-schedule.integration-spec.ts.)
 */
jest.setTimeout(120_000);

const PREFIX = 'wf-check-in';
let env: TestWorkflowEnvironment;
let intake: FakeIntake;
let workers: { stop(): Promise<void> };

beforeAll(async () => {
  quietTemporalLogs();
  // 07:30 on 7 December in Beijing is still 6 December in UTC.
  env = await createTimeSkippingEnv('2026-12-07T07:30:00+08:00');
  intake = createFakeIntake();
  workers = await startRollCallWorkers(env, PREFIX, intake);
});

afterAll(async () => {
  await workers?.stop();
  await env?.teardown();
});

const run = async (id: string, input: Partial<Parameters<typeof startRollCall>[2]> = {}) => {
  const before = intake.calls.length;
  const handle = await startRollCall(env, `${PREFIX}.${id}`, { county: '621102', hour: 7, minute: 30, queuePrefix: PREFIX, ...input });
  return { handle, result: await rollCallDone(env, handle), calls: intake.calls.slice(before) };
};

describe('the roll call of a county', () => {
  it('takes the China day of its start (UTC still says the day before) up to the county time, on the intake queue', async () => {
    const { result, calls } = await run('dec-07');
    expect(result).toEqual({ county: '621102', day: '2026-12-07', workers: 2, missing: 1 });
    expect(calls).toEqual([{ input: { county: '621102', day: '2026-12-07', dueAt: '2026-12-07T07:30:00+08:00' }, queue: `${PREFIX}.intake`, attempt: 1 }]);
  });

  it('takes the next day after time moves on to 10:00 the next morning, with that county time', async () => {
    await skipTo(env, '2026-12-08T10:00:00+08:00');
    const { result, calls } = await run('dec-08', { hour: 10, minute: 0 });
    expect(result.day).toBe('2026-12-08');
    expect(calls.map((c) => c.input.dueAt)).toEqual(['2026-12-08T10:00:00+08:00']);
  });

  it('retries intake through a passing outage and answers the one stored result', async () => {
    intake.failOnce();
    const { result, calls } = await run('retried', { county: '621103' });
    expect(calls.map((c) => c.attempt)).toEqual([1, 2]);
    expect(result).toEqual({ county: '621103', day: '2026-12-08', workers: 2, missing: 1 });
    expect(intake.stored.has('621103/2026-12-08')).toBe(true);
  });

  it('takes the roll call of the day an admin names', async () => {
    const { result, calls } = await run('admin-day', { day: '2026-12-01', hour: 9, minute: 15 });
    expect(result.day).toBe('2026-12-01');
    expect(calls[0]!.input).toEqual({ county: '621102', day: '2026-12-01', dueAt: '2026-12-01T09:15:00+08:00' });
  });
});

describe('bad input', () => {
  it.each([
    ['no county', { county: '6211' }],
    ['no time of day', { hour: 24 }],
    ['no day', { day: '2026-02-30' }],
  ])('fails a run with %s without calling intake', async (_what, input) => {
    const before = intake.calls.length;
    const handle = await startRollCall(env, `${PREFIX}.bad-${_what.replace(/ /g, '-')}`, {
      county: '621102',
      hour: 7,
      minute: 30,
      queuePrefix: PREFIX,
      ...input,
    });
    await expect(rollCallDone(env, handle)).rejects.toThrow();
    expect((await handle.describe()).status.name).toBe('FAILED');
    expect(intake.calls.length).toBe(before);
  });
});
