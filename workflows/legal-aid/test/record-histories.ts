/**
 * Records test/histories/*.json for replay.workflow-spec.ts: runs each scenario of the legal-aid
 * process on the time-skipping server with fake intake and legal-aid services, and saves the run's
 * history.
 *
 *   npx nx run workflow-legal-aid:record-histories
 *
 * Record new histories when the workflow gains behaviour; keep the old files as long as runs
 * recorded with that code may still be open in production.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';
import { LegalAidClocks } from '@fengqiao/contracts';
import { historyToJSON } from '@fengqiao/testing/workflow';
import {
  act,
  AssignmentFailureTypes,
  clockOf,
  completed,
  eventually,
  facts,
  MINUTE,
  otherLawyer,
  refusal,
  registerLegalAid,
  skipTo,
  startTimeline,
  type Timeline,
} from './support/legal-aid.harness';

const OUT = join(__dirname, 'histories');
/** A Monday of a year with a loaded holiday notice. */
const SERVER_START = '2026-03-02T09:00:00+08:00';

interface Scenario {
  file: string;
  run(t: Timeline): Promise<{ handle: WorkflowHandle }>;
}

const scenarios: Scenario[] = [
  {
    file: 'granted-assigned-closed-aided.json',
    async run(t) {
      const { handle, caseNo } = await registerLegalAid(t);
      await refusal(act(handle, 'grant', {})); // refused in the validator
      await act(handle, 'apply', facts());
      const granted = await act(handle, 'grant', { note: '符合条件' });
      await skipTo(t.env, Date.parse(clockOf(granted, LegalAidClocks.assignment).yellowAt) + MINUTE);
      await eventually(() => t.intake.of(caseNo).some((r) => r.detail['to'] === 'yellow'), 'yellow');
      t.legalAid.control.refuseNext = AssignmentFailureTypes.full;
      await refusal(act(handle, 'assign', {})); // refused by the service: nothing changes
      await act(handle, 'assign', {});
      await act(handle, 'court-filed', { court: '某县人民法院', courtCaseNo: '（2026）甘1102民初1号', filedOn: '2026-03-05' });
      await act(handle, 'matter-ended', { result: 'judgment-won', endedOn: '2026-03-20' });
      await refusal(act(handle, 'file-closure', { summary: '胜诉', materials: ['判决书'] }, otherLawyer));
      await act(handle, 'file-closure', { summary: '胜诉', materials: ['判决书'] });
      await act(handle, 'review-quality', { grade: 'good' });
      await act(handle, 'rate', { score: 5 });
      await completed(t, handle);
      return { handle };
    },
  },
  {
    file: 'refused-objected-corrected-terminated-lapsed.json',
    async run(t) {
      const { handle } = await registerLegalAid(t);
      await act(handle, 'apply', facts());
      await act(handle, 'refuse', { reasons: ['经济困难条件不符'], text: '不予法律援助决定书' });
      await act(handle, 'object', { reason: '收入计算有误' });
      await act(handle, 'decide-objection', { decision: 'corrected', text: '责令给予法律援助' });
      await act(handle, 'assign', {});
      const terminated = await act(handle, 'terminate', { reason: 'own-lawyer', text: '自行委托律师' });
      await skipTo(t.env, Date.parse(clockOf(terminated, LegalAidClocks.objectionWindow).due) + MINUTE);
      await completed(t, handle);
      return { handle };
    },
  },
  {
    file: 'materials-requested-deemed-withdrawn.json',
    async run(t) {
      const { handle } = await registerLegalAid(t);
      await act(handle, 'apply', facts({ limitationEndsOn: '2026-03-31' }));
      await refusal(act(handle, 'advance-aid', { ground: 'limitation-period', note: '时效' })); // too far off (§44)
      const asked = await act(handle, 'request-materials', { missing: ['劳动合同'] });
      await skipTo(t.env, Date.parse(clockOf(asked, LegalAidClocks.materials).due) + MINUTE);
      await completed(t, handle);
      return { handle };
    },
  },
];

/** The history once its last workflow task has completed. */
async function settledHistory(handle: WorkflowHandle): Promise<History> {
  return eventually(async () => {
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    return events[events.length - 1]?.workflowExecutionCompletedEventAttributes ? history : undefined;
  }, `${handle.workflowId}: a settled history`);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const { t, stop } = await startTimeline('record-legal-aid', SERVER_START);
  try {
    for (const s of scenarios) {
      const { handle } = await s.run(t);
      const history = await settledHistory(handle);
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
