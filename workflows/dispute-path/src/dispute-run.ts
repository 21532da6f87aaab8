import { allHandlersFinished, condition, setHandler, type QueryDefinition, type SignalDefinition } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import { BUILT_IN_NOTICES, WorkCalendar, type HolidayNotice } from '@fengqiao/calendar';
import {
  actionBodySchemas,
  CLOCK_ACTIONS,
  clockActionBodySchemas,
  DISPUTE_ACTIONS,
  type ClockAction,
  zodFieldErrors,
  type ActionBody,
  type ActionRequest,
  type CaseClock,
  type DisputeAction,
  type DisputeState,
  type JudicialConfirmationSignal,
} from '@fengqiao/contracts';
import {
  applyClockAction,
  clockActionRefusal,
  clockAllowedActions,
  colourAt,
  disputeAllowedActions as allowedActions,
  nextChange,
  recomputeProvisional,
} from '@fengqiao/rules';
import { DisputeContext, SYSTEM, type DisputeRunInput } from './dispute-context';
import { invalid, notAllowed, refusal } from './refusals';
import { resumedFields, resumeStage } from './resume';
import { feedback, rate, ratingWindow } from './stages/closing';
import { reply, route } from './stages/first-contact';
import { departmentResult, escalate, reportIn } from './stages/joint-handling';
import { assign, returnVisit, session } from './stages/mediation';
import { applyJudicialConfirmations, conclude, confirmationWindow } from './stages/outcome';

export interface DisputeHandlers {
  state: QueryDefinition<unknown>;
  updates: Record<DisputeAction, UpdateDefinition<DisputeState, [ActionRequest]>>;
  clockUpdates: Record<ClockAction, UpdateDefinition<DisputeState, [ActionRequest]>>;
  holidaysLoaded: SignalDefinition<[{ notices: unknown[] }]>;
  judicialConfirmation: SignalDefinition<[JudicialConfirmationSignal]>;
}

type Step<A extends DisputeAction> = (ctx: DisputeContext, body: ActionBody<A>, actor: string) => Promise<void>;

/** Each action's step, in the stage module it belongs to (stages/). */
const STEPS: { [A in DisputeAction]: Step<A> } = {
  reply,
  assign,
  session,
  escalate: (ctx, body, actor) => escalate(ctx, body, actor, false),
  'report-in': reportIn,
  'dept-result': departmentResult,
  conclude,
  feedback,
  rate,
  'return-visit': returnVisit,
};

/**
 * One dispute from routing to closure (docs/dispute-path.md). Actions arrive as updates and run one at
 * a time; clocks run in the main loop; every transition is written to intake (timeline, case
 * row, event) before the update answers, so case views read PostgreSQL and see it.
 * This file is the loop and the gate; what each stage does lives in stages/.
 */
export class DisputeRun {
  private readonly ctx: DisputeContext;
  private readonly signals: JudicialConfirmationSignal[] = [];
  private busy = false;
  private wake = false;
  private loadedNotices: HolidayNotice[] | undefined;

  constructor(input: DisputeRunInput) {
    this.ctx = new DisputeContext(input);
    // A late start takes over where the case stands (resume.ts).
    if (input.resume) Object.assign(this.ctx.state, resumedFields(input.resume, input.orgUnit));
  }

  private get state(): DisputeState {
    return this.ctx.state;
  }

  async run(h: DisputeHandlers): Promise<DisputeState> {
    // The first step goes before any action: an update sent right after the registration (the SDK
    // delivers it the moment its handler is set) waits until the run is routed.
    this.busy = true;
    setHandler(h.state, () => this.state);
    for (const action of DISPUTE_ACTIONS) {
      setHandler(h.updates[action], (req) => this.exclusive(() => this.act(action, req)), { validator: (req) => this.validate(action, req) });
    }
    for (const action of CLOCK_ACTIONS) {
      setHandler(h.clockUpdates[action], (req) => this.exclusive(() => this.controlClock(action, req)), {
        validator: (req) => this.validateClock(action, req),
      });
    }
    setHandler(h.holidaysLoaded, ({ notices }) => {
      this.loadedNotices = notices as HolidayNotice[];
      this.wake = true;
    });
    setHandler(h.judicialConfirmation, (s) => {
      this.signals.push(s);
      this.wake = true;
    });
    const { resume } = this.ctx.input;
    try {
      await (resume ? resumeStage(this.ctx, resume) : route(this.ctx));
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
        await this.learnHolidays();
        await applyJudicialConfirmations(this.ctx, this.signals);
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
      await (STEPS[action] as Step<DisputeAction>)(this.ctx, body as ActionBody<DisputeAction>, actor);
    } catch (e) {
      throw refusal(e);
    }
    this.wake = true; // clocks may have changed: the main loop recomputes its next wake-up
    return this.state;
  }

  // ---- clock controls (libs/rules: one implementation for every kind) ------------------------

  private validateClock(action: ClockAction, req: ActionRequest): void {
    if (!clockAllowedActions(this.state).includes(action)) throw notAllowed(action, this.state);
    const parsed = clockActionBodySchemas[action].safeParse(req?.body);
    if (!parsed.success) throw invalid('操作内容不合法 / The action has invalid fields', zodFieldErrors(parsed.error));
    const refused = clockActionRefusal(this.state, action, parsed.data as Record<string, unknown>);
    if (refused) throw notAllowed(action, this.state, refused);
  }

  private async controlClock(action: ClockAction, req: ActionRequest): Promise<DisputeState> {
    this.validateClock(action, req);
    const actor = req.actor.username || req.actor.userId;
    const body = clockActionBodySchemas[action].parse(req.body) as Record<string, unknown>;
    const step = applyClockAction(this.state, action, body, { at: Date.now(), actor, calendar: this.ctx.calendar });
    await this.ctx.record(step.type, actor, step.detail);
    this.wake = true;
    return this.state;
  }

  /** New holidays: provisional clocks are computed again and the change recorded. */
  private async learnHolidays() {
    if (!this.loadedNotices) return;
    this.ctx.calendar = new WorkCalendar([...BUILT_IN_NOTICES, ...this.loadedNotices]);
    this.loadedNotices = undefined;
    const moved = this.state.clocks.filter((c) => recomputeProvisional(c, this.ctx.calendar, this.ctx.rule));
    if (moved.length)
      await this.ctx.record('deadlines-recomputed', SYSTEM, { clocks: moved.map((c) => ({ clock: c.id, due: c.due, provisional: c.provisional })) });
  }

  // ---- clocks ------------------------------------------------------------------------------

  private async tickClocks() {
    const now = Date.now();
    for (const clock of [...this.state.clocks]) {
      const colour = colourAt(clock, now);
      if (colour === clock.colour) continue;
      const from = clock.colour;
      clock.colour = colour;
      if (clock.kind === 'judicial-confirmation') await confirmationWindow(this.ctx, clock);
      else if (clock.kind === 'rating') await ratingWindow(this.ctx, clock);
      else await this.warn(clock, from);
    }
  }

  private async warn(clock: CaseClock, from: CaseClock['colour']) {
    const { ctx } = this;
    const detail = { clock: clock.id, kind: clock.kind, owner: clock.owner, orgUnit: clock.orgUnit, from, to: clock.colour, due: clock.due };
    if (clock.colour !== 'red') return ctx.record('warning-changed', SYSTEM, detail);
    // Red opens a supervision item (督办) for the leader of the clock's org unit.
    await ctx.record('warning-changed', SYSTEM, detail, [{ clockId: clock.id, orgUnit: clock.orgUnit, reason: `${clock.kind}-overdue`, due: clock.due }]);
    if (clock.kind !== 'mediation') return;
    if (ctx.rule.onMediationOverdue === 'escalate') {
      await escalate(
        ctx,
        { reason: '调解期限届满，自动转入市镇联动 / Mediation period over: joint handling', departments: [...ctx.rule.escalationDepartments] },
        SYSTEM,
        true,
      );
    } else {
      await ctx.record('escalation-proposed', SYSTEM, { departments: ctx.rule.escalationDepartments, due: clock.due });
    }
  }

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
}
