/**
 * Records test/histories/*.json for replay.workflow-spec.ts: runs each scenario of the petition
 * process on the time-skipping server with fake intake and petitions services, and saves the
 * run's history.
 *
 *   npx nx run workflow-petition:record-histories
 *
 * Record new histories when the workflow gains behaviour; keep the old files as long as runs
 * recorded with that code may still be open in production.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';
import { PetitionClocks } from '@fengqiao/contracts';
import { historyToJSON } from '@fengqiao/testing/workflow';
import {
  act,
  clockOf,
  completed,
  COUNTY,
  eventually,
  MINUTE,
  officer,
  queryState,
  refusal,
  registerPetition,
  skipTo,
  startTimeline,
  type Timeline,
} from './support/petition.harness';

const OUT = join(__dirname, 'histories');
/** A Monday of a year with a loaded holiday notice. */
const SERVER_START = '2026-03-02T09:00:00+08:00';

interface Scenario {
  file: string;
  run(t: Timeline): Promise<{ handle: WorkflowHandle; open?: boolean }>;
}

const scenarios: Scenario[] = [
  {
    file: 'accepted-extended-answered-lapsed.json',
    async run(t) {
      const { handle } = await registerPetition(t);
      await refusal(act(handle, 'reply', { text: '答复' })); // refused in the validator
      await act(handle, 'accept', {});
      await act(handle, 'request-extension', { days: 30, reason: '案情复杂' });
      await act(handle, 'approve-extension', { approved: true });
      await act(handle, 'hearing-start', { reason: '举行听证' });
      await skipTo(t.env, (await t.env.currentTimeMs()) + 3 * 24 * 60 * MINUTE);
      await act(handle, 'hearing-end', {});
      const replied = await act(handle, 'reply', { text: '答复意见书' });
      await act(handle, 'rate', { score: 5 });
      await skipTo(t.env, Date.parse(clockOf(replied, PetitionClocks.reviewWindow).due) + MINUTE);
      await completed(t, handle);
      return { handle };
    },
  },
  {
    file: 'forwarded-objected-review-re-review.json',
    async run(t) {
      const { handle } = await registerPetition(t);
      await act(handle, 'forward', { mode: 'transfer', body: '县人社局', bodyOrgUnit: COUNTY });
      await act(handle, 'object', { reason: '不属本机关职责' });
      await act(handle, 'accept', {});
      await act(handle, 'reply', { text: '答复意见书' });
      await act(handle, 'request-review', { reason: '不服' });
      await act(handle, 'decide-review', { decision: 'upheld', text: '维持' });
      await act(handle, 'request-re-review', { reason: '不服', onBehalf: true }, officer);
      await act(handle, 'decide-re-review', { decision: 'upheld', text: '维持' });
      await completed(t, handle);
      return { handle };
    },
  },
  {
    file: 'acceptance-overdue-red.json',
    async run(t) {
      const { handle, caseNo } = await registerPetition(t);
      await skipTo(t.env, Date.parse(clockOf(await queryState(handle), PetitionClocks.acceptance).due) + MINUTE);
      await eventually(() => t.intake.of(caseNo).some((r) => r.detail['to'] === 'red'), 'red');
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
    const done = events.filter((e) => e.activityTaskCompletedEventAttributes).length;
    return scheduled === done && last?.workflowTaskCompletedEventAttributes ? history : undefined;
  }, `${handle.workflowId}: a settled history`);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const { t, stop } = await startTimeline('record-petition', SERVER_START);
  try {
    for (const s of scenarios) {
      const { handle, open = false } = await s.run(t);
      const history = await settledHistory(handle, open);
      if (open) await handle.terminate('history recorded');
      writeFileSync(join(OUT, s.file), `${await historyToJSON(history)}\n`);
      console.log(`recorded ${s.file} (${history.events?.length} events)`);
    }
  } finally {
    await stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
