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
import { BUILT_IN_NOTICES, chinaDate, DAY_MS, WorkCalendar, type HolidayNotice } from '@fengqiao/calendar';
import {
  AssignmentFailureTypes,
  LEGAL_AID_ACTIONS,
  legalAidActionBodySchemas,
  LegalAidClocks,
  LegalAidSteps,
  zodFieldErrors,
  type ActionRequest,
  type CaseClock,
  type Caller,
  type DisputePathInput,
  type LegalAidAction,
  type LegalAidActionBody,
} from '@fengqiao/contracts';
import { colourAt, defineFailures, legalAidAllowedActions, legalAidPeriodOf, nextChange, recomputeProvisional, Roles } from '@fengqiao/rules';
import { LegalAidContext, SYSTEM, type LegalAidState } from './legal-aid-context';
import { STEPS, type Step } from './legal-aid-steps';

export interface LegalAidHandlers {
  state: QueryDefinition<LegalAidState>;
  updates: Record<LegalAidAction, UpdateDefinition<LegalAidState, [ActionRequest]>>;
  holidaysLoaded: SignalDefinition<[{ notices: unknown[] }]>;
}

/** The run's refusals, zh-CN and en (the message is `zh / en`, as intake serves it in the problem). */
export const LegalAidRefusals = defineFailures({
  MATERIALS_ONCE: {
    status: 'conflict',
    zh: '补充材料须一次性告知，不能再次要求（第四十三条）',
    en: 'Missing materials are requested once, all at once; not a second time (§43)',
  },
  ADVANCE_LIMITATION: {
    status: 'validation',
    zh: '先行提供法律援助须时效期间在 7 日内届满（第四十四条），申请中的时效届满日为 {endsOn}',
    en: 'Aid before approval needs a limitation period ending within 7 days (§44); the application gives {endsOn}',
  },
  ADVANCE_PRESERVATION: {
    status: 'validation',
    zh: '先行提供法律援助须申请中载明需立即申请财产保全、证据保全或先予执行（第四十四条）',
    en: 'Aid before approval needs the application to state an urgent preservation or advance execution (§44)',
  },
  NOT_THE_PROVIDER: {
    status: 'conflict',
    zh: '只有指派的法律援助人员（或法律援助机构工作人员）可以办理此项',
    en: 'Only the assigned legal-aid provider (or a legal-aid officer) may do this',
  },
  PROVIDER_CONFLICTED: {
    status: 'validation',
    zh: '该法律援助人员代理过本案或关联案件的对方当事人，存在利益冲突，不能指派',
    en: 'The provider acts or acted for an opposing party of this case or a linked case: not assigned (conflict of interest)',
  },
  PROVIDER_FULL: { status: 'validation', zh: '该法律援助人员在办案件已满，不能指派', en: 'The provider has no capacity left: not assigned' },
  UNKNOWN_PROVIDER: { status: 'validation', zh: '没有该法律援助人员（或已停用）', en: 'No such legal-aid provider (or not active)' },
  NO_PROVIDER: {
    status: 'validation',
    zh: '暂无可指派的法律援助人员（专长、单位、在办数量或利益冲突），请指定一名人员',
    en: 'No provider can be assigned (speciality, unit, load or conflict): name one',
  },
  UNAVAILABLE: { status: 'unavailable', zh: '法律援助服务暂时无响应', en: 'The legal-aid service did not answer in time' },
});
type RefusalCode = keyof typeof LegalAidRefusals.codes;
const text = (code: Exclude<RefusalCode, 'ADVANCE_LIMITATION'>) => `${LegalAidRefusals.message(code, 'zh')} / ${LegalAidRefusals.message(code, 'en')}`;

/** The assignment's refusals (AssignmentFailureTypes) and what the caller is told. */
const ASSIGNMENT_REFUSALS: Record<string, RefusalCode> = {
  [AssignmentFailureTypes.conflicted]: 'PROVIDER_CONFLICTED',
  [AssignmentFailureTypes.full]: 'PROVIDER_FULL',
  [AssignmentFailureTypes.unknown]: 'UNKNOWN_PROVIDER',
  [AssignmentFailureTypes.noneAvailable]: 'NO_PROVIDER',
};

/** Refused because of the state: the gateway answers 409 with the allowed actions. */
function notAllowed(action: string, state: LegalAidState, why?: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: 'ActionNotAllowed',
    message: why ?? `操作 ${action} 不适用于当前状态 ${state.status} / ${action} does not fit a legal-aid case in ${state.status}`,
    details: [{ status: state.status, allowedActions: legalAidAllowedActions(state) }],
    nonRetryable: true,
  });
}

/** Refused because of its content (422), with the fields if any. */
function invalid(message: string, errors?: unknown): ApplicationFailure {
  return ApplicationFailure.create({ type: 'InvalidAction', message, details: errors ? [errors] : [], nonRetryable: true });
}

/** The provider's own actions: a provider who is not the assigned one is refused (an officer may act for them). */
const PROVIDER_ACTIONS: readonly LegalAidAction[] = ['court-filed', 'matter-ended', 'file-closure'];

function notTheProvider(action: LegalAidAction, caller: Caller | undefined, s: LegalAidState): boolean {
  if (!PROVIDER_ACTIONS.includes(action) || !caller) return false;
  const roles: readonly string[] = caller.roles ?? [];
  if (!roles.includes(Roles.legalAidProvider) || roles.includes(Roles.legalAidOfficer) || roles.includes(Roles.leader)) return false;
  return !s.legalAid.providerUsername || caller.username !== s.legalAid.providerUsername;
}

/**
 * One legal-aid case from registration to closure (《法律援助法》2021, docs/legal-aid.md). Actions arrive
 * as updates and run one at a time; clocks run in the main loop; every step is written to the
 * legal-aid service and to intake before the update answers. What each action does lives in
 * legal-aid-steps.ts. The loop, the clock ticks and the holiday reload follow the petition run
 * (workflows/petition/src/petition-run.ts).
 */
export class LegalAidRun {
  private readonly ctx: LegalAidContext;
  private busy = false;
  private wake = false;
  private loadedNotices: HolidayNotice[] | undefined;

  constructor(input: DisputePathInput) {
    if (!Number.isFinite(Date.parse(input.registeredAt))) {
      throw ApplicationFailure.nonRetryable(`a legal-aid process needs its registration time (${input.caseNo})`, 'InvalidInput');
    }
    this.ctx = new LegalAidContext(input);
  }

  private get state(): LegalAidState {
    return this.ctx.state;
  }

  async run(h: LegalAidHandlers): Promise<LegalAidState> {
    // The first step goes before any action: an update sent right after the registration waits for it.
    this.busy = true;
    setHandler(h.state, () => this.state);
    for (const action of LEGAL_AID_ACTIONS) {
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

  /** The applicant's 30 days to give the application's facts, or where a case registered before its process stands. */
  private async begin() {
    const { ctx } = this;
    const { resume, registeredAt } = ctx.input;
    if (!resume) {
      const clock = ctx.start('application', { at: Date.parse(registeredAt) });
      await ctx.record('routed', SYSTEM, { periodsVersion: ctx.periods.version, source: ctx.periods.source, applicationDue: clock.due });
      return;
    }
    const at = Date.parse(resume.stageStartedAt);
    if (!Number.isInteger(resume.seq) || resume.seq < 0 || !Number.isFinite(at)) {
      throw ApplicationFailure.nonRetryable(`unreadable resume: seq ${resume.seq}, stage started ${resume.stageStartedAt}`, 'InvalidInput');
    }
    // The stage's clock (none while the provider acts, the agency reviews quality, or the applicant rates).
    const stage = {
      application: 'application',
      'legal-aid-review': 'review',
      assignment: 'assignment',
      refused: 'objectionWindow',
      'closure-filing': 'closure',
      aid: null,
      'quality-review': null,
      'awaiting-feedback': null,
    } as const;
    if (!(resume.status in stage)) throw ApplicationFailure.nonRetryable(`the legal-aid process cannot take over a case in ${resume.status}`, 'InvalidInput');
    const name = stage[resume.status as keyof typeof stage];
    Object.assign(this.state, { status: resume.status, seq: resume.seq, outcome: resume.outcome });
    const clock = name ? ctx.start(name, { at }) : null;
    if (name === 'review') ctx.deadlines.firstReplyDue = clock!.due;
    if (name === 'assignment') ctx.deadlines.mediationDue = clock!.due;
    await ctx.record('process-resumed', SYSTEM, { status: resume.status, stageStartedAt: resume.stageStartedAt });
  }

  // ---- actions -----------------------------------------------------------------------------

  private validate(action: LegalAidAction, req: ActionRequest): void {
    const s = this.state;
    if (action === 'request-materials' && s.status === 'legal-aid-review' && s.legalAid.materialsRequested) {
      throw notAllowed(action, s, text('MATERIALS_ONCE'));
    }
    if (!legalAidAllowedActions(s).includes(action)) throw notAllowed(action, s);
    if (notTheProvider(action, req?.actor, s)) throw notAllowed(action, s, text('NOT_THE_PROVIDER'));
    const parsed = legalAidActionBodySchemas[action].safeParse(req?.body);
    if (!parsed.success) throw invalid('操作内容不合法 / The action has invalid fields', zodFieldErrors(parsed.error));
    if (action === 'advance-aid') this.checkAdvanceGround(parsed.data as LegalAidActionBody<'advance-aid'>);
  }

  /** §44: a limitation period ending within 7 days (from today, Beijing), or an urgent preservation, as the application states. */
  private checkAdvanceGround(body: LegalAidActionBody<'advance-aid'>): void {
    const facts = this.ctx.facts;
    if (body.ground === 'urgent-preservation') {
      if (facts?.urgentPreservation !== true) throw invalid(text('ADVANCE_PRESERVATION'), [{ path: 'ground', message: text('ADVANCE_PRESERVATION') }]);
      return;
    }
    const endsOn = facts?.limitationEndsOn;
    const days = endsOn ? (Date.parse(`${endsOn}T00:00:00Z`) - Date.parse(`${chinaDate(new Date(Date.now()))}T00:00:00Z`)) / DAY_MS : NaN;
    if (!(days >= 0 && days <= 7)) {
      const params = { endsOn: endsOn ?? '—' };
      const message = `${LegalAidRefusals.message('ADVANCE_LIMITATION', 'zh', params)} / ${LegalAidRefusals.message('ADVANCE_LIMITATION', 'en', params)}`;
      throw invalid(message, [{ path: 'ground', message }]);
    }
  }

  private async act(action: LegalAidAction, req: ActionRequest): Promise<LegalAidState> {
    // Validated when accepted; checked again here because an earlier action may have run since.
    this.validate(action, req);
    const body = legalAidActionBodySchemas[action].parse(req.body);
    const actor = req.actor.username || req.actor.userId;
    const before = JSON.parse(JSON.stringify(this.state)) as LegalAidState; // no structuredClone in the workflow sandbox
    const deadlines = { ...this.ctx.deadlines };
    try {
      await (STEPS[action] as Step<LegalAidAction>)(this.ctx, body as LegalAidActionBody<LegalAidAction>, actor);
    } catch (e) {
      // Nothing stored: the case stays as it was and the caller is told why.
      Object.assign(this.state, before);
      Object.assign(this.ctx.deadlines, deadlines);
      throw refusal(e);
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
    const moved = this.state.clocks.filter((c) => recomputeProvisional(c, ctx.calendar, null, legalAidPeriodOf(ctx.periods, c.id)));
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

  /**
   * An applicant's window ran out: no application in 30 days lapses the registration; materials not
   * supplied in time count as withdrawn (§43); no objection leaves the refusal or termination standing.
   */
  private async lapse(clock: CaseClock) {
    const { ctx } = this;
    const PATIENT = { file: true, patient: true } as const;
    if (clock.id === LegalAidClocks.application) {
      ctx.close('lapsed');
      await ctx.record(LegalAidSteps.closed, SYSTEM, { outcome: 'lapsed', reason: 'application-lapsed' }, PATIENT);
    } else if (clock.id === LegalAidClocks.materials) {
      ctx.close('withdrawn');
      await ctx.record(LegalAidSteps.withdrawn, SYSTEM, { deemed: true, materialsDue: clock.due, article: '§43' }, PATIENT);
      await ctx.record(LegalAidSteps.closed, SYSTEM, { outcome: 'withdrawn', reason: 'materials-not-supplied' }, PATIENT);
    } else if (clock.id === LegalAidClocks.objectionWindow) {
      const outcome = this.state.status === 'terminated' ? 'terminated' : 'refused';
      ctx.close(outcome);
      await ctx.record(LegalAidSteps.closed, SYSTEM, { outcome, reason: 'objection-window-lapsed' }, PATIENT);
    } else {
      ctx.stop(clock.id);
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

/**
 * What the caller of a failed action is told: our own refusals as they are, an assignment's refusal
 * (conflict, full, unknown, none) as 422 with its reason, any other activity failure as "unavailable".
 */
function refusal(e: unknown): unknown {
  if (e instanceof ApplicationFailure && (e.type === 'ActionNotAllowed' || e.type === 'InvalidAction')) return e;
  if (e instanceof ActivityFailure && e.cause instanceof ApplicationFailure) {
    const code = ASSIGNMENT_REFUSALS[e.cause.type ?? ''];
    if (code)
      return ApplicationFailure.create({
        type: 'InvalidAction',
        message: text(code as Exclude<RefusalCode, 'ADVANCE_LIMITATION'>),
        details: [],
        nonRetryable: true,
      });
  }
  if (e instanceof ActivityFailure) return ApplicationFailure.create({ type: 'Unavailable', message: text('UNAVAILABLE'), nonRetryable: true });
  return e;
}
