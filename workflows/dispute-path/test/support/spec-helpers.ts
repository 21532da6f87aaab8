import type { CaseClock, DisputeState } from '@fengqiao/contracts';
import { iso, MINUTE, settle, skipTo, startTimeline, warningRecorded, type RecordedTransition, type Timeline } from './dispute-path.harness';

/*
 * Every describe block owns one time-skipping server (its own timeline): the server's clock
 * starts at the instant given (FQ_TEST_SERVER_START_MS) and only moves forward, so periods across
 * the 2026 Spring Festival and National Day are tested from before them. Instants in ISO literals
 * are +08:00 wall times written as UTC: 23:59:59 +08:00 is 15:59:59Z.
 */
export function useTimeline(name: string, startAt?: string): () => Timeline {
  let t: Timeline | undefined;
  beforeAll(async () => {
    t = await startTimeline(`wf-${name}`, startAt);
  });
  afterAll(async () => {
    await t?.stop();
  });
  return () => {
    if (!t) throw new Error('timeline not started');
    return t;
  };
}

export const clockOf = (state: Pick<DisputeState, 'clocks'>, id: string): CaseClock => {
  const clock = state.clocks.find((c) => c.id === id);
  if (!clock) throw new Error(`no running clock ${id} in [${state.clocks.map((c) => c.id).join(', ')}]`);
  return clock;
};

/** The instant at `yellowAt` (0.8) of a clock's period, as the workflow computes it. */
export const yellowPointOf = (startedAt: string, due: string) => iso(Date.parse(startedAt) + Math.round((Date.parse(due) - Date.parse(startedAt)) * 0.8));

export function expectBetween(at: string, from: string | number, toExclusive: number) {
  const ms = Date.parse(at);
  const start = typeof from === 'number' ? from : Date.parse(from);
  expect(ms).toBeGreaterThanOrEqual(start);
  expect(ms).toBeLessThan(toExclusive);
}

/**
 * Walks a counting clock through its colours: green a minute before its yellow point, yellow
 * stored just after it; not red a minute before the due instant, red (with a supervision item)
 * a minute after it. Returns the red transition.
 */
export async function expectClockColours(
  t: Timeline,
  caseNo: string,
  clock: Pick<CaseClock, 'id' | 'orgUnit' | 'kind' | 'yellowAt' | 'due'>,
): Promise<RecordedTransition> {
  const yellowAt = Date.parse(clock.yellowAt);
  const due = Date.parse(clock.due);

  await skipTo(t.env, yellowAt - MINUTE);
  await settle();
  expect(t.intake.warningsOf(caseNo, clock.id)).toEqual([]);

  await skipTo(t.env, yellowAt + MINUTE);
  const yellow = await warningRecorded(t.intake, caseNo, clock.id, 'yellow');
  expectBetween(yellow.at, yellowAt, yellowAt + MINUTE);
  expect(yellow.detail).toMatchObject({ clock: clock.id, from: 'green', to: 'yellow', due: clock.due });
  expect(yellow.openSupervision).toBeUndefined();

  await skipTo(t.env, due - MINUTE);
  await settle();
  expect(t.intake.warningsOf(caseNo, clock.id).map((w) => w.detail.to)).toEqual(['yellow']);

  await skipTo(t.env, due + MINUTE);
  const red = await warningRecorded(t.intake, caseNo, clock.id, 'red');
  expectBetween(red.at, due + 1, due + MINUTE);
  expect(red.detail).toMatchObject({ clock: clock.id, from: 'yellow', to: 'red', due: clock.due });
  expect(red.openSupervision).toEqual([{ clockId: clock.id, orgUnit: clock.orgUnit, reason: `${clock.kind}-overdue`, due: clock.due }]);
  expect(t.intake.warningsOf(caseNo, clock.id).map((w) => w.detail.to)).toEqual(['yellow', 'red']);
  return red;
}

export function expectSeqsInOrder(records: RecordedTransition[]) {
  expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
}
