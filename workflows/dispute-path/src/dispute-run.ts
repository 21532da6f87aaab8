import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  log,
  proxyActivities,
  setHandler,
  type QueryDefinition,
  type SignalDefinition,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import { BUILT_IN_NOTICES, WorkCalendar, type HolidayNotice } from '@fengqiao/calendar';
import {
  actionBodySchemas,
  DISPUTE_ACTIONS,
  taskQueue,
  zodFieldErrors,
  type ActionBody,
  type ActionRequest,
  type CaseClock,
  type DisputeAction,
  type DisputePathInput,
  type DisputeState,
  type IntakeActivities,
  type JudicialConfirmationSignal,
  type MediationActivities,
  type RoutingRule,
  type TransitionRecord,
} from '@fengqiao/contracts';
import { colourAt, disputeAllowedActions as allowedActions, firstReplyClock, nextChange, partClockId, startClock, worstColour, type ClockSpec } from '@fengqiao/rules';

const RETRY = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' } as const;
/** Failures of the mediation service that no retry can fix: the action is refused (422), the run goes on. */
const REFUSALS = ['UnknownMediator', 'NoMediatorAvailable'];
const SYSTEM = 'system';

export interface DisputeHandlers {
  state: QueryDefinition<unknown>;
  updates: Record<DisputeAction, UpdateDefinition<DisputeState, [ActionRequest]>>;
  judicialConfirmation: SignalDefinition<[JudicialConfirmationSignal]>;
}

/** Refused because of the state: the gateway answers 409 with the allowed actions. */
function notAllowed(action: string, state: DisputeState, why?: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: 'ActionNotAllowed',
    message: why ?? `操作 ${action} 不适用于当前状态 ${state.status} / ${action} does not fit a case in ${state.status}`,
    details: [{ status: state.status, allowedActions: state.allowedActions }],
    nonRetryable: true,
  });
}

/** Refused because of its content (422). */
function invalid(message: string, errors?: unknown): ApplicationFailure {
  return ApplicationFailure.create({ type: 'InvalidAction', message, details: errors ? [errors] : [], nonRetryable: true });
}

/**
 * One dispute from routing to closure (docs/dispute-path.md). Actions arrive as updates and run one at
 * a time; clocks run in the main loop; every transition is written to intake (timeline, case
 * row, event) before the update answers, so case views read PostgreSQL and see it.
 */
export class DisputeRun {
  private readonly state: DisputeState;
  private readonly calendar: WorkCalendar;
  private readonly rule: RoutingRule;
  private readonly intake: IntakeActivities;
  private readonly deadlines = { firstReplyDue: null as string | null, mediationDue: null as string | null, jointHandlingDue: null as string | null };
  private readonly signals: JudicialConfirmationSignal[] = [];
  private busy = false;
  private wake = false;

  constructor(private readonly input: DisputePathInput & { rule: RoutingRule; ruleVersion: number }) {
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

  async run(h: DisputeHandlers): Promise<DisputeState> {
    // The first step goes before any action: an update sent right after the registration (the SDK
    // delivers it the moment its handler is set) waits until the run is routed.
    this.busy = true;
    const firstReply = firstReplyClock(this.calendar, this.rule, this.input.orgUnit, Date.parse(this.input.registeredAt));
    this.state.clocks.push(firstReply);
    this.deadlines.firstReplyDue = firstReply.due;
    setHandler(h.state, () => this.state);
    for (const action of DISPUTE_ACTIONS) {
      setHandler(h.updates[action], (req) => this.exclusive(() => this.act(action, req)), { validator: (req) => this.validate(action, req) });
    }
    setHandler(h.judicialConfirmation, (s) => {
      this.signals.push(s);
      this.wake = true;
    });
    try {
      await this.record('routed', SYSTEM, { ruleVersion: this.input.ruleVersion, tier: this.rule.tier, team: this.rule.team });
    } finally {
      this.busy = false;
    }

    // Open until closed and every window (judicial confirmation, return visit) has ended.
    while (this.state.status !== 'closed' || this.state.clocks.length > 0) {
      const next = nextChange(this.state.clocks);
      if (next === undefined) await condition(() => this.wake);
      else if (next > Date.now()) await condition(() => this.wake, next - Date.now());
      this.wake = false;
      await this.exclusive(async () => {
        await this.applySignals();
        await this.tickClocks();
      });
    }
    await condition(allHandlersFinished);
    return this.state;
  }

  // ---- actions -----------------------------------------------------------------------------

  private validate(action: DisputeAction, req: ActionRequest): void {
    if (!allowedActions(this.state).includes(action)) throw notAllowed(action, this.state);
    const parsed = actionBodySchemas[action].safeParse(req?.body);
    if (!parsed.success) throw invalid('操作内容不合法 / The action has invalid fields', zodFieldErrors(parsed.error));
    if (action === 'report-in' || action === 'dept-result') {
      const { department } = parsed.data as { department: string };
      const part = this.state.joint?.parts.find((p) => p.department === department);
      if (!part) throw notAllowed(action, this.state, `部门 ${department} 未被召集 / ${department} was not summoned`);
      if (action === 'report-in' && part.reportedInAt) throw notAllowed(action, this.state, `部门 ${department} 已报到 / ${department} has reported in`);
      if (action === 'dept-result' && (!part.reportedInAt || part.resultAt)) {
        throw notAllowed(action, this.state, `部门 ${department} 尚未报到或已反馈结果 / ${department} has not reported in, or has filed already`);
      }
    }
  }

  private async act(action: DisputeAction, req: ActionRequest): Promise<DisputeState> {
    // Validated when accepted; checked again here because an earlier action may have run since.
    this.validate(action, req);
    const body = actionBodySchemas[action].parse(req.body);
    const actor = req.actor.username || req.actor.userId;
    try {
      switch (action) {
        case 'reply':
          await this.reply(body as ActionBody<'reply'>, actor);
          break;
        case 'assign':
          await this.assign(body as ActionBody<'assign'>, actor);
          break;
        case 'session':
          await this.session(body as ActionBody<'session'>, actor);
          break;
        case 'escalate':
          await this.escalate(body as ActionBody<'escalate'>, actor, false);
          break;
        case 'report-in':
          await this.reportIn(body as ActionBody<'report-in'>, actor);
          break;
        case 'dept-result':
          await this.departmentResult(body as ActionBody<'dept-result'>, actor);
          break;
        case 'conclude':
          await this.conclude(body as ActionBody<'conclude'>, actor);
          break;
        case 'feedback':
          await this.feedback(body as ActionBody<'feedback'>, actor);
          break;
        case 'rate':
          await this.rate(body as ActionBody<'rate'>, actor);
          break;
        case 'return-visit':
          await this.returnVisit(body as ActionBody<'return-visit'>, actor);
          break;
      }
    } catch (e) {
      throw this.refusal(e);
    }
    this.wake = true; // clocks may have changed: the main loop recomputes its next wake-up
    return this.state;
  }

  private async reply(body: ActionBody<'reply'>, actor: string) {
    const firstReply = this.stop('first-reply');
    if (body.resolved) {
      this.stop('first-contact');
      this.state.outcome = 'resolved-at-first-contact';
      this.awaitFeedback();
    } else if (firstReply && !this.running('first-contact')) {
      // Answered but not settled: the first-contact handling period starts (ordinary disputes).
      this.start({ id: 'first-contact', kind: 'first-contact', owner: 'centre', orgUnit: this.input.orgUnit, period: 'firstContact' });
    }
    await this.record('replied', actor, { message: body.message, resolved: body.resolved });
  }

  private async assign(body: ActionBody<'assign'>, actor: string) {
    const mediator = await this.mediation(this.input.orgUnit).assignMediator({
      caseId: this.input.caseId,
      caseNo: this.input.caseNo,
      orgUnit: this.input.orgUnit,
      team: this.rule.team,
      mediatorId: body.mediatorId,
      at: this.now(),
    });
    this.state.mediator = { id: mediator.id, name: mediator.name, team: mediator.team, username: mediator.username ?? null };
    this.stop('first-reply');
    this.stop('first-contact');
    if (this.state.status !== 'mediation') {
      this.state.status = 'mediation';
      this.deadlines.mediationDue = this.start({ id: 'mediation', kind: 'mediation', owner: 'centre', orgUnit: this.input.orgUnit, period: 'mediation' }).due;
    }
    await this.record('assigned', actor, { mediator: this.state.mediator, named: !!body.mediatorId });
  }

  private async session(body: ActionBody<'session'>, actor: string) {
    await this.mediation(this.input.orgUnit).recordSession({
      caseId: this.input.caseId,
      caseNo: this.input.caseNo,
      seq: this.state.seq + 1,
      mediatorId: this.state.mediator?.id ?? null,
      at: body.at,
      summary: body.summary,
      participants: body.participants,
    });
    await this.record('session-recorded', actor, { at: body.at, summary: body.summary, participants: body.participants });
  }

  private async escalate(body: ActionBody<'escalate'>, actor: string, automatic: boolean) {
    const lead = body.leadOrgUnit ?? this.input.orgUnit;
    const parts = body.departments.map((d) => (typeof d === 'string' ? { department: d, orgUnit: lead } : d));
    const at = this.now();
    const reportIn = parts.map((p) =>
      this.startLater({ id: partClockId('report-in', p.department, p.orgUnit), kind: 'report-in', owner: p.department, orgUnit: p.orgUnit, period: 'reportIn' }),
    );
    // 中心吹哨: each part is opened at the centre that hosts the department (its own deployment).
    await Promise.all(
      parts.map((p, i) =>
        this.mediation(p.orgUnit, automatic).openDepartmentPart({ caseId: this.input.caseId, caseNo: this.input.caseNo, department: p.department, orgUnit: p.orgUnit, leadOrgUnit: lead, at, reportInDue: reportIn[i].due }),
      ),
    );
    for (const id of ['first-reply', 'first-contact', 'mediation']) this.stop(id);
    this.state.status = 'joint-handling';
    this.state.joint = { leadOrgUnit: lead, reason: body.reason, parts: parts.map((p) => ({ ...p, reportedInAt: null, resultAt: null })) };
    this.state.clocks.push(...reportIn);
    this.deadlines.jointHandlingDue = this.start({ id: 'joint-handling', kind: 'joint-handling', owner: 'centre', orgUnit: lead, period: 'jointHandling' }).due;
    await this.record('escalated', actor, { reason: body.reason, leadOrgUnit: lead, departments: parts, automatic });
  }

  private async reportIn(body: ActionBody<'report-in'>, actor: string) {
    const part = this.state.joint!.parts.find((p) => p.department === body.department)!;
    const at = this.now();
    await this.mediation(part.orgUnit).recordReportIn({ caseId: this.input.caseId, department: part.department, orgUnit: part.orgUnit, officer: actor, at });
    part.reportedInAt = at;
    this.stop(partClockId('report-in', part.department, part.orgUnit));
    this.start({ id: partClockId('department-result', part.department, part.orgUnit), kind: 'department-result', owner: part.department, orgUnit: part.orgUnit, period: 'departmentResult' });
    await this.record('department-reported-in', actor, { department: part.department, orgUnit: part.orgUnit });
  }

  private async departmentResult(body: ActionBody<'dept-result'>, actor: string) {
    const part = this.state.joint!.parts.find((p) => p.department === body.department)!;
    const at = this.now();
    await this.mediation(part.orgUnit).recordDepartmentResult({ caseId: this.input.caseId, department: part.department, orgUnit: part.orgUnit, officer: actor, summary: body.summary, at });
    part.resultAt = at;
    this.stop(partClockId('department-result', part.department, part.orgUnit));
    await this.record('department-result-filed', actor, { department: part.department, orgUnit: part.orgUnit, summary: body.summary });
  }

  private async conclude(body: ActionBody<'conclude'>, actor: string) {
    const at = this.now();
    const home = this.mediation(this.input.orgUnit);
    let confirmation: CaseClock | undefined;
    let returnVisit: CaseClock | undefined;
    if (body.outcome === 'agreement') {
      confirmation = this.startLater({ id: 'judicial-confirmation', kind: 'judicial-confirmation', owner: 'parties', orgUnit: this.input.orgUnit, period: 'judicialConfirmation', counts: false });
      await home.recordAgreement({ caseId: this.input.caseId, caseNo: this.input.caseNo, text: body.agreement ?? body.summary, at, confirmationDue: confirmation.due });
    }
    if (body.outcome === 'failed') {
      returnVisit = this.startLater({ id: 'return-visit', kind: 'return-visit', owner: 'centre', orgUnit: this.input.orgUnit, period: 'returnVisit' });
      await home.scheduleReturnVisit({ caseId: this.input.caseId, caseNo: this.input.caseNo, orgUnit: this.input.orgUnit, reason: 'failed', at, due: returnVisit.due });
    }
    if (this.state.mediator) await home.releaseMediator({ caseId: this.input.caseId, at });
    for (const c of [...this.state.clocks]) if (c.counts && c.kind !== 'return-visit') this.stop(c.id);
    this.state.outcome = body.outcome;
    if (confirmation) {
      this.state.clocks.push(confirmation);
      this.state.judicialConfirmation = 'pending';
    }
    if (returnVisit && !this.running('return-visit')) this.state.clocks.push(returnVisit);
    this.awaitFeedback();
    await this.record('concluded', actor, { outcome: body.outcome, summary: body.summary });
    if (confirmation) {
      await this.record('judicial-confirmation-reminder', SYSTEM, {
        due: confirmation.due,
        message: '调解协议生效之日起三十日内，双方当事人可共同向人民法院申请司法确认 / The parties may jointly apply to the court for judicial confirmation within 30 days',
      });
    }
  }

  private async feedback(body: ActionBody<'feedback'>, actor: string) {
    this.stop('feedback');
    this.state.feedbackRecorded = true;
    this.start({ id: 'rating', kind: 'rating', owner: 'resident', orgUnit: this.input.orgUnit, period: 'rating', counts: false });
    await this.record('feedback-recorded', actor, { message: body.message, channel: body.channel });
  }

  private async rate(body: ActionBody<'rate'>, actor: string) {
    this.stop('rating');
    this.state.rating = body.score;
    if (body.score >= 3) {
      this.state.status = 'closed';
      await this.record('rated', actor, { score: body.score, comment: body.comment ?? null });
      await this.record('closed', actor, { rating: body.score });
      return;
    }
    // A low rating reopens a review with a return visit (回访), never a silent closure.
    const visit = this.startLater({ id: 'return-visit', kind: 'return-visit', owner: 'centre', orgUnit: this.input.orgUnit, period: 'returnVisit' });
    if (!this.running('return-visit')) {
      await this.mediation(this.input.orgUnit).scheduleReturnVisit({ caseId: this.input.caseId, caseNo: this.input.caseNo, orgUnit: this.input.orgUnit, reason: 'low-rating', at: this.now(), due: visit.due });
      this.state.clocks.push(visit);
    }
    this.state.status = 'review';
    await this.record('rated', actor, { score: body.score, comment: body.comment ?? null });
    await this.record('review-opened', actor, { score: body.score, returnVisitDue: this.clock('return-visit')?.due ?? visit.due });
  }

  private async returnVisit(body: ActionBody<'return-visit'>, actor: string) {
    const home = this.mediation(this.input.orgUnit);
    await home.completeReturnVisit({ caseId: this.input.caseId, by: actor, summary: body.summary, resolved: body.resolved, at: this.now() });
    this.stop('return-visit');
    await this.record('return-visit-recorded', actor, { summary: body.summary, resolved: body.resolved });
    if (this.state.status !== 'review') return;
    if (body.resolved) {
      this.state.status = 'closed';
      await this.record('closed', actor, { afterReturnVisit: true });
      return;
    }
    // Not settled: back to mediation, with the same mediator when they can take it.
    const previous = this.state.mediator;
    this.state.mediator = null;
    if (previous) {
      try {
        const m = await home.assignMediator({ caseId: this.input.caseId, caseNo: this.input.caseNo, orgUnit: this.input.orgUnit, team: this.rule.team, mediatorId: previous.id, at: this.now() });
        this.state.mediator = { id: m.id, name: m.name, team: m.team, username: m.username ?? null };
      } catch (e) {
        log.warn('previous mediator not available on reopening; the centre assigns again', { caseNo: this.input.caseNo, error: String(e) });
      }
    }
    Object.assign(this.state, { status: 'mediation', outcome: null, feedbackRecorded: false, rating: null });
    this.deadlines.mediationDue = this.start({ id: 'mediation', kind: 'mediation', owner: 'centre', orgUnit: this.input.orgUnit, period: 'mediation' }).due;
    await this.record('reopened', actor, { mediator: this.state.mediator });
  }

  private awaitFeedback() {
    this.state.status = 'awaiting-feedback';
    this.state.feedbackRecorded = false;
    this.start({ id: 'feedback', kind: 'feedback', owner: 'centre', orgUnit: this.input.orgUnit, period: 'feedback' });
  }

  // ---- outside events and clocks -------------------------------------------------------------

  private async applySignals() {
    while (this.signals.length) {
      const s = this.signals.shift()!;
      if (this.state.judicialConfirmation !== 'pending') {
        log.warn('judicial confirmation without a pending agreement ignored', { caseNo: this.input.caseNo });
        continue;
      }
      await this.mediation(this.input.orgUnit, true).recordJudicialConfirmation({ caseId: this.input.caseId, result: s.result, court: s.court, decidedAt: s.decidedAt, reference: s.reference });
      this.stop('judicial-confirmation');
      this.state.judicialConfirmation = s.result;
      await this.record('judicial-confirmation-recorded', s.recordedBy, { result: s.result, court: s.court, decidedAt: s.decidedAt, reference: s.reference ?? null });
    }
  }

  private async tickClocks() {
    const now = Date.now();
    for (const clock of [...this.state.clocks]) {
      const colour = colourAt(clock, now);
      if (colour === clock.colour) continue;
      const from = clock.colour;
      clock.colour = colour;
      if (clock.kind === 'judicial-confirmation') await this.confirmationWindow(clock);
      else if (clock.kind === 'rating') await this.ratingWindow(clock);
      else await this.warn(clock, from);
    }
  }

  private async warn(clock: CaseClock, from: CaseClock['colour']) {
    const detail = { clock: clock.id, kind: clock.kind, owner: clock.owner, orgUnit: clock.orgUnit, from, to: clock.colour, due: clock.due };
    if (clock.colour !== 'red') return this.record('warning-changed', SYSTEM, detail);
    // Red opens a supervision item (督办) for the leader of the clock's org unit.
    await this.record('warning-changed', SYSTEM, detail, [{ clockId: clock.id, orgUnit: clock.orgUnit, reason: `${clock.kind}-overdue`, due: clock.due }]);
    if (clock.kind !== 'mediation') return;
    if (this.rule.onMediationOverdue === 'escalate') {
      await this.escalate({ reason: '调解期限届满，自动转入市镇联动 / Mediation period over: joint handling', departments: [...this.rule.escalationDepartments] }, SYSTEM, true);
    } else {
      await this.record('escalation-proposed', SYSTEM, { departments: this.rule.escalationDepartments, due: clock.due });
    }
  }

  private async confirmationWindow(clock: CaseClock) {
    if (clock.colour === 'yellow') {
      await this.record('judicial-confirmation-reminder', SYSTEM, { due: clock.due, message: '司法确认申请期限即将届满 / The judicial-confirmation window is closing' });
      return;
    }
    await this.mediation(this.input.orgUnit, true).recordJudicialConfirmation({ caseId: this.input.caseId, result: 'lapsed', court: null, decidedAt: this.now() });
    this.stop(clock.id);
    this.state.judicialConfirmation = 'lapsed';
    await this.record('judicial-confirmation-lapsed', SYSTEM, { due: clock.due });
  }

  private async ratingWindow(clock: CaseClock) {
    if (clock.colour !== 'red') return;
    // The resident did not rate in time: closed with the feedback on record, and the rating left empty.
    this.stop(clock.id);
    this.state.status = 'closed';
    await this.record('closed', SYSTEM, { rating: null, reason: 'no-rating-in-time' });
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** Actions, signals and clock ticks change the state one at a time. */
  private async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    await condition(() => !this.busy);
    this.busy = true;
    try {
      return await fn();
    } finally {
      this.busy = false;
    }
  }

  /**
   * The mediation service of the centre that serves `orgUnit`. For a person's action it waits at
   * most two minutes, then the action is refused, not hung; the run's own steps (clocks, signals)
   * wait as long as it takes, since failing them would end the case's process.
   */
  private mediation(orgUnit: string, patient = false): MediationActivities {
    return proxyActivities<MediationActivities>({
      taskQueue: taskQueue('mediation', orgUnit, this.input.queuePrefix),
      startToCloseTimeout: '30s',
      ...(patient ? {} : { scheduleToCloseTimeout: '2m' }),
      retry: { ...RETRY, nonRetryableErrorTypes: REFUSALS },
    });
  }

  private refusal(e: unknown): unknown {
    if (e instanceof ApplicationFailure && (e.type === 'ActionNotAllowed' || e.type === 'InvalidAction')) return e;
    if (e instanceof ActivityFailure && e.cause instanceof ApplicationFailure && REFUSALS.includes(e.cause.type ?? '')) return invalid(e.cause.message);
    if (e instanceof ActivityFailure) {
      return ApplicationFailure.create({ type: 'Unavailable', message: '相关中心的服务暂时无响应 / The centre\'s service did not answer in time', nonRetryable: true });
    }
    return e;
  }

  private now(): string {
    return new Date(Date.now()).toISOString();
  }

  private running(id: string): boolean {
    return this.state.clocks.some((c) => c.id === id);
  }

  private clock(id: string): CaseClock | undefined {
    return this.state.clocks.find((c) => c.id === id);
  }

  /** A clock computed but not yet running (started once the step it belongs to is stored). */
  private startLater(spec: ClockSpec, at = Date.now()): CaseClock {
    return startClock(this.calendar, this.rule, spec, at);
  }

  private start(spec: ClockSpec, at = Date.now()): CaseClock {
    this.stop(spec.id);
    const clock = this.startLater(spec, at);
    this.state.clocks.push(clock);
    return clock;
  }

  private stop(id: string): CaseClock | undefined {
    const i = this.state.clocks.findIndex((c) => c.id === id);
    return i < 0 ? undefined : this.state.clocks.splice(i, 1)[0];
  }

  private async record(type: string, actor: string, detail: Record<string, unknown>, openSupervision?: TransitionRecord['openSupervision']) {
    const s = this.state;
    s.seq += 1;
    s.warning = worstColour(s.clocks);
    s.allowedActions = allowedActions(s);
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
        deadlines: { ...this.deadlines },
      },
      ...(openSupervision ? { openSupervision } : {}),
    });
  }
}
