import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { taskQueue, type KeyPersonRiskLevel, type KeyPersonSupervisionState } from '@fengqiao/contracts';
import { addMonthsBeijing, beijingDay, endOfBeijingDay } from '@fengqiao/rules';
import {
  callsWhen,
  completed,
  createFakeService,
  createTimeSkippingEnv,
  DAY,
  HOUR,
  iso,
  plus,
  quietTemporalLogs,
  signal,
  skipTo,
  startPurge,
  startSupervision,
  startWorkers,
  stateOf,
  stateWhen,
  type ActivityCall,
  type FakeService,
} from './support/key-persons.harness';

/*
 * keyPersonSupervision under Temporal's time-skipping server with a fake key-persons service. One
 * server for the file; its clock only moves forward, so each test registers its own person "now"
 * (ids keep the fake's calls apart) and skips to the instants it needs.
 */
jest.setTimeout(120_000);

const PREFIX = 'wf-kp';
// 10:00 on 1 March 2027 in Beijing.
const START = '2027-03-01T10:00:00+08:00';
let env: TestWorkflowEnvironment;
let service: FakeService;
let workers: { stop(): Promise<void> };
let seq = 0;

beforeAll(async () => {
  quietTemporalLogs();
  env = await createTimeSkippingEnv(START);
  service = createFakeService();
  workers = await startWorkers(env, PREFIX, service);
});

afterAll(async () => {
  await workers?.stop();
  await env?.teardown();
});

const now = async () => iso(await env.currentTimeMs());
const warnings = (calls: ActivityCall[], key = 'contact') =>
  calls.filter((c) => c.name === 'raiseWarning' && c.input.key === key).map((c) => `${c.input.dueAt}:${c.input.colour}`);
const plans = (calls: ActivityCall[], key = 'contact') => calls.filter((c) => c.name === 'planObligation' && c.input.key === key).map((c) => c.input.dueAt);
const obligation = (s: KeyPersonSupervisionState, key: string) => s.obligations.find((o) => o.key === key);

/** Registers a person now (or at `registeredAt`) and waits for the run to tell the service its first due times. */
async function register(
  riskLevel: KeyPersonRiskLevel,
  extra: { registeredAt?: string; specialPeriods?: Array<{ periodId: string; startsOn: string; endsOn: string }>; historyLimit?: number } = {},
) {
  const personId = `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;
  const registeredAt = extra.registeredAt ?? (await now());
  const handle = await startSupervision(env, { personId, orgUnit: '621102101', riskLevel, registeredAt, queuePrefix: PREFIX, ...extra });
  await callsWhen(service, personId, (c) => c.filter((x) => x.name === 'planObligation').length >= 3, 'the first plans');
  return { personId, handle, registeredAt };
}

describe('the contact cadence by risk level', () => {
  it.each([
    ['low', 30],
    ['medium', 14],
    ['high', 7],
  ] as const)('plans a %s-risk person’s first contact %i days after registration, with the assessment and the summary', async (level, days) => {
    const { personId, handle, registeredAt } = await register(level);
    const calls = service.of(personId, 'planObligation');
    expect(calls.map((c) => [c.input.key, c.input.dueAt])).toEqual([
      ['contact', plus(registeredAt, days * DAY)],
      ['assessment', iso(addMonthsBeijing(Date.parse(registeredAt), 3))],
      ['summary', iso(addMonthsBeijing(Date.parse(registeredAt), 12))],
    ]);
    expect(new Set(calls.map((c) => c.queue))).toEqual(new Set([taskQueue('key-persons', undefined, PREFIX)]));
    expect(calls[0]!.input).toEqual({ personId, orgUnit: '621102101', obligation: 'contact', key: 'contact', dueAt: plus(registeredAt, days * DAY) });
    const s = await stateOf(handle);
    expect(s).toMatchObject({ personId, riskLevel: level, cadenceVersion: 1, lastContactAt: null, removed: false });
    expect(s.obligations.map((o) => o.colour)).toEqual(['green', 'green', 'green']);
  });
});

describe('a missed contact', () => {
  it('turns yellow at its due time and red after contactRedAfterDays (high: 2), each raised once', async () => {
    const { personId, handle, registeredAt } = await register('high');
    const due = plus(registeredAt, 7 * DAY);
    await skipTo(env, Date.parse(due) + HOUR);
    await callsWhen(service, personId, (c) => warnings(c).length === 1, 'the yellow warning');
    expect(obligation(await stateOf(handle), 'contact')?.colour).toBe('yellow');
    const yellow = service.of(personId, 'raiseWarning')[0]!.input;
    expect(Date.parse(yellow.at!) - Date.parse(due)).toBeGreaterThanOrEqual(0);
    expect(Date.parse(yellow.at!) - Date.parse(due)).toBeLessThan(HOUR);

    await skipTo(env, Date.parse(due) + 2 * DAY + HOUR);
    await callsWhen(service, personId, (c) => warnings(c).length === 2, 'the red warning');
    await skipTo(env, Date.parse(due) + 4 * DAY);
    const s = await stateOf(handle);
    expect(obligation(s, 'contact')).toMatchObject({ colour: 'red', dueAt: due, redAt: plus(due, 2 * DAY) });
    expect(warnings(service.of(personId))).toEqual([`${due}:yellow`, `${due}:red`]);
  });

  it('is met when a contact is recorded, and the next one is planned from it', async () => {
    const { personId, handle, registeredAt } = await register('medium');
    await skipTo(env, Date.parse(registeredAt) + 5 * DAY);
    const at = plus(registeredAt, 5 * DAY - HOUR);
    await signal(handle, 'contactRecorded', { contactId: 'c-1', at });
    const calls = await callsWhen(service, personId, (c) => plans(c).length === 2, 'the re-plan');
    const met = calls.filter((c) => c.name === 'obligationMet');
    expect(met.map((c) => c.input)).toEqual([
      { personId, orgUnit: '621102101', obligation: 'contact', key: 'contact', dueAt: plus(registeredAt, 14 * DAY), metAt: at },
    ]);
    // met before the re-plan: the service closes the row as met, then opens the next.
    expect(calls.findIndex((c) => c.name === 'obligationMet')).toBeLessThan(calls.map((c) => c.name).lastIndexOf('planObligation'));
    expect(plans(calls)).toEqual([plus(registeredAt, 14 * DAY), plus(at, 14 * DAY)]);
    const s = await stateOf(handle);
    expect(s.lastContactAt).toBe(at);
    expect(obligation(s, 'contact')).toMatchObject({ dueAt: plus(at, 14 * DAY), colour: 'green' });

    // An older contact entered late changes nothing.
    await signal(handle, 'contactRecorded', { contactId: 'c-0', at: plus(registeredAt, DAY) });
    await signal(handle, 'summaryRecorded', { year: 2027, at });
    await callsWhen(service, personId, (c) => plans(c, 'summary').length === 2, 'the summary re-plan');
    expect(service.of(personId, 'obligationMet').map((c) => c.input.key)).toEqual(['contact', 'summary']);
    expect((await stateOf(handle)).lastContactAt).toBe(at);
  });
});

describe('a risk change', () => {
  it('re-plans the contact from the last one: low → high after 8 days is overdue at once, red on time; earlier warnings stay', async () => {
    const { personId, handle, registeredAt } = await register('low');
    await skipTo(env, Date.parse(registeredAt) + 8 * DAY);
    const changedAt = await now();
    await signal(handle, 'riskChanged', { riskLevel: 'high', at: changedAt });
    const due = plus(registeredAt, 7 * DAY);
    await callsWhen(service, personId, (c) => warnings(c).length === 1, 'the yellow warning at once');
    expect(plans(service.of(personId))).toEqual([plus(registeredAt, 30 * DAY), due]);
    const yellow = service.of(personId, 'raiseWarning')[0]!.input;
    expect(yellow).toMatchObject({ key: 'contact', dueAt: due, colour: 'yellow' });
    expect(Date.parse(yellow.at!)).toBeGreaterThanOrEqual(Date.parse(changedAt));
    expect((await stateOf(handle)).riskLevel).toBe('high');

    await skipTo(env, Date.parse(registeredAt) + 9 * DAY + HOUR);
    await callsWhen(service, personId, (c) => warnings(c).length === 2, 'the red warning');

    // Back to low: a new due time, nothing withdrawn, nothing raised twice.
    await signal(handle, 'riskChanged', { riskLevel: 'low', at: await now() });
    await callsWhen(service, personId, (c) => plans(c).length === 3, 'the re-plan to low');
    await signal(handle, 'riskChanged', { riskLevel: 'high', at: await now() });
    await callsWhen(service, personId, (c) => plans(c).length === 4, 'the re-plan to high');
    const s = await stateWhen(handle, (x) => obligation(x, 'contact')?.dueAt === due, 'the high due again');
    expect(obligation(s, 'contact')?.colour).toBe('red');
    expect(warnings(service.of(personId))).toEqual([`${due}:yellow`, `${due}:red`]);
  });

  it('an approved assessment meets the assessment and re-plans it and the contact at the new level', async () => {
    const { personId, handle, registeredAt } = await register('medium');
    await skipTo(env, Date.parse(registeredAt) + 2 * DAY);
    const at = await now();
    await signal(handle, 'assessmentApproved', { assessmentId: 'a-1', at, riskLevel: 'high' });
    const calls = await callsWhen(service, personId, (c) => plans(c).length === 2 && plans(c, 'assessment').length === 2, 'the re-plans');
    expect(calls.filter((c) => c.name === 'obligationMet').map((c) => [c.input.key, c.input.metAt])).toEqual([['assessment', at]]);
    expect(plans(calls, 'assessment')[1]).toBe(iso(addMonthsBeijing(Date.parse(at), 3)));
    expect(plans(calls)).toEqual([plus(registeredAt, 14 * DAY), plus(registeredAt, 7 * DAY)]);
    expect(await stateOf(handle)).toMatchObject({ riskLevel: 'high', lastAssessmentAt: at });
  });
});

describe('special periods', () => {
  it('needs a daily report each day: a reported day is met, a missing day is yellow at its end and red 12 hours later', async () => {
    const { personId, handle } = await register('low');
    const today = beijingDay(await env.currentTimeMs());
    const day = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
    await signal(handle, 'specialPeriodDeclared', { periodId: 'p-1', startsOn: day(1), endsOn: day(3) });
    const keys = [1, 2, 3].map((n) => `daily-report:p-1/${day(n)}`);
    const calls = await callsWhen(service, personId, (c) => c.filter((x) => x.input.obligation === 'daily-report').length === 3, 'three days planned');
    expect(calls.filter((c) => c.input.obligation === 'daily-report').map((c) => [c.input.key, c.input.dueAt, c.input.periodId, c.input.day])).toEqual(
      [1, 2, 3].map((n, i) => [keys[i], iso(endOfBeijingDay(day(n))), 'p-1', day(n)]),
    );

    // Day 1 reported during the day; day 2 missing.
    await skipTo(env, endOfBeijingDay(day(1)) - 2 * HOUR);
    await signal(handle, 'dailyReportRecorded', { periodId: 'p-1', day: day(1), at: await now() });
    await callsWhen(service, personId, (c) => c.some((x) => x.name === 'obligationMet' && x.input.key === keys[0]), 'day 1 met');
    await skipTo(env, endOfBeijingDay(day(2)) + HOUR);
    await callsWhen(service, personId, (c) => warnings(c, keys[1]).length === 1, 'day 2 yellow');
    await skipTo(env, endOfBeijingDay(day(2)) + 13 * HOUR);
    await callsWhen(service, personId, (c) => warnings(c, keys[1]).length === 2, 'day 2 red');
    expect(warnings(service.of(personId), keys[1])).toEqual([`${iso(endOfBeijingDay(day(2)))}:yellow`, `${iso(endOfBeijingDay(day(2)))}:red`]);
    expect(warnings(service.of(personId), keys[0])).toEqual([]);
    await signal(handle, 'dailyReportRecorded', { periodId: 'p-1', day: day(3), at: await now() });
    const s = await stateWhen(handle, (x) => !obligation(x, keys[2]), 'day 3 met');
    expect(s.specialPeriods).toEqual([{ periodId: 'p-1', startsOn: day(1), endsOn: day(3) }]);
    expect(obligation(s, keys[1])?.colour).toBe('red');
    expect(obligation(s, keys[0])).toBeUndefined();
  });

  it('counts a period in force at registration from the registration day', async () => {
    const today = beijingDay(await env.currentTimeMs());
    const day = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
    const { personId, handle } = await register('low', { specialPeriods: [{ periodId: 'p-2', startsOn: day(-2), endsOn: day(1) }] });
    await callsWhen(service, personId, (c) => c.filter((x) => x.name === 'planObligation').length === 5, 'two days planned');
    expect(service.of(personId, 'planObligation').map((c) => c.input.key)).toEqual([
      'contact',
      'assessment',
      'summary',
      `daily-report:p-2/${today}`,
      `daily-report:p-2/${day(1)}`,
    ]);
    expect((await stateOf(handle)).specialPeriods).toHaveLength(1);
  });
});

describe('removal and continuation', () => {
  it('ends the run when the person is removed', async () => {
    const { handle } = await register('medium');
    await signal(handle, 'removed', { at: await now() });
    const result = (await completed(env, handle)) as KeyPersonSupervisionState;
    expect(result.removed).toBe(true);
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  });

  it('continues as new past the history limit, keeping what is done and the warnings raised', async () => {
    const { personId, handle, registeredAt } = await register('high', { historyLimit: 30 });
    const due = plus(registeredAt, 7 * DAY);
    await skipTo(env, Date.parse(due) + HOUR);
    await callsWhen(service, personId, (c) => warnings(c).length === 1, 'the yellow warning');
    const contactAt = await now();
    await signal(handle, 'riskChanged', { riskLevel: 'medium', at: contactAt });
    await signal(handle, 'riskChanged', { riskLevel: 'high', at: contactAt });
    await signal(handle, 'summaryRecorded', { year: 2027, at: contactAt });
    await callsWhen(service, personId, (c) => plans(c, 'summary').length === 2, 'the summary re-plan');
    await stateWhen(handle, (s) => s.lastSummaryAt === contactAt, 'the summary kept');
    const d = await handle.describe();
    expect(d.runId).not.toBe(handle.firstExecutionRunId);

    await skipTo(env, Date.parse(due) + 2 * DAY + HOUR);
    await callsWhen(service, personId, (c) => warnings(c).length === 2, 'the red warning');
    const s = await stateOf(handle);
    expect(s).toMatchObject({ riskLevel: 'high', lastSummaryAt: contactAt, lastContactAt: null });
    expect(obligation(s, 'contact')).toMatchObject({ dueAt: due, colour: 'red' });
    // Never raised twice, never planned twice by a continuation.
    expect(warnings(service.of(personId))).toEqual([`${due}:yellow`, `${due}:red`]);
    expect(plans(service.of(personId))).toEqual([due, plus(registeredAt, 14 * DAY), due]);
  });
});

describe('the retention purge', () => {
  it('asks the service to purge as of the run’s time', async () => {
    const at = await env.currentTimeMs();
    const handle = await startPurge(env, `${PREFIX}.purge-1`, { queuePrefix: PREFIX });
    await expect(completed(env, handle)).resolves.toEqual({ purged: 3 });
    const call = service.calls.find((c) => c.name === 'purgeArchivedKeyPersons')!;
    expect(call.queue).toBe(taskQueue('key-persons', undefined, PREFIX));
    expect(Date.parse(call.input.asOf!) - at).toBeGreaterThanOrEqual(0);
    expect(Date.parse(call.input.asOf!) - at).toBeLessThan(60_000);
  });
});

describe('assessment and summary in calendar months, Beijing time', () => {
  it('the 31st is due on the last day of a shorter month; yellow at due, red 7 days later', async () => {
    // 02:00 on 31 May in Beijing is still 30 May in UTC: months count in Beijing time.
    const registeredAt = '2027-05-31T02:00:00+08:00';
    await skipTo(env, registeredAt);
    const { personId, handle } = await register('low', { registeredAt: iso(Date.parse(registeredAt)) });
    expect(service.of(personId, 'planObligation').map((c) => [c.input.key, c.input.dueAt])).toEqual([
      ['contact', iso(Date.parse(registeredAt) + 30 * DAY)],
      ['assessment', iso(Date.parse('2027-08-31T02:00:00+08:00'))],
      ['summary', iso(Date.parse('2028-05-31T02:00:00+08:00'))],
    ]);
    await signal(handle, 'contactRecorded', { contactId: 'c-1', at: await now() });
    await skipTo(env, Date.parse('2027-08-31T03:00:00+08:00'));
    await callsWhen(service, personId, (c) => warnings(c, 'assessment').length === 1, 'the assessment yellow');
    await signal(handle, 'assessmentApproved', { assessmentId: 'a-1', at: await now(), riskLevel: 'low' });
    // From 31 August + 3 months: 30 November.
    await callsWhen(service, personId, (c) => plans(c, 'assessment').length === 2, 'the next assessment');
    expect(beijingDay(Date.parse(plans(service.of(personId), 'assessment')[1]!))).toBe('2027-11-30');
    await skipTo(env, Date.parse('2028-05-31T03:00:00+08:00'));
    await callsWhen(service, personId, (c) => warnings(c, 'summary').length === 1, 'the summary yellow');
    await skipTo(env, Date.parse('2028-06-07T03:00:00+08:00'));
    await callsWhen(service, personId, (c) => warnings(c, 'summary').length === 2, 'the summary red');
    expect(warnings(service.of(personId), 'summary')).toEqual([
      `${iso(Date.parse('2028-05-31T02:00:00+08:00'))}:yellow`,
      `${iso(Date.parse('2028-05-31T02:00:00+08:00'))}:red`,
    ]);
  });
});
