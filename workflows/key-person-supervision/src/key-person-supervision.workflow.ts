import { condition, continueAsNew, defineQuery, defineSignal, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  KeyPersonQueries,
  KeyPersonSignals,
  taskQueue,
  type AssessmentApprovedSignal,
  type ContactRecordedSignal,
  type DailyReportRecordedSignal,
  type KeyPersonActivities,
  type KeyPersonPurgeActivities,
  type KeyPersonPurgeInput,
  type KeyPersonSupervisionInput,
  type KeyPersonSupervisionState,
  type RemovedSignal,
  type RiskChangedSignal,
  type SpecialPeriodDeclaredSignal,
  type SummaryRecordedSignal,
} from '@fengqiao/contracts';
import { SupervisionPlan, type SupervisionEffect } from './supervision-plan';

const RETRY = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' } as const;
/** A run continues as new past this many history events (or when the server suggests it). */
export const HISTORY_LIMIT = 2000;

export const stateQuery = defineQuery<KeyPersonSupervisionState>(KeyPersonQueries.state);
export const keyPersonSignals = {
  contactRecorded: defineSignal<[ContactRecordedSignal]>(KeyPersonSignals.contactRecorded),
  assessmentApproved: defineSignal<[AssessmentApprovedSignal]>(KeyPersonSignals.assessmentApproved),
  riskChanged: defineSignal<[RiskChangedSignal]>(KeyPersonSignals.riskChanged),
  summaryRecorded: defineSignal<[SummaryRecordedSignal]>(KeyPersonSignals.summaryRecorded),
  specialPeriodDeclared: defineSignal<[SpecialPeriodDeclaredSignal]>(KeyPersonSignals.specialPeriodDeclared),
  dailyReportRecorded: defineSignal<[DailyReportRecordedSignal]>(KeyPersonSignals.dailyReportRecorded),
  removed: defineSignal<[RemovedSignal]>(KeyPersonSignals.removed),
};

/** The run's input; `historyLimit` lets tests force a continuation with a short history. */
export type KeyPersonSupervisionRunInput = KeyPersonSupervisionInput & { historyLimit?: number };

/**
 * One person's supervision (id `key-person-<personId>`): contact by risk level, quarterly assessment,
 * annual summary and special-period daily reports, each green until due, yellow at its due time, red
 * later (the service puts a red one before the leader). The service signals what was done after its
 * own write; the run tells it every due time, every obligation met and every warning. Ids and times
 * only: nothing here names a person.
 */
export async function keyPersonSupervision(input: KeyPersonSupervisionRunInput): Promise<KeyPersonSupervisionState> {
  const service = proxyActivities<KeyPersonActivities>({
    taskQueue: taskQueue('key-persons', undefined, input.queuePrefix),
    startToCloseTimeout: '30s',
    retry: RETRY,
  });
  // A continued run's due times were told by the run before it.
  const plan = new SupervisionPlan(input, !workflowInfo().continuedFromExecutionRunId);

  setHandler(stateQuery, () => plan.state);
  setHandler(keyPersonSignals.contactRecorded, (s) => plan.contactRecorded(s.at));
  setHandler(keyPersonSignals.assessmentApproved, (s) => plan.assessmentApproved(s.at, s.riskLevel));
  setHandler(keyPersonSignals.riskChanged, (s) => plan.riskChanged(s.riskLevel));
  setHandler(keyPersonSignals.summaryRecorded, (s) => plan.summaryRecorded(s.at));
  setHandler(keyPersonSignals.specialPeriodDeclared, (s) => plan.addSpecialPeriod(s));
  setHandler(keyPersonSignals.dailyReportRecorded, (s) => plan.dailyReportRecorded(s.periodId, s.day, s.at));
  setHandler(keyPersonSignals.removed, () => plan.removed());

  const send = (e: SupervisionEffect): Promise<void> =>
    e.kind === 'plan'
      ? service.planObligation(e.ref)
      : e.kind === 'met'
        ? service.obligationMet({ ...e.ref, metAt: e.metAt })
        : service.raiseWarning({ ...e.ref, colour: e.colour, at: e.at });
  const limit = input.historyLimit ?? HISTORY_LIMIT;
  const tooLong = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > limit;

  for (;;) {
    plan.tick(Date.now());
    // In order, one at a time: a re-plan reaches the service after the met it follows.
    while (plan.effects.length > 0) {
      await send(plan.effects.shift()!);
      plan.tick(Date.now());
    }
    if (plan.state.removed) return plan.state;
    if (tooLong()) await continueAsNew<typeof keyPersonSupervision>({ ...plan.continuation(input) });
    const next = plan.nextChangeMs();
    const wake = () => plan.effects.length > 0 || plan.state.removed;
    if (next === undefined) await condition(wake);
    else if (next > Date.now()) await condition(wake, next - Date.now());
  }
}

/** The retention purge a daily Schedule starts: archived records past their retention lose their personal data. */
export async function keyPersonPurge(input: KeyPersonPurgeInput = {}): Promise<{ purged: number }> {
  const service = proxyActivities<KeyPersonPurgeActivities>({
    taskQueue: taskQueue('key-persons', undefined, input.queuePrefix),
    startToCloseTimeout: '5 minutes',
    retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
  });
  return service.purgeArchivedKeyPersons({ asOf: new Date(Date.now()).toISOString() });
}
