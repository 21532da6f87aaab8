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
import { CaseFailures } from './cases.failures';
import type { CasesService } from './cases.service';
import type { ReferenceService } from '../reference/reference.service';
import { inScope, type Scope } from '../database/jurisdiction-scope';
import { rememberPerson } from './people';

export interface CaseActionsDeps {
  ds: DataSource;
  refs: ReferenceService;
  cases: CasesService;
  temporal: Client;
  scopeOf: (caller: Caller) => Promise<Scope>;
}

/** 409 with the actions that fit the case now, so a client can offer them. */
const conflict = (p: Problem, allowedActions: readonly string[]): Problem => ({ ...p, allowedActions: [...allowedActions] });

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
    if (!envelope.success) return CaseFailures.fail('ACTION_REQUEST_INVALID', zodFieldErrors(envelope.error));
    const { id, action } = envelope.data;
    const anywhere = caseKindModules().filter((k) => action in k.actions);
    if (!anywhere.length) return CaseFailures.fail('ACTION_UNKNOWN', { action });
    if (!anywhere.some((k) => hasAnyRole(caller, k.actions[action]!.roles))) {
      return CaseFailures.fail('ACTION_FORBIDDEN', { action });
    }
    const c = await this.visibleCase(id, caller);
    if (!c) return CaseFailures.fail('CASE_NOT_FOUND');
    // The same matter is handled once: in the case this one joined.
    if (c.mergedInto) return fail(conflict(CaseFailures.problem('CASE_MERGED'), []));
    // The case's kind declares its actions, their roles and bodies (libs/rules).
    const spec = kindModule(c.kind)?.actions[action];
    if (!spec) return fail(conflict(CaseFailures.problem('ACTION_NOT_OF_KIND', { action, kind: c.kind }), c.allowedActions ?? []));
    if (!hasAnyRole(caller, spec.roles)) {
      return CaseFailures.fail('ACTION_FORBIDDEN', { action });
    }
    const parsed = spec.schema.safeParse(envelope.data.body ?? {});
    if (!parsed.success) return CaseFailures.fail('ACTION_BODY_INVALID', zodFieldErrors(parsed.error));
    const refused = spec.mayTake?.(caller, parsed.data);
    if (refused) return CaseFailures.fail('ACTION_REFUSED', { zh: refused.zh, en: refused.en });
    if (action === 'escalate') {
      const unknown = await this.unknownOrgUnits(parsed.data as ActionBody<'escalate'>);
      if (unknown.length) return CaseFailures.fail('ORG_UNIT_UNKNOWN', unknown);
    }

    // The step this causes is shown under the caller's name (the process records the login id).
    await rememberPerson(this.d.ds, caller);
    const request: ActionRequest = { actor: caller, body: parsed.data };
    const updateId = requestKey ? createHash('sha256').update(`${caller.userId}\n${requestKey}`).digest('hex') : undefined;
    try {
      await this.d.temporal.workflow.getHandle(c.workflowId).executeUpdate(action, { args: [request], ...(updateId ? { updateId } : {}) });
    } catch (e) {
      return fail(this.refusal(e, c));
    }
    return this.d.cases.get(id, caller, {}, 'case-action');
  }

  /** The court's answer on a judicial confirmation reaches the workflow as a signal. */
  async recordJudicialConfirmation(raw: unknown, caller: Caller): Promise<Reply<CaseView>> {
    const parsed = judicialConfirmationSchema.safeParse(raw);
    if (!parsed.success) return CaseFailures.fail('JUDICIAL_CONFIRMATION_INVALID', zodFieldErrors(parsed.error));
    if (!mayRecordJudicialConfirmation(caller)) {
      return CaseFailures.fail('JUDICIAL_CONFIRMATION_FORBIDDEN');
    }
    const { id, ...answer } = parsed.data;
    const c = await this.visibleCase(id, caller);
    if (!c) return CaseFailures.fail('CASE_NOT_FOUND');
    if (!c.clocks?.some((k) => k.kind === 'judicial-confirmation')) {
      return fail(conflict(CaseFailures.problem('NO_AGREEMENT_AWAITING_CONFIRMATION'), c.allowedActions ?? []));
    }
    await rememberPerson(this.d.ds, caller);
    const signal: JudicialConfirmationSignal = { ...answer, recordedBy: caller.username };
    try {
      await this.d.temporal.workflow.getHandle(c.workflowId).signal(DisputeSignals.judicialConfirmation, signal);
    } catch (e) {
      return fail(this.refusal(e, c));
    }
    return this.d.cases.get(id, caller, {}, 'case-action');
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
      if (typeof d !== 'string' && !(await this.d.refs.orgUnit(d.orgUnit)))
        errors.push({ path: `departments[${i}].orgUnit`, message: '未知的单位 / unknown org unit' });
    }
    return errors;
  }

  /** The workflow's refusal → the problem the gateway serves. */
  private refusal(e: unknown, c: CaseEntity): Problem {
    const cause = e instanceof WorkflowUpdateFailedError ? e.cause : undefined;
    if (cause instanceof ApplicationFailure) {
      const details = (cause.details?.[0] ?? {}) as { allowedActions?: string[] };
      if (cause.type === 'ActionNotAllowed') return conflict(problem('conflict', cause.message), details.allowedActions ?? c.allowedActions ?? []);
      if (cause.type === 'InvalidAction')
        return problem('validation', cause.message, Array.isArray(cause.details?.[0]) ? (cause.details[0] as FieldError[]) : undefined);
      if (cause.type === 'Unavailable') return problem('unavailable', cause.message);
    }
    // A run that ended, or one of the first version (no actions): nothing to do on this case now.
    if (
      e instanceof WorkflowUpdateFailedError ||
      e instanceof WorkflowNotFoundError ||
      /not found|already completed/i.test(String((e as Error)?.message ?? e))
    ) {
      return conflict(CaseFailures.problem('PROCESS_ENDED'), []);
    }
    throw e;
  }
}
