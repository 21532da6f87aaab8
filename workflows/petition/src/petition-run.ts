import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  setHandler,
  type QueryDefinition,
  type SignalDefinition,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import { BUILT_IN_NOTICES, WorkCalendar, type HolidayNotice } from '@fengqiao/calendar';
import {
  PETITION_ACTIONS,
  petitionActionBodySchemas,
  PetitionClocks,
  PetitionSteps,
  zodFieldErrors,
  type ActionRequest,
  type CaseClock,
  type DisputePathInput,
  type PetitionAction,
  type PetitionActionBody,
} from '@fengqiao/contracts';
import { colourAt, nextChange, petitionAllowedActions, petitionPeriodOf, recomputeProvisional } from '@fengqiao/rules';
import { PetitionContext, SYSTEM, type PetitionState } from './petition-context';
import { STEPS, type Step } from './petition-steps';

export interface PetitionHandlers {
  state: QueryDefinition<PetitionState>;
  updates: Record<PetitionAction, UpdateDefinition<PetitionState, [ActionRequest]>>;
  holidaysLoaded: SignalDefinition<[{ notices: unknown[] }]>;
}

/** Refused because of the state: the gateway answers 409 with the allowed actions. */
function notAllowed(action: string, state: PetitionState, why?: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: 'ActionNotAllowed',
    message: why ?? `操作 ${action} 不适用于当前状态 ${state.status} / ${action} does not fit a petition in ${state.status}`,
    details: [{ status: state.status, allowedActions: petitionAllowedActions(state) }],
    nonRetryable: true,
  });
}

/** Refused because of its content (422), with the fields. */
function invalid(errors: unknown): ApplicationFailure {
  return ApplicationFailure.create({ type: 'InvalidAction', message: '操作内容不合法 / The action has invalid fields', details: [errors], nonRetryable: true });
}

/** A window the law sets is over (or was never opened): its own words, not only "does not fit". */
function lateOrOutOfOrder(action: PetitionAction, ctx: PetitionContext): string | null {
  const s = ctx.state;
  const open = (id: string) => {
    const c = ctx.clock(id);
    return c !== undefined && Date.now() <= Date.parse(c.due);
  };
  switch (action) {
    case 'object':
      if (s.status === 'forwarded' && !open(PetitionClocks.objection))
        return '异议须在收到转送/交办之日起 5 个工作日内提出（第二十三条） / An objection must come within 5 working days of the forwarding (§23)';
      return null;
    case 'request-extension':
      if (s.status === 'handling' && s.petition.extension) return '办理期限只能延长一次（第三十四条） / The handling period is extended once only (§34)';
      if (s.status === 'handling' && s.extensionRequest) return '已有待审批的延期申请 / An extension is already waiting for its decision';
      return null;
    case 'request-review':
      if ((s.status === 'replied' && !open(PetitionClocks.reviewWindow)) || (s.status === 'closed' && s.outcome === 'answered'))
        return '复查请求须在收到答复意见之日起 30 日内提出（第三十五条） / A review must be asked within 30 days of the reply (§35)';
      return null;
    case 'request-re-review':
      if (['acceptance', 'forwarded', 'handling', 'replied'].includes(s.status) || (s.status === 'petition-review' && !s.petition.reviewDecision))
        return '未经复查的信访事项不能请求复核（第三十六条） / A petition not reviewed cannot be re-reviewed (§36)';
      if (s.status === 'petition-review' && !open(PetitionClocks.reReviewWindow))
        return '复核请求须在收到复查意见之日起 30 日内提出（第三十六条） / A re-review must be asked within 30 days of the review decision (§36)';
      return null;
    default:
      return null;
  }
}

/**
 * One petition from registration to closure (《信访工作条例》2022, docs/deadlines.md). Actions arrive as
 * updates and run one at a time; clocks run in the main loop; every step is written to the petitions
 * service and to intake before the update answers. What each action does lives in petition-steps.ts.
 */
export class PetitionRun {
  private readonly ctx: PetitionContext;
  private busy = false;
  private wake = false;
  private loadedNotices: HolidayNotice[] | undefined;

  constructor(input: DisputePathInput) {
    if (!Number.isFinite(Date.parse(input.registeredAt))) {
      throw ApplicationFailure.nonRetryable(`a petition process needs its registration time (${input.caseNo})`, 'InvalidInput');
    }
    this.ctx = new PetitionContext(input);
  }

  private get state(): PetitionState {
    return this.ctx.state;
  }

  async run(h: PetitionHandlers): Promise<PetitionState> {
    // The first step goes before any action: an update sent right after the registration waits for it.
    this.busy = true;
    setHandler(h.state, () => this.state);
    for (const action of PETITION_ACTIONS) {
      setHandler(h.updates[action], (req) => this.exclusive(() => this.act(action, req)), { validator: (req) => this.validate(action, req) });
    }
    setHandler(h.holidaysLoaded, ({ notices }) => {
      this.loadedNotices = notices as HolidayNotice[];
      this.wake = true;
    });
    try {
      await this.begin();
    } finally {
      this.busy = false;
    }
    // Open until closed: after a re-review, a lapsed review window, or a refusal.
    while (this.state.status !== 'closed' || this.state.clocks.length > 0) {
      const next = nextChange(this.state.clocks);
      if (next === undefined) await condition(() => this.wake);
      else if (next > Date.now()) await condition(() => this.wake, next - Date.now());
      this.wake = false;
      await this.exclusive(async () => {
        await this.learnHolidays();
        await this.tickClocks();
      });
    }
    await condition(allHandlersFinished);
    return this.state;
  }

  /** The acceptance clock from registration (§22), or where a case registered before its process stands. */
  private async begin() {
    const { ctx } = this;
    const { resume, registeredAt } = ctx.input;
    if (!resume) {
      ctx.deadlines.firstReplyDue = ctx.start('acceptance', { at: Date.parse(registeredAt) }).due;
      await ctx.record('routed', SYSTEM, { periodsVersion: ctx.periods.version, source: ctx.periods.source, acceptanceDue: ctx.deadlines.firstReplyDue });
      return;
    }
    const at = Date.parse(resume.stageStartedAt);
    if (!Number.isInteger(resume.seq) || resume.seq < 0 || !Number.isFinite(at)) {
      throw ApplicationFailure.nonRetryable(`unreadable resume: seq ${resume.seq}, stage started ${resume.stageStartedAt}`, 'InvalidInput');
    }
    const stage = { acceptance: 'acceptance', handling: 'handling', replied: 'reviewWindow' } as const;
    const name = stage[resume.status as keyof typeof stage];
    if (!name) throw ApplicationFailure.nonRetryable(`the petition process cannot take over a case in ${resume.status}`, 'InvalidInput');
    Object.assign(this.state, { status: resume.status, seq: resume.seq, outcome: resume.outcome });
    const clock = ctx.start(name, { at });
    if (name === 'acceptance') ctx.deadlines.firstReplyDue = clock.due;
    await ctx.record('process-resumed', SYSTEM, { status: resume.status, stageStartedAt: resume.stageStartedAt });
  }

  // ---- actions -----------------------------------------------------------------------------

  private validate(action: PetitionAction, req: ActionRequest): void {
    const late = lateOrOutOfOrder(action, this.ctx);
    if (late) throw notAllowed(action, this.state, late);
    if (!petitionAllowedActions(this.state).includes(action)) throw notAllowed(action, this.state);
    const parsed = petitionActionBodySchemas[action].safeParse(req?.body);
    if (!parsed.success) throw invalid(zodFieldErrors(parsed.error));
    const body = parsed.data as { reason?: string; channel?: string };
    if (action === 'not-accept' && body.reason !== 'other' && !body.channel) {
      throw invalid([{ path: 'channel', message: '须告知信访人应向何处（渠道或有权处理的层级）提出 / Tell the petitioner the channel or competent level' }]);
    }
  }

  private async act(action: PetitionAction, req: ActionRequest): Promise<PetitionState> {
    // Validated when accepted; checked again here because an earlier action may have run since.
    this.validate(action, req);
    const body = petitionActionBodySchemas[action].parse(req.body);
    const actor = req.actor.username || req.actor.userId;
    const before = JSON.parse(JSON.stringify(this.state)) as PetitionState; // no structuredClone in the workflow sandbox
    const deadlines = { ...this.ctx.deadlines };
    try {
      await (STEPS[action] as Step<PetitionAction>)(this.ctx, body as PetitionActionBody<PetitionAction>, actor);
    } catch (e) {
      // Nothing stored: the case stays as it was and the caller is told why.
      Object.assign(this.state, before);
      Object.assign(this.ctx.deadlines, deadlines);
      if (e instanceof ActivityFailure) {
        throw ApplicationFailure.create({
          type: 'Unavailable',
          message: '信访服务暂时无响应 / The petitions service did not answer in time',
          nonRetryable: true,
        });
      }
      throw e;
    }
    this.wake = true; // clocks may have changed: the main loop recomputes its next wake-up
    return this.state;
  }

  /** New holidays: provisional clocks are computed again and the change recorded. */
  private async learnHolidays() {
    if (!this.loadedNotices) return;
    const { ctx } = this;
    ctx.calendar = new WorkCalendar([...BUILT_IN_NOTICES, ...this.loadedNotices]);
    this.loadedNotices = undefined;
    const moved = this.state.clocks.filter((c) => recomputeProvisional(c, ctx.calendar, null, petitionPeriodOf(ctx.periods, c.id)));
    if (moved.length) await ctx.record('deadlines-recomputed', SYSTEM, { clocks: moved.map((c) => ({ clock: c.id, due: c.due, provisional: c.provisional })) });
  }

  // ---- clocks ------------------------------------------------------------------------------

  private async tickClocks() {
    const now = Date.now();
    for (const clock of [...this.state.clocks]) {
      const colour = colourAt(clock, now);
      if (colour === clock.colour) continue;
      const from = clock.colour;
      clock.colour = colour;
      if (clock.counts) await this.warn(clock, from);
      else if (colour === 'red') await this.lapse(clock);
    }
  }

  /** Each colour change of a staff deadline is a step; red opens a supervision item (督办) as for disputes. */
  private async warn(clock: CaseClock, from: CaseClock['colour']) {
    const detail = { clock: clock.id, kind: clock.kind, owner: clock.owner, orgUnit: clock.orgUnit, from, to: clock.colour, due: clock.due };
    const supervision = clock.colour === 'red' ? [{ clockId: clock.id, orgUnit: clock.orgUnit, reason: `${clock.kind}-overdue`, due: clock.due }] : undefined;
    await this.ctx.record('warning-changed', SYSTEM, detail, supervision ? { openSupervision: supervision } : {});
  }

  /** A window ran out: the objection window just closes; a review or re-review window unused closes the petition. */
  private async lapse(clock: CaseClock) {
    const { ctx } = this;
    ctx.stop(clock.id);
    if (clock.id === PetitionClocks.reviewWindow || clock.id === PetitionClocks.reReviewWindow) {
      ctx.close();
      const reason = clock.id === PetitionClocks.reviewWindow ? 'review-window-lapsed' : 're-review-window-lapsed';
      await ctx.record(PetitionSteps.closed, SYSTEM, { outcome: this.state.outcome, reason }, { petition: true, patient: true });
    } else {
      await ctx.record('window-closed', SYSTEM, { clock: clock.id, due: clock.due });
    }
  }

  /** Actions and clock ticks change the state one at a time. */
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
