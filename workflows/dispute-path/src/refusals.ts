import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { DisputeState } from '@fengqiao/contracts';

/** Failures of the mediation service that no retry can fix: the action is refused (422), the run goes on. */
export const REFUSALS = ['UnknownMediator', 'NoMediatorAvailable'];

/** Refused because of the state: the gateway answers 409 with the allowed actions. */
export function notAllowed(action: string, state: DisputeState, why?: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: 'ActionNotAllowed',
    message: why ?? `操作 ${action} 不适用于当前状态 ${state.status} / ${action} does not fit a case in ${state.status}`,
    details: [{ status: state.status, allowedActions: state.allowedActions }],
    nonRetryable: true,
  });
}

/** Refused because of its content (422). */
export function invalid(message: string, errors?: unknown): ApplicationFailure {
  return ApplicationFailure.create({ type: 'InvalidAction', message, details: errors ? [errors] : [], nonRetryable: true });
}

/**
 * What the caller of a failed action is told: our own refusals as they are, a mediation refusal as
 * 422, any other activity failure as "unavailable" — never a failed workflow task.
 */
export function refusal(e: unknown): unknown {
  if (e instanceof ApplicationFailure && (e.type === 'ActionNotAllowed' || e.type === 'InvalidAction')) return e;
  if (e instanceof ActivityFailure && e.cause instanceof ApplicationFailure && REFUSALS.includes(e.cause.type ?? '')) return invalid(e.cause.message);
  if (e instanceof ActivityFailure) {
    return ApplicationFailure.create({
      type: 'Unavailable',
      message: "相关中心的服务暂时无响应 / The centre's service did not answer in time",
      nonRetryable: true,
    });
  }
  return e;
}
