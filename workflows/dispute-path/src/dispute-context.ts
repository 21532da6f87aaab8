import { proxyActivities } from '@temporalio/workflow';
import { BUILT_IN_NOTICES, WorkCalendar, type HolidayNotice } from '@fengqiao/calendar';
import {
  taskQueue,
  type CaseClock,
  type DisputePathInput,
  type DisputeState,
  type IntakeActivities,
  type MediationActivities,
  type RoutingRule,
  type TransitionRecord,
  type CaseStepType,
} from '@fengqiao/contracts';
import { clockAllowedActions, disputeAllowedActions as allowedActions, startClock, worstColour, type ClockSpec } from '@fengqiao/rules';
import { REFUSALS } from './refusals';

const RETRY = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' } as const;
/** The actor of the run's own steps (clocks, automatic escalation, the court's answer). */
export const SYSTEM = 'system';

export type DisputeRunInput = DisputePathInput & { rule: RoutingRule; ruleVersion: number };

/**
 * What every stage of a dispute run works on: the state the query answers, the rule and calendar
 * its clocks use, and the one way a step is stored (`record`). Stage modules take it as `ctx`.
 */
export class DisputeContext {
  readonly state: DisputeState;
  /** Replaced when a year's holidays arrive (holidaysLoaded). */
  calendar: WorkCalendar;
  readonly rule: RoutingRule;
  readonly deadlines = { firstReplyDue: null as string | null, mediationDue: null as string | null, jointHandlingDue: null as string | null };
  private readonly intake: IntakeActivities;

  constructor(readonly input: DisputeRunInput) {
    this.rule = input.rule;
    this.calendar = new WorkCalendar([...BUILT_IN_NOTICES, ...((input.extraNotices ?? []) as HolidayNotice[])]);
    this.intake = proxyActivities<IntakeActivities>({ taskQueue: taskQueue('intake', undefined, input.queuePrefix), startToCloseTimeout: '30s', retry: RETRY });
    this.state = {
      caseNo: input.caseNo,
      status: 'first-contact',
      outcome: null,
      warning: 'green',
      ruleVersion: input.ruleVersion,
      mediator: null,
      joint: null,
      feedbackRecorded: false,
      rating: null,
      judicialConfirmation: null,
      clocks: [],
      allowedActions: [],
      seq: 0,
    };
  }

  /**
   * The mediation service of the centre that serves `orgUnit`. For a person's action it waits at
   * most two minutes, then the action is refused, not hung; the run's own steps (clocks, signals)
   * wait as long as it takes, since failing them would end the case's process.
   */
  mediation(orgUnit: string, patient = false): MediationActivities {
    return proxyActivities<MediationActivities>({
      taskQueue: taskQueue('mediation', orgUnit, this.input.queuePrefix),
      startToCloseTimeout: '30s',
      ...(patient ? {} : { scheduleToCloseTimeout: '2m' }),
      retry: { ...RETRY, nonRetryableErrorTypes: REFUSALS },
    });
  }

  now(): string {
    return new Date(Date.now()).toISOString();
  }

  running(id: string): boolean {
    return this.state.clocks.some((c) => c.id === id);
  }

  clock(id: string): CaseClock | undefined {
    return this.state.clocks.find((c) => c.id === id);
  }

  /** A clock computed but not yet running (started once the step it belongs to is stored). */
  startLater(spec: ClockSpec, at = Date.now()): CaseClock {
    return startClock(this.calendar, this.rule, spec, at);
  }

  start(spec: ClockSpec, at = Date.now()): CaseClock {
    this.stop(spec.id);
    const clock = this.startLater(spec, at);
    this.state.clocks.push(clock);
    return clock;
  }

  stop(id: string): CaseClock | undefined {
    const i = this.state.clocks.findIndex((c) => c.id === id);
    return i < 0 ? undefined : this.state.clocks.splice(i, 1)[0];
  }

  /** Stores one step in intake (timeline, case row, event) with the state after it; the next seq. */
  async record(type: CaseStepType, actor: string, detail: Record<string, unknown>, openSupervision?: TransitionRecord['openSupervision']) {
    const s = this.state;
    s.seq += 1;
    s.warning = worstColour(s.clocks);
    s.allowedActions = allowedActions(s);
    s.clockActions = clockAllowedActions(s);
    await this.intake.recordTransition({
      caseId: this.input.caseId,
      caseNo: this.input.caseNo,
      seq: s.seq,
      type,
      actor,
      at: this.now(),
      detail,
      state: {
        status: s.status,
        outcome: s.outcome,
        warning: s.warning,
        mediator: s.mediator,
        joint: s.joint,
        clocks: s.clocks,
        allowedActions: s.allowedActions,
        rating: s.rating,
        clockActions: s.clockActions,
        extensionRequest: s.extensionRequest ?? null,
        deadlines: { ...this.deadlines },
      },
      ...(openSupervision ? { openSupervision } : {}),
    });
  }
}
