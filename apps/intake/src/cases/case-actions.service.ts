import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import {
  caseActionSchema,
  DisputeSignals,
  fail,
  problem,
  zodFieldErrors,
  type ActionBody,
  type ActionRequest,
  type Caller,
  type CaseView,
  type FieldError,
  type JudicialConfirmationSignal,
  type Problem,
  type Reply,
  judicialConfirmationSchema,
} from '@fengqiao/contracts';
import { hasAnyRole } from '@fengqiao/auth';
import { caseKindModules, kindModule, mayRecordJudicialConfirmation } from '@fengqiao/rules';
import { createHash } from 'node:crypto';
import { CaseEntity } from './case.entity';
import type { CasesService } from './cases.service';
import type { ReferenceService } from '../reference/reference.service';
import { inScope, type Scope } from '../database/jurisdiction-scope';

export interface CaseActionsDeps {
  ds: DataSource;
  refs: ReferenceService;
  cases: CasesService;
  temporal: Client;
  scopeOf: (caller: Caller) => Promise<Scope>;
}

/** 409 with the actions that fit the case now, so a client can offer them. */
const conflict = (detail: string, allowedActions: readonly string[]): Problem => ({ ...problem('conflict', detail), allowedActions: [...allowedActions] });

/**
 * Actions on a case (docs/api.md): role, jurisdiction and body are checked here, then the action
 * runs as an update of the case's workflow, whose validator decides whether it fits the state.
 * The answer is the case as PostgreSQL holds it after the step.
 */
export class CaseActionsService {
  constructor(private readonly d: CaseActionsDeps) {}

  /**
   * `requestKey` (the client's Idempotency-Key) becomes the update's id: Temporal runs an update
   * once per id, so a retry after any crash answers with the first result instead of acting twice.
   */
  async act(raw: unknown, caller: Caller, requestKey?: string): Promise<Reply<CaseView>> {
    const envelope = caseActionSchema.safeParse(raw);
    if (!envelope.success) return fail(problem('validation', '操作请求不合法 / Invalid action request', zodFieldErrors(envelope.error)));
    const { id, action } = envelope.data;
    const anywhere = caseKindModules().filter((k) => action in k.actions);
    if (!anywhere.length) return fail(problem('validation', '操作请求不合法 / Invalid action request', [{ path: 'action', message: `未知操作 / unknown action ${action}` }]));
    if (!anywhere.some((k) => hasAnyRole(caller, k.actions[action]!.roles))) {
      return fail(problem('forbidden', `当前角色不能执行 ${action} / Your role may not ${action}`));
    }
    const c = await this.visibleCase(id, caller);
    if (!c) return fail(problem('notFound', '案件不存在 / Case not found'));
    // The case's kind declares its actions, their roles and bodies (libs/rules).
    const spec = kindModule(c.kind)?.actions[action];
    if (!spec) return fail(conflict(`该类案件没有操作 ${action} / A ${c.kind} case has no action ${action}`, c.allowedActions ?? []));
    if (!hasAnyRole(caller, spec.roles)) {
      return fail(problem('forbidden', `当前角色不能执行 ${action} / Your role may not ${action}`));
    }
    const parsed = spec.schema.safeParse(envelope.data.body ?? {});
    if (!parsed.success) return fail(problem('validation', '操作内容不合法 / The action has invalid fields', zodFieldErrors(parsed.error)));
    const refused = spec.mayTake?.(caller, parsed.data);
    if (refused) return fail(problem('forbidden', `${refused.zh} / ${refused.en}`));
    if (action === 'escalate') {
      const unknown = await this.unknownOrgUnits(parsed.data as ActionBody<'escalate'>);
      if (unknown.length) return fail(problem('validation', '未知的单位 / Unknown org unit', unknown));
    }

    const request: ActionRequest = { actor: caller, body: parsed.data };
    const updateId = requestKey ? createHash('sha256').update(`${caller.userId}\n${requestKey}`).digest('hex') : undefined;
    try {
      await this.d.temporal.workflow.getHandle(c.workflowId).executeUpdate(action, { args: [request], ...(updateId ? { updateId } : {}) });
    } catch (e) {
      return fail(this.refusal(e, c));
    }
    return this.d.cases.get(id, caller);
  }

  /** The court's answer on a judicial confirmation reaches the workflow as a signal. */
  async recordJudicialConfirmation(raw: unknown, caller: Caller): Promise<Reply<CaseView>> {
    const parsed = judicialConfirmationSchema.safeParse(raw);
    if (!parsed.success) return fail(problem('validation', '司法确认信息不合法 / Invalid judicial confirmation', zodFieldErrors(parsed.error)));
    if (!mayRecordJudicialConfirmation(caller)) {
      return fail(problem('forbidden', '当前角色不能登记司法确认结果 / Your role may not record a judicial confirmation'));
    }
    const { id, ...answer } = parsed.data;
    const c = await this.visibleCase(id, caller);
    if (!c) return fail(problem('notFound', '案件不存在 / Case not found'));
    if (!c.clocks?.some((k) => k.kind === 'judicial-confirmation')) {
      return fail(conflict('案件没有待司法确认的调解协议 / The case has no agreement awaiting judicial confirmation', c.allowedActions ?? []));
    }
    const signal: JudicialConfirmationSignal = { ...answer, recordedBy: caller.username };
    try {
      await this.d.temporal.workflow.getHandle(c.workflowId).signal(DisputeSignals.judicialConfirmation, signal);
    } catch (e) {
      return fail(this.refusal(e, c));
    }
    return this.d.cases.get(id, caller);
  }

  private async visibleCase(id: string, caller: Caller): Promise<CaseEntity | undefined> {
    return inScope(this.d.ds, await this.d.scopeOf(caller), async (m) => {
      const c = await m.getRepository(CaseEntity).findOneBy({ id });
      // Row-level security already hid other jurisdictions; this is the second lock, as for reads.
      return c && this.d.cases.mayRead(c, caller) ? c : undefined;
    });
  }

  private async unknownOrgUnits(body: ActionBody<'escalate'>): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    if (body.leadOrgUnit && !(await this.d.refs.orgUnit(body.leadOrgUnit))) errors.push({ path: 'leadOrgUnit', message: '未知的单位 / unknown org unit' });
    for (const [i, d] of body.departments.entries()) {
      if (typeof d !== 'string' && !(await this.d.refs.orgUnit(d.orgUnit))) errors.push({ path: `departments[${i}].orgUnit`, message: '未知的单位 / unknown org unit' });
    }
    return errors;
  }

  /** The workflow's refusal → the problem the gateway serves. */
  private refusal(e: unknown, c: CaseEntity): Problem {
    const cause = e instanceof WorkflowUpdateFailedError ? e.cause : undefined;
    if (cause instanceof ApplicationFailure) {
      const details = (cause.details?.[0] ?? {}) as { allowedActions?: string[] };
      if (cause.type === 'ActionNotAllowed') return conflict(cause.message, details.allowedActions ?? c.allowedActions ?? []);
      if (cause.type === 'InvalidAction') return problem('validation', cause.message, Array.isArray(cause.details?.[0]) ? (cause.details[0] as FieldError[]) : undefined);
      if (cause.type === 'Unavailable') return problem('unavailable', cause.message);
    }
    // A run that ended, or one of the first version (no actions): nothing to do on this case now.
    if (e instanceof WorkflowUpdateFailedError || e instanceof WorkflowNotFoundError || /not found|already completed/i.test(String((e as Error)?.message ?? e))) {
      return conflict('案件流程已结束或不接受该操作 / The case process has ended or does not take this action', []);
    }
    throw e;
  }
}
