import { proxyActivities } from '@temporalio/workflow';
import { BUILT_IN_NOTICES, WorkCalendar, type HolidayNotice } from '@fengqiao/calendar';
import {
  PetitionClocks,
  taskQueue,
  type CaseClock,
  type DisputePathInput,
  type DisputeState,
  type IntakeActivities,
  type PetitionActivities,
  type TransitionRecord,
  type CaseStepType,
} from '@fengqiao/contracts';
import { petitionAllowedActions, petitionPeriodsAt, startClockOn, worstColour, type PetitionPeriodName, type PetitionPeriods } from '@fengqiao/rules';

const RETRY = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' } as const;
/** The actor of the run's own steps (clocks, lapsed windows). */
export const SYSTEM = 'system';

/** What the petition's file holds beyond the common case state (the query answers both). */
export interface PetitionFacts {
  /** Version of the regulation's periods this run keeps for life (libs/rules petition.periods.ts). */
  periodsVersion: number;
  forwardedTo: { mode: string; body: string; bodyOrgUnit: string; at: string } | null;
  notAccepted: { reason: string; channel: string | null } | null;
  /** The one extension granted (§34). */
  extension: { days: number; reason: string; approvedBy: string } | null;
  reviewDecision: string | null;
  reReviewDecision: string | null;
}

/** The query `state` and every update answer with this: the common case state the gateway and intake read, plus the petition's facts. */
export type PetitionState = DisputeState & { petition: PetitionFacts };

/**
 * What every step of a petition run works on: its state, the periods and calendar its clocks use,
 * and the one way a step is stored (`record`): in the petitions service's file, then in intake's
 * timeline (case row, event) with the state after it.
 */
export class PetitionContext {
  readonly state: PetitionState;
  /** Replaced when a year's holidays arrive (holidaysLoaded). */
  calendar: WorkCalendar;
  readonly periods: PetitionPeriods;
  /** intake's deadline columns: the acceptance due date shows as the first-reply deadline. */
  readonly deadlines = { firstReplyDue: null as string | null, mediationDue: null as string | null, jointHandlingDue: null as string | null };
  private readonly intake: IntakeActivities;

  constructor(readonly input: DisputePathInput) {
    this.periods = petitionPeriodsAt(input.registeredAt);
    this.calendar = new WorkCalendar([...BUILT_IN_NOTICES, ...((input.extraNotices ?? []) as HolidayNotice[])]);
    this.intake = proxyActivities<IntakeActivities>({ taskQueue: taskQueue('intake', undefined, input.queuePrefix), startToCloseTimeout: '30s', retry: RETRY });
    this.state = {
      caseNo: input.caseNo,
      status: 'acceptance',
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
      petition: { periodsVersion: this.periods.version, forwardedTo: null, notAccepted: null, extension: null, reviewDecision: null, reReviewDecision: null },
    };
  }

  /**
   * The petitions service (task queue `petitions`, the contract's name). For a person's action it
   * waits at most two minutes, then the action is refused, not hung; the run's own steps wait up to a
   * day and then go on without it (intake's timeline still has the step).
   */
  petitions(patient: boolean): PetitionActivities {
    return proxyActivities<PetitionActivities>({
      taskQueue: taskQueue('petitions', undefined, this.input.queuePrefix),
      startToCloseTimeout: '30s',
      scheduleToCloseTimeout: patient ? '1d' : '2m',
      retry: RETRY,
    });
  }

  now(): string {
    return new Date(Date.now()).toISOString();
  }

  clock(id: string): CaseClock | undefined {
    return this.state.clocks.find((c) => c.id === id);
  }

  /** Starts the clock of one of the regulation's periods from `at`, replacing a running one of the same id. */
  start(name: PetitionPeriodName, o: { owner?: string; orgUnit?: string; at?: number } = {}): CaseClock {
    const id = PetitionClocks[name];
    this.stop(id);
    const period = this.periods.periods[name];
    const clock = startClockOn(
      this.calendar,
      period,
      this.periods.yellowAt,
      { id, kind: id, owner: o.owner ?? (period.counts ? 'centre' : 'petitioner'), orgUnit: o.orgUnit ?? this.input.orgUnit, counts: period.counts },
      o.at ?? Date.now(),
    );
    this.state.clocks.push(clock);
    return clock;
  }

  stop(...ids: string[]): void {
    this.state.clocks = this.state.clocks.filter((c) => !ids.includes(c.id));
  }

  /** Closed: every clock stops. */
  close(): void {
    this.state.status = 'closed';
    this.state.clocks = [];
    this.state.extensionRequest = null;
  }

  /**
   * Stores one step. `petition`: it belongs in the petition's file too (a decision, a request, a
   * hearing, an extension) and goes to the petitions service first; `patient` for the run's own steps.
   */
  async record(
    type: CaseStepType,
    actor: string,
    detail: Record<string, unknown>,
    o: { petition?: boolean; patient?: boolean; openSupervision?: TransitionRecord['openSupervision'] } = {},
  ): Promise<void> {
    const s = this.state;
    s.seq += 1;
    s.warning = worstColour(s.clocks);
    s.allowedActions = petitionAllowedActions(s);
    s.clockActions = [];
    const at = this.now();
    if (o.petition) {
      // The petition's file and its notices print the matter as registered (a step's own keys win).
      const facts = {
        ...(this.input.title ? { title: this.input.title } : {}),
        registeredAt: this.input.registeredAt,
      };
      const step = {
        caseId: this.input.caseId,
        caseNo: this.input.caseNo,
        orgUnit: this.input.orgUnit,
        seq: s.seq,
        type,
        actor,
        at,
        detail: { ...facts, ...detail },
        status: s.status,
      };
      if (o.patient) {
        try {
          await this.petitions(true).recordPetitionStep(step);
        } catch {
          // A day without the petitions service: the step stays in intake's timeline; the run goes on.
        }
      } else {
        await this.petitions(false).recordPetitionStep(step);
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
