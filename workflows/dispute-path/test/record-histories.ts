/**
 * Records test/histories/v2/*.json for replay.workflow-spec.ts: runs each scenario of the current
 * workflow (`stages-v2`) on the time-skipping server, with the fake intake and mediation
 * services, and saves the run's history.
 *
 *   npx nx run workflow-dispute-path:record-histories
 *
 * Record new histories when the workflow gains behaviour; keep the old files (histories/v1 are the
 * first version's, replayed through legacyFirstReply) as long as runs recorded with that code may
 * still be open in production.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';
import {
  act,
  ACTORS,
  completed,
  COUNTY_UNIT,
  eventually,
  HOME_UNIT,
  MINUTE,
  refusal,
  registerCase,
  signalJudicialConfirmation,
  skipTo,
  startTimeline,
  transitionRecorded,
  warningRecorded,
  type Timeline,
} from './support/dispute-path.harness';
import { historyToJSON } from '@fengqiao/testing/workflow';

const PREFIX = 'record-dispute-path';
const OUT = join(__dirname, 'histories', 'v2');
/** A Monday of a year with a loaded holiday notice: the recorded dates are plain working days. */
const SERVER_START = '2026-03-02T09:00:00+08:00';

interface Scenario {
  file: string;
  /** Runs the case; resolves to its handle once the run has completed or reached its last step. */
  run(t: Timeline): Promise<{ handle: WorkflowHandle; open?: boolean }>;
}

const now = async (t: Timeline) => t.env.currentTimeMs();

const scenarios: Scenario[] = [
  {
    file: 'first-contact-resolved-closed.json',
    async run(t) {
      const { handle } = await registerCase(t, { registeredAt: await now(t) });
      await refusal(act(handle, 'rate', { score: 5 })); // refused in the validator
      await act(handle, 'reply', { message: '已电话答复，双方当场和解', resolved: true });
      await act(handle, 'feedback', { message: '当事人满意', channel: 'phone' });
      await act(handle, 'rate', { score: 5 });
      await completed(t, handle);
      return { handle };
    },
  },
  {
    file: 'mediation-agreement-confirmed.json',
    async run(t) {
      const { input, handle } = await registerCase(t, { registeredAt: await now(t), category: 'labour', severity: 'difficult' });
      t.mediation.noMediatorFor(input.caseId);
      await refusal(act(handle, 'assign', {})); // accepted, then refused by the mediation service
      t.mediation.noMediatorFor(input.caseId, false);
      await act(handle, 'assign', {});
      await act(handle, 'session', { at: '2026-03-02T15:00:00+08:00', summary: '首次调解', participants: ['申请人', '被申请人'] });
      await act(handle, 'conclude', { outcome: 'agreement', summary: '达成协议', agreement: '被申请人支付工资 8000 元' });
      await act(handle, 'feedback', { message: '回访满意', channel: 'sms' });
      await act(handle, 'rate', { score: 4 });
      await signalJudicialConfirmation(handle, { decidedAt: '2026-03-02T16:00:00+08:00' });
      await completed(t, handle);
      return { handle };
    },
  },
  {
    file: 'joint-handling-two-units.json',
    async run(t) {
      const { handle } = await registerCase(t, { registeredAt: await now(t), severity: 'major' });
      await act(handle, 'escalate', {
        reason: '涉及治安和房屋安全',
        departments: [
          { department: 'public-security', orgUnit: HOME_UNIT },
          { department: 'housing', orgUnit: COUNTY_UNIT },
        ],
      });
      await act(handle, 'report-in', { department: 'public-security' }, ACTORS.police);
      await act(handle, 'report-in', { department: 'housing' }, ACTORS.housing);
      await act(handle, 'dept-result', { department: 'public-security', summary: '已出警调查' }, ACTORS.police);
      await act(handle, 'dept-result', { department: 'housing', summary: '房屋安全鉴定完成' }, ACTORS.housing);
      await act(handle, 'conclude', { outcome: 'referred-litigation', summary: '引导起诉' });
      await act(handle, 'feedback', { message: '已告知诉讼途径', channel: 'in-person' });
      await act(handle, 'rate', { score: 4 });
      await completed(t, handle);
      return { handle };
    },
  },
  {
    file: 'low-rating-review-reopened.json',
    async run(t) {
      const { handle } = await registerCase(t, { registeredAt: await now(t) });
      await act(handle, 'reply', { message: '已答复', resolved: true });
      await act(handle, 'feedback', { message: '电话回访', channel: 'phone' });
      await act(handle, 'rate', { score: 2, comment: '不满意' });
      await act(handle, 'return-visit', { summary: '当事人仍有异议', resolved: false });
      await act(handle, 'assign', {});
      await act(handle, 'conclude', { outcome: 'withdrawn', summary: '申请人撤回' });
      await act(handle, 'feedback', { message: '已结案', channel: 'phone' });
      await act(handle, 'rate', { score: 3 });
      await completed(t, handle);
      return { handle };
    },
  },
  {
    // Last: it skips the server's clock past the first-reply due time.
    file: 'no-reply-yellow-red.json',
    async run(t) {
      const { input, handle } = await registerCase(t, { registeredAt: await now(t) });
      const due = Date.parse((await transitionRecorded(t.intake, input.caseNo, 'routed')).state.deadlines.firstReplyDue!);
      await skipTo(t.env, due + MINUTE);
      await warningRecorded(t.intake, input.caseNo, 'first-reply', 'red');
      return { handle, open: true };
    },
  },
];

/** The history once its last workflow task has completed and every activity result is in it. */
async function settledHistory(handle: WorkflowHandle, open: boolean): Promise<History> {
  return eventually(async () => {
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    const last = events[events.length - 1];
    if (!open) return last?.workflowExecutionCompletedEventAttributes ? history : undefined;
    const scheduled = events.filter((e) => e.activityTaskScheduledEventAttributes).length;
    const completedActivities = events.filter((e) => e.activityTaskCompletedEventAttributes).length;
    return scheduled === completedActivities && last?.workflowTaskCompletedEventAttributes ? history : undefined;
  }, `${handle.workflowId}: a settled history`);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const t = await startTimeline(PREFIX, SERVER_START);
  try {
    for (const s of scenarios) {
      const { handle, open = false } = await s.run(t);
      const history = await settledHistory(handle, open);
      if (open) await handle.terminate('history recorded');
      writeFileSync(join(OUT, s.file), `${await historyToJSON(history)}\n`);
      console.log(`recorded v2/${s.file} (${history.events?.length} events)`);
    }
  } finally {
    await t.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
