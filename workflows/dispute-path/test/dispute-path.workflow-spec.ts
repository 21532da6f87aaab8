import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import {
  bundleDisputePath,
  caseWithWorkingDays,
  createRecordingIntake,
  createTimeSkippingEnv,
  disputeCase,
  queryState,
  skipTo,
  startDisputePath,
  startWorkers,
  warningReached,
  yellowPoint,
  type RecordingIntake,
} from './support/dispute-path.harness';

const PREFIX = 'wf-dispute-path';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('disputePath under time skipping', () => {
  let env: TestWorkflowEnvironment;
  let intake: RecordingIntake;
  let workers: { stop: () => Promise<void> };
  let started: WorkflowHandle[] = [];

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    intake = createRecordingIntake();
    workers = await startWorkers(env, PREFIX, await bundleDisputePath(), intake.activities);
  });

  afterAll(async () => {
    await workers?.stop();
    await env?.teardown();
  });

  afterEach(async () => {
    // The workflow waits for later stages forever; end each test's run so it cannot leak into the next.
    await Promise.all(started.map((h) => h.terminate('test finished').catch(() => undefined)));
    started = [];
  });

  async function start(input: Parameters<typeof startDisputePath>[1]) {
    const handle = await startDisputePath(env, input);
    started.push(handle);
    return handle;
  }

  describe('a case registered with a 1-working-day first-reply period', () => {
    it('stays green before 80 % of the period', async () => {
      const input = await caseWithWorkingDays(env, PREFIX, 1);
      const handle = await start(input);

      await skipTo(env, yellowPoint(input) - MINUTE);

      expect(await queryState(handle)).toEqual({ caseNo: input.caseNo, stage: 'first-contact', warning: 'green', firstReplyDue: input.firstReplyDue });
      expect(intake.attemptsFor(input.caseNo)).toEqual([]);
    });

    it('turns yellow after 80 % of the period and records one yellow warning', async () => {
      const input = await caseWithWorkingDays(env, PREFIX, 1);
      const handle = await start(input);

      await skipTo(env, yellowPoint(input) + MINUTE);
      await warningReached(handle, intake, input.caseNo, 'yellow', 1);

      expect(intake.recordedFor(input.caseNo)).toEqual([{ caseId: input.caseId, caseNo: input.caseNo, warning: 'yellow', reason: 'first-reply-80-percent' }]);
      // Still short of the due time: no red yet.
      await skipTo(env, Date.parse(input.firstReplyDue) - MINUTE);
      expect((await queryState(handle)).warning).toBe('yellow');
      expect(intake.recordedFor(input.caseNo)).toHaveLength(1);
    });

    it('turns red after the due time and records the red warning after the yellow one', async () => {
      const input = await caseWithWorkingDays(env, PREFIX, 1);
      const handle = await start(input);

      await skipTo(env, Date.parse(input.firstReplyDue) + MINUTE);
      await warningReached(handle, intake, input.caseNo, 'red', 2);

      expect(intake.recordedFor(input.caseNo).map((c) => [c.warning, c.reason])).toEqual([
        ['yellow', 'first-reply-80-percent'],
        ['red', 'first-reply-overdue'],
      ]);
    });
  });

  describe('a case whose yellow point has already passed at start', () => {
    it('goes straight to yellow, then red after the due time', async () => {
      const now = await env.currentTimeMs();
      const input = disputeCase(PREFIX, now - 20 * HOUR, now + 2 * HOUR); // yellow point 2.4 h ago
      const handle = await start(input);

      await warningReached(handle, intake, input.caseNo, 'yellow', 1);
      expect(intake.recordedFor(input.caseNo).map((c) => c.warning)).toEqual(['yellow']);

      await skipTo(env, Date.parse(input.firstReplyDue) + MINUTE);
      await warningReached(handle, intake, input.caseNo, 'red', 2);
      expect(intake.recordedFor(input.caseNo).map((c) => c.warning)).toEqual(['yellow', 'red']);
    });
  });

  describe('a case already overdue at start', () => {
    it('goes straight to red without a yellow warning', async () => {
      const now = await env.currentTimeMs();
      const input = disputeCase(PREFIX, now - 48 * HOUR, now - HOUR);
      const handle = await start(input);

      await warningReached(handle, intake, input.caseNo, 'red', 1);
      expect(intake.attemptsFor(input.caseNo).map((c) => c.warning)).toEqual(['red']);
    });
  });

  describe('a failing warning activity', () => {
    it('is retried until it succeeds, and the warning is recorded once', async () => {
      const now = await env.currentTimeMs();
      const input = disputeCase(PREFIX, now - 20 * HOUR, now + 2 * HOUR);
      intake.failNextAttempts(input.caseNo, 1);
      const handle = await start(input);

      await warningReached(handle, intake, input.caseNo, 'yellow', 1);

      expect(intake.attemptsFor(input.caseNo).map((c) => c.warning)).toEqual(['yellow', 'yellow']);
      expect(intake.recordedFor(input.caseNo).map((c) => c.warning)).toEqual(['yellow']);
    });
  });

  describe('a warning activity that keeps failing until the due time', () => {
    it('does not hold red back: yellow gives up at the due time and red is recorded', async () => {
      const now = await env.currentTimeMs();
      const input = disputeCase(PREFIX, now - 20 * HOUR, now + 2 * HOUR); // yellow point passed, due in 2 h
      intake.failNextAttempts(input.caseNo, 10_000); // every yellow attempt fails ...
      const handle = await start(input);
      await skipTo(env, Date.parse(input.firstReplyDue) - MINUTE);
      expect((await queryState(handle)).warning).toBe('green'); // ... and the query never shows an unstored yellow
      await skipTo(env, Date.parse(input.firstReplyDue) + 2 * MINUTE); // past due: yellow has given up, red is being tried
      expect(intake.attemptsFor(input.caseNo).some((c) => c.warning === 'red')).toBe(true);
      intake.failNextAttempts(input.caseNo, 0); // intake is back: red gets through
      await skipTo(env, Date.parse(input.firstReplyDue) + 5 * MINUTE);
      await warningReached(handle, intake, input.caseNo, 'red', 1);
      expect(intake.recordedFor(input.caseNo).map((c) => c.warning)).toEqual(['red']);
    });
  });

  describe('a case whose dates cannot be read', () => {
    it('fails the run instead of turning red at once', async () => {
      const now = await env.currentTimeMs();
      const input = { ...disputeCase(PREFIX, now, now + HOUR), firstReplyDue: 'not a date' };
      const handle = await start(input);
      await expect(handle.result()).rejects.toThrow(/Workflow execution failed/);
      expect(intake.attemptsFor(input.caseNo)).toEqual([]);
    });
  });
});
