import type { WorkCalendar } from '@fengqiao/calendar';
import { clockActionBodySchemas, type CaseClock, type ClockAction, type DisputeState } from '@fengqiao/contracts';
import { extendClock, pauseClock, resumeClock } from '../clocks';
import type { Role } from '../roles';
import type { ActionSpec, ProcessStateView } from './case-kind';

/** The clocks a person's stop or extension applies to: those that colour the case (not the parties' windows). */
const counting = (clocks: readonly CaseClock[]) => clocks.filter((c) => c.counts);

/**
 * The clock controls every kind offers (pause, resume, extension asked and decided), with the roles of
 * the kind: `staff` stop clocks and ask; `approvers` decide extensions (the head who approves, §34).
 */
export function clockActions(staff: readonly Role[], approvers: readonly Role[]): Record<ClockAction, ActionSpec> {
  return {
    'pause-clock': {
      schema: clockActionBodySchemas['pause-clock'],
      roles: staff,
      label: { zh: '暂停计时', en: 'Stop the clock' },
      description: {
        zh: '因听证、补充材料或当事人同意暂停等原因暂停计时，暂停期间不计入期限',
        en: 'Stops the clock (a hearing, a material request, the parties’ consent); the stop is excluded from the period',
      },
      example: { reason: '举行听证' },
    },
    'resume-clock': {
      schema: clockActionBodySchemas['resume-clock'],
      roles: staff,
      label: { zh: '恢复计时', en: 'Resume the clock' },
      description: { zh: '恢复计时，期限顺延暂停的时间', en: 'Resumes the clock; the due date moves by the time stopped' },
      example: { note: '听证结束' },
    },
    'request-extension': {
      schema: clockActionBodySchemas['request-extension'],
      roles: staff,
      label: { zh: '申请延期', en: 'Ask for an extension' },
      description: { zh: '说明理由申请延长办理期限，由负责人审批', en: 'Asks, with a reason, for more days; an approver decides' },
      example: { days: 30, reason: '案情复杂，需多部门会商' },
    },
    'decide-extension': {
      schema: clockActionBodySchemas['decide-extension'],
      roles: approvers,
      label: { zh: '审批延期', en: 'Decide the extension' },
      description: { zh: '批准或不批准延期；结果及理由告知群众', en: 'Approves or refuses the extension; the resident is told, with the reason' },
      example: { approved: true, note: '同意延期' },
    },
  };
}

/** Which clock controls fit the state now. */
export function clockAllowedActions(s: ProcessStateView & Pick<DisputeState, 'extensionRequest'>): ClockAction[] {
  if (s.status === 'closed') return [];
  const clocks = counting(s.clocks);
  const actions: ClockAction[] = [];
  if (clocks.some((c) => !c.pausedAt)) actions.push('pause-clock');
  if (clocks.some((c) => c.pausedAt)) actions.push('resume-clock');
  if (s.extensionRequest) actions.push('decide-extension');
  else if (clocks.length) actions.push('request-extension');
  return actions;
}

/** What a clock control did: the timeline step to record. */
export interface ClockStep {
  type: 'clock-paused' | 'clock-resumed' | 'extension-requested' | 'extension-approved' | 'extension-refused';
  detail: Record<string, unknown>;
}

/** The named clock, or every clock that counts. */
function target(clocks: CaseClock[], id: string | undefined): CaseClock[] {
  const all = counting(clocks);
  return id ? all.filter((c) => c.id === id) : all;
}

/**
 * Applies a clock control to the state (the workflow's, in place) — the one implementation every
 * kind's process calls. `body` is already checked by its schema; refusals are for the validator.
 */
export function applyClockAction(
  s: Pick<DisputeState, 'clocks' | 'extensionRequest'>,
  action: ClockAction,
  body: Record<string, unknown>,
  o: { at: number; actor: string; calendar: WorkCalendar },
): ClockStep {
  const at = new Date(o.at).toISOString();
  switch (action) {
    case 'pause-clock': {
      const clocks = target(s.clocks, body['clock'] as string | undefined).filter((c) => !c.pausedAt);
      for (const c of clocks) pauseClock(c, o.at, String(body['reason']));
      return { type: 'clock-paused', detail: { clocks: clocks.map((c) => c.id), reason: body['reason'], at } };
    }
    case 'resume-clock': {
      const clocks = counting(s.clocks).filter((c) => c.pausedAt);
      const stopped = clocks.map((c) => ({ clock: c.id, stoppedMs: resumeClock(c, o.at), due: c.due }));
      return { type: 'clock-resumed', detail: { clocks: stopped, note: body['note'] ?? null } };
    }
    case 'request-extension': {
      const clock = (target(s.clocks, body['clock'] as string | undefined)[0] ?? counting(s.clocks)[0])!;
      s.extensionRequest = { clock: clock.id, days: Number(body['days']), reason: String(body['reason']), requestedBy: o.actor, at };
      return { type: 'extension-requested', detail: { clock: clock.id, days: body['days'], reason: body['reason'] } };
    }
    case 'decide-extension': {
      const req = s.extensionRequest!;
      s.extensionRequest = null;
      const clock = s.clocks.find((c) => c.id === req.clock);
      const approved = body['approved'] === true;
      if (approved && clock) extendClock(clock, o.calendar, req.days);
      // The resident is told the decision and its reason (§34: the reason for an extension is told to the petitioner).
      return {
        type: approved ? 'extension-approved' : 'extension-refused',
        detail: { clock: req.clock, days: req.days, reason: req.reason, note: body['note'] ?? null, due: clock?.due ?? null, toldTo: 'resident' },
      };
    }
  }
}

/** Whether a clock control fits: the validator's finer check (a named clock must be running and counting). */
export function clockActionRefusal(s: Pick<DisputeState, 'clocks' | 'extensionRequest'>, action: ClockAction, body: Record<string, unknown>): string | null {
  const id = body['clock'] as string | undefined;
  if ((action === 'pause-clock' || action === 'request-extension') && id && !target(s.clocks, id).length) {
    return `计时 ${id} 未在运行 / Clock ${id} is not running`;
  }
  return null;
}
