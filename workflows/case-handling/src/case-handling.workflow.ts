import { allHandlersFinished, ApplicationFailure, condition, defineQuery, defineSignal, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import { BUILT_IN_NOTICES, WorkCalendar, type HolidayNotice } from '@fengqiao/calendar';
import {
  CLOCK_ACTIONS,
  clockActionBodySchemas,
  GENERIC_ACTIONS,
  genericActionBodySchemas,
  ProcessSignals,
  type ClockAction,
  taskQueue,
  zodFieldErrors,
  type ActionRequest,
  type DisputePathInput,
  type DisputeState,
  type GenericAction,
  type IntakeActivities,
  type ProcessResume,
  type RoutingRule,
  type CaseStepType,
} from '@fengqiao/contracts';
import {
  applyClockAction,
  clockActionRefusal,
  clockAllowedActions,
  colourAt,
  firstReplyClock,
  genericAllowedActions,
  nextChange,
  recomputeProvisional,
  startClock,
  worstColour,
  type ClockSpec,
} from '@fengqiao/rules';

export const stateQuery = defineQuery<DisputeState>('state');
type Action = GenericAction | ClockAction;
const ACTIONS: readonly Action[] = [...GENERIC_ACTIONS, ...CLOCK_ACTIONS];
const BODIES = { ...genericActionBodySchemas, ...clockActionBodySchemas };

/** One update per action, named like the action. */
export const genericUpdates = Object.fromEntries(ACTIONS.map((a) => [a, defineUpdate<DisputeState, [ActionRequest]>(a)])) as Record<
  Action,
  ReturnType<typeof defineUpdate<DisputeState, [ActionRequest]>>
>;
/** A year's holidays were loaded: provisional clocks are computed again. */
export const holidaysLoadedSignal = defineSignal<[{ notices: unknown[] }]>(ProcessSignals.holidaysLoaded);

const RETRY = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' } as const;
const SYSTEM = 'system';
/** The statuses of the generic process a late start can take over (a closed case needs no process). */
const RESUMABLE = ['first-contact', 'handling', 'awaiting-feedback'] as const;

/** The state a resumed case stands in; anything the generic process has no stage for fails the run. */
function resumedFields(resume: ProcessResume): Pick<DisputeState, 'status' | 'seq' | 'outcome' | 'mediator' | 'feedbackRecorded'> {
  if (!(RESUMABLE as readonly string[]).includes(resume.status)) {
    throw ApplicationFailure.nonRetryable(`the generic process cannot take over a case in ${resume.status}`, 'InvalidInput');
  }
  if (!Number.isInteger(resume.seq) || resume.seq < 0 || !Number.isFinite(Date.parse(resume.stageStartedAt))) {
    throw ApplicationFailure.nonRetryable(`unreadable resume: seq ${resume.seq}, stage started ${resume.stageStartedAt}`, 'InvalidInput');
  }
  const m = resume.mediator;
  return {
    status: resume.status,
    seq: resume.seq,
    outcome: resume.outcome,
    mediator: m ? { id: m.id, name: m.name, team: m.team, username: m.username ?? null } : null,
    feedbackRecorded: resume.feedbackRecorded,
  };
}

/**
 * The generic process of a kind without its own (consultation, complaint, hazard, …): first-contact
 * reply, handling, feedback, rating, closed — each on the category's clocks, every step written to
 * intake before the action answers. Same input as the dispute path.
 */
export async function caseHandling(input: DisputePathInput): Promise<DisputeState> {
  const rule = input.rule;
  if (!rule || input.ruleVersion === undefined || !Number.isFinite(Date.parse(input.registeredAt))) {
    throw ApplicationFailure.nonRetryable(`a case process needs its routing rule and registration time (${input.caseNo})`, 'InvalidInput');
  }
  let calendar = new WorkCalendar([...BUILT_IN_NOTICES, ...((input.extraNotices ?? []) as HolidayNotice[])]);
  let loadedNotices: HolidayNotice[] | undefined;
  const intake = proxyActivities<IntakeActivities>({ taskQueue: taskQueue('intake', undefined, input.queuePrefix), startToCloseTimeout: '30s', retry: RETRY });
  const state: DisputeState = {
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
    allowedActions: genericAllowedActions({ status: 'first-contact', joint: null, feedbackRecorded: false, clocks: [] }),
    seq: 0,
  };
  // A late start takes over where the case stands (the seeded history's open cases).
  if (input.resume) Object.assign(state, resumedFields(input.resume));
  const deadlines = { firstReplyDue: null as string | null, mediationDue: null as string | null, jointHandlingDue: null as string | null };
  let busy = false;
  let wake = false;

  const start = (spec: Omit<ClockSpec, 'orgUnit' | 'owner'> & { owner?: string }, rules: RoutingRule, at = Date.now()) => {
    stop(spec.id);
    const clock = startClock(calendar, rules, { owner: 'centre', orgUnit: input.orgUnit, ...spec }, at);
    state.clocks.push(clock);
    return clock;
  };
  const stop = (id: string) => {
    const i = state.clocks.findIndex((c) => c.id === id);
    if (i >= 0) state.clocks.splice(i, 1);
  };
  const record = async (
    type: CaseStepType,
    actor: string,
    detail: Record<string, unknown>,
    openSupervision?: Array<{ clockId: string; orgUnit: string; reason: string; due: string }>,
  ) => {
    state.seq += 1;
    state.warning = worstColour(state.clocks);
    state.allowedActions = genericAllowedActions(state);
    state.clockActions = clockAllowedActions(state);
    const { status, outcome, warning, mediator, joint, clocks, allowedActions, rating, clockActions, extensionRequest } = state;
    await intake.recordTransition({
      caseId: input.caseId,
      caseNo: input.caseNo,
      seq: state.seq,
      type,
      actor,
      at: new Date(Date.now()).toISOString(),
      detail,
      state: {
        status,
        outcome,
        warning,
        mediator,
        joint,
        clocks,
        allowedActions,
        rating,
        clockActions,
        extensionRequest: extensionRequest ?? null,
        deadlines: { ...deadlines },
      },
      ...(openSupervision ? { openSupervision } : {}),
    });
  };
  /** Actions and clock ticks change the state one at a time. */
  const exclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
    await condition(() => !busy);
    busy = true;
    try {
      return await fn();
    } finally {
      busy = false;
    }
  };
  const validate = (action: Action, req: ActionRequest) => {
    const isClock = (CLOCK_ACTIONS as readonly string[]).includes(action);
    if (!(isClock ? clockAllowedActions(state) : (genericAllowedActions(state) as string[])).includes(action)) {
      throw ApplicationFailure.create({
        type: 'ActionNotAllowed',
        message: `操作 ${action} 不适用于当前状态 ${state.status} / ${action} does not fit a case in ${state.status}`,
        details: [{ status: state.status, allowedActions: genericAllowedActions(state) }],
        nonRetryable: true,
      });
    }
    const parsed = BODIES[action].safeParse(req?.body);
    if (!parsed.success) {
      throw ApplicationFailure.create({
        type: 'InvalidAction',
        message: '操作内容不合法 / The action has invalid fields',
        details: [zodFieldErrors(parsed.error)],
        nonRetryable: true,
      });
    }
    const refused = isClock ? clockActionRefusal(state, action as ClockAction, parsed.data as Record<string, unknown>) : null;
    if (refused)
      throw ApplicationFailure.create({
        type: 'ActionNotAllowed',
        message: refused,
        details: [{ status: state.status, allowedActions: genericAllowedActions(state) }],
        nonRetryable: true,
      });
  };
  const awaitFeedback = () => {
    state.status = 'awaiting-feedback';
    state.feedbackRecorded = false;
    start({ id: 'feedback', kind: 'feedback', period: 'feedback' }, rule);
  };

  const act = async (action: Action, req: ActionRequest): Promise<DisputeState> => {
    validate(action, req);
    const actor = req.actor.username || req.actor.userId;
    switch (action) {
      case 'pause-clock':
      case 'resume-clock':
      case 'request-extension':
      case 'decide-extension': {
        const step = applyClockAction(state, action, clockActionBodySchemas[action].parse(req.body) as Record<string, unknown>, {
          at: Date.now(),
          actor,
          calendar,
        });
        await record(step.type, actor, step.detail);
        break;
      }
      case 'reply': {
        const body = genericActionBodySchemas.reply.parse(req.body);
        stop('first-reply');
        if (body.resolved) {
          state.outcome = 'resolved-at-first-contact';
          awaitFeedback();
        } else {
          state.status = 'handling';
          start({ id: 'handling', kind: 'first-contact', period: 'firstContact' }, rule);
        }
        await record('replied', actor, { message: body.message, resolved: body.resolved });
        break;
      }
      case 'conclude': {
        const body = genericActionBodySchemas.conclude.parse(req.body);
        stop('handling');
        state.outcome = body.outcome;
        awaitFeedback();
        await record('concluded', actor, { outcome: body.outcome, summary: body.summary });
        break;
      }
      case 'feedback': {
        const body = genericActionBodySchemas.feedback.parse(req.body);
        stop('feedback');
        state.feedbackRecorded = true;
        start({ id: 'rating', kind: 'rating', owner: 'resident', period: 'rating', counts: false }, rule);
        await record('feedback-recorded', actor, { message: body.message, channel: body.channel });
        break;
      }
      case 'rate': {
        const body = genericActionBodySchemas.rate.parse(req.body);
        stop('rating');
        state.rating = body.score;
        state.status = 'closed';
        await record('rated', actor, { score: body.score, comment: body.comment ?? null });
        await record('closed', actor, { rating: body.score });
        break;
      }
    }
    wake = true;
    return state;
  };

  const tick = async () => {
    const now = Date.now();
    for (const clock of [...state.clocks]) {
      const colour = colourAt(clock, now);
      if (colour === clock.colour) continue;
      const from = clock.colour;
      clock.colour = colour;
      if (clock.kind === 'rating') {
        if (colour !== 'red') continue;
        // The resident did not rate in time: closed with the feedback on record.
        stop(clock.id);
        state.status = 'closed';
        await record('closed', SYSTEM, { rating: null, reason: 'no-rating-in-time' });
        continue;
      }
      const detail = { clock: clock.id, kind: clock.kind, owner: clock.owner, orgUnit: clock.orgUnit, from, to: colour, due: clock.due };
      // Red opens a supervision item (督办) for the leader of the clock's org unit.
      await record(
        'warning-changed',
        SYSTEM,
        detail,
        colour === 'red' ? [{ clockId: clock.id, orgUnit: clock.orgUnit, reason: `${clock.kind}-overdue`, due: clock.due }] : undefined,
      );
    }
  };

  const startFirstReply = () => {
    const firstReply = firstReplyClock(calendar, rule, input.orgUnit, Date.parse(input.registeredAt));
    state.clocks.push(firstReply);
    deadlines.firstReplyDue = firstReply.due;
  };
  /** Instead of `routed`: the current stage's clock from when it began, so an overdue case is red at the first tick. */
  const resumeStage = async (resume: ProcessResume) => {
    const at = Date.parse(resume.stageStartedAt);
    if (resume.status === 'first-contact') startFirstReply();
    else if (resume.status === 'handling') start({ id: 'handling', kind: 'first-contact', period: 'firstContact' }, rule, at);
    else if (resume.feedbackRecorded) start({ id: 'rating', kind: 'rating', owner: 'resident', period: 'rating', counts: false }, rule, at);
    else start({ id: 'feedback', kind: 'feedback', period: 'feedback' }, rule, at);
    await record('process-resumed', SYSTEM, { status: resume.status, stageStartedAt: resume.stageStartedAt });
  };
  /** New holidays: provisional clocks are computed again and the change recorded. */
  const learnHolidays = async () => {
    if (!loadedNotices) return;
    calendar = new WorkCalendar([...BUILT_IN_NOTICES, ...loadedNotices]);
    loadedNotices = undefined;
    const moved = state.clocks.filter((c) => recomputeProvisional(c, calendar, rule));
    if (moved.length) await record('deadlines-recomputed', SYSTEM, { clocks: moved.map((c) => ({ clock: c.id, due: c.due, provisional: c.provisional })) });
  };

  // The first step goes before any action: an update sent right after the registration (the SDK
  // delivers it the moment its handler is set) waits until the run is routed (or resumed).
  busy = true;
  setHandler(stateQuery, () => state);
  for (const action of ACTIONS) {
    setHandler(genericUpdates[action], (req) => exclusive(() => act(action, req)), { validator: (req) => validate(action, req) });
  }
  setHandler(holidaysLoadedSignal, ({ notices }) => {
    loadedNotices = notices as HolidayNotice[];
    wake = true;
  });
  try {
    if (input.resume) {
      await resumeStage(input.resume);
    } else {
      startFirstReply();
      await record('routed', SYSTEM, { ruleVersion: input.ruleVersion, tier: rule.tier, team: rule.team });
    }
  } finally {
    busy = false;
  }
  while (state.status !== 'closed' || state.clocks.length > 0) {
    const next = nextChange(state.clocks);
    if (next === undefined) await condition(() => wake);
    else if (next > Date.now()) await condition(() => wake, next - Date.now());
    wake = false;
    await exclusive(async () => {
      await learnHolidays();
      await tick();
    });
  }
  await condition(allHandlersFinished);
  return state;
}
