import { proxyActivities } from '@temporalio/workflow';
import { BUILT_IN_NOTICES, WorkCalendar, type HolidayNotice } from '@fengqiao/calendar';
import {
  AssignmentFailureTypes,
  LegalAidClocks,
  taskQueue,
  type ApplicationFacts,
  type CaseClock,
  type DisputePathInput,
  type DisputeState,
  type EligibilityAssessment,
  type IntakeActivities,
  type IntakePartyActivities,
  type LegalAidActivities,
  type TransitionRecord,
  type CaseStepType,
} from '@fengqiao/contracts';
import {
  legalAidAllowedActions,
  legalAidPeriodsAt,
  startClockOn,
  worstColour,
  type LegalAidFlags,
  type LegalAidPeriodName,
  type LegalAidPeriods,
} from '@fengqiao/rules';

const RETRY = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' } as const;
/** The actor of the run's own steps (clocks, lapsed windows). */
export const SYSTEM = 'system';

/** What the legal-aid file holds beyond the common case state (the query answers both). */
export interface LegalAidFacts extends LegalAidFlags {
  providerName: string | null;
  /** The assigned provider's login: only they (or an officer) take the provider's actions. */
  providerUsername: string | null;
  matter: string | null;
  assessment: Pick<EligibilityAssessment, 'outcome' | 'economic'> | null;
  decision: 'granted' | 'refused' | null;
  /** Version of the law's periods this run keeps for life (libs/rules legal-aid.periods.ts). */
  periodsVersion: number;
}

/** The query `state` and every update answer with this: the common case state plus the legal-aid facts. */
export type LegalAidState = DisputeState & { legalAid: LegalAidFacts };

/**
 * What every step of a legal-aid run works on: its state, the periods and calendar its clocks use,
 * and the one way a step is stored (`record`): in the legal-aid service's file, then in intake's
 * timeline (case row, event) with the state after it.
 */
export class LegalAidContext {
  readonly state: LegalAidState;
  /** Replaced when a year's holidays arrive (holidaysLoaded). */
  calendar: WorkCalendar;
  readonly periods: LegalAidPeriods;
  /** intake's deadline columns: the review (decision) due shows as the first-reply deadline, the assignment's as the next. */
  readonly deadlines = { firstReplyDue: null as string | null, mediationDue: null as string | null, jointHandlingDue: null as string | null };
  /** The application's facts as given (the §44 grounds are checked on them); not part of the query answer. */
  facts: ApplicationFacts | null = null;
  private readonly intake: IntakeActivities;

  constructor(readonly input: DisputePathInput) {
    this.periods = legalAidPeriodsAt(input.registeredAt, input.legalAidSettings ?? {});
    this.calendar = new WorkCalendar([...BUILT_IN_NOTICES, ...((input.extraNotices ?? []) as HolidayNotice[])]);
    this.intake = proxyActivities<IntakeActivities>({ taskQueue: taskQueue('intake', undefined, input.queuePrefix), startToCloseTimeout: '30s', retry: RETRY });
    this.state = {
      caseNo: input.caseNo,
      status: 'application',
      outcome: null,
      warning: 'green',
      ruleVersion: input.ruleVersion ?? 0,
      mediator: null,
      joint: null,
      feedbackRecorded: false,
      rating: null,
      judicialConfirmation: null,
      clocks: [],
      extensionRequest: null,
      allowedActions: [],
      clockActions: [],
      seq: 0,
      legalAid: {
        materialsRequested: false,
        advanceAid: false,
        providerId: null,
        providerName: null,
        providerUsername: null,
        matter: null,
        assessment: null,
        decision: null,
        periodsVersion: this.periods.version,
      },
    };
  }

  /** intake's party keys for the conflict check; a person's action waits at most two minutes. */
  parties(): IntakePartyActivities {
    return proxyActivities<IntakePartyActivities>({
      taskQueue: taskQueue('intake', undefined, this.input.queuePrefix),
      startToCloseTimeout: '30s',
      scheduleToCloseTimeout: '2m',
      retry: RETRY,
    });
  }

  /**
   * The legal-aid service (task queue `legal-aid`, as the petition run reaches `petitions`). For a
   * person's action it waits at most two minutes, then the action is refused, not hung; the run's
   * own steps wait up to a day and then go on without it (intake's timeline still has the step).
   * An assignment's refusals (conflict, full, unknown, none) are never retried.
   */
  legalAid(patient: boolean): LegalAidActivities {
    return proxyActivities<LegalAidActivities>({
      taskQueue: taskQueue('legal-aid', undefined, this.input.queuePrefix),
      startToCloseTimeout: '30s',
      scheduleToCloseTimeout: patient ? '1d' : '2m',
      retry: { ...RETRY, nonRetryableErrorTypes: Object.values(AssignmentFailureTypes) },
    });
  }

  now(): string {
    return new Date(Date.now()).toISOString();
  }

  clock(id: string): CaseClock | undefined {
    return this.state.clocks.find((c) => c.id === id);
  }

  /** Starts the clock of one of the law's periods from `at`, replacing a running one of the same id. */
  start(name: LegalAidPeriodName, o: { at?: number } = {}): CaseClock {
    const id = LegalAidClocks[name];
    this.stop(id);
    const period = this.periods.periods[name];
    const clock = startClockOn(
      this.calendar,
      period,
      this.periods.yellowAt,
      { id, kind: id, owner: period.owner, orgUnit: this.input.orgUnit, counts: period.counts },
      o.at ?? Date.now(),
    );
    this.state.clocks.push(clock);
    return clock;
  }

  stop(...ids: string[]): void {
    this.state.clocks = this.state.clocks.filter((c) => !ids.includes(c.id));
  }

  /** Closed with its outcome: every clock stops. */
  close(outcome: NonNullable<LegalAidState['outcome']>): void {
    this.state.status = 'closed';
    this.state.outcome = outcome;
    this.state.clocks = [];
    this.state.extensionRequest = null;
  }

  /**
   * Stores one step. `file`: it belongs in the legal-aid file too (every step of the law's procedure)
   * and goes to the legal-aid service first, once there is an application to file it under;
   * `patient` for the run's own steps.
   */
  async record(
    type: CaseStepType,
    actor: string,
    detail: Record<string, unknown>,
    o: { file?: boolean; patient?: boolean; openSupervision?: TransitionRecord['openSupervision'] } = {},
  ): Promise<void> {
    const s = this.state;
    s.seq += 1;
    s.warning = worstColour(s.clocks);
    s.allowedActions = legalAidAllowedActions(s);
    s.clockActions = [];
    const at = this.now();
    if (o.file && s.legalAid.matter !== null) {
      const step = { caseId: this.input.caseId, caseNo: this.input.caseNo, orgUnit: this.input.orgUnit, seq: s.seq, type, actor, at, detail, status: s.status };
      if (o.patient) {
        try {
          await this.legalAid(true).recordLegalAidStep(step);
        } catch {
          // A day without the legal-aid service: the step stays in intake's timeline; the run goes on.
        }
      } else {
        await this.legalAid(false).recordLegalAidStep(step);
      }
    }
    await this.intake.recordTransition({
      caseId: this.input.caseId,
      caseNo: this.input.caseNo,
      seq: s.seq,
      type,
      actor,
      at,
      detail,
      state: {
        status: s.status,
        outcome: s.outcome,
        warning: s.warning,
        mediator: null,
        joint: null,
        clocks: s.clocks,
        allowedActions: s.allowedActions,
        rating: s.rating,
        clockActions: s.clockActions ?? [],
        extensionRequest: s.extensionRequest ?? null,
        deadlines: { ...this.deadlines },
      },
      ...(o.openSupervision ? { openSupervision: o.openSupervision } : {}),
    });
  }
}
