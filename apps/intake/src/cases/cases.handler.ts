import { Controller, Inject } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { Commands, IDEMPOTENCY_KEY_HEADER, ok, REQUEST_ID_HEADER, type Caller } from '@fengqiao/contracts';
import { CASE_READER_ROLES, TokenVerifier, type Role } from '@fengqiao/auth';
import { CASE_READS_AUDITOR_ROLES, CASE_REGISTRAR_ROLES, OPEN311_PUBLIC_READER_ROLES, OPEN311_ROLES } from '@fengqiao/rules';
import { JsonLogger } from '@fengqiao/observability';
import { CasesService, UNMASK_ROLES } from './cases.service';
import { CaseReadsService, readContextOf } from './case-reads';
import { INTAKE_LOGGER } from '../config/intake.config';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';

/**
 * NATS entry points. Every message must carry the caller's access token; @Guarded verifies it
 * here again (the gateway already did) with the caller's roles, so a message forged on the bus is refused.
 */
@Controller()
export class CasesHandler implements GuardedHandler {
  constructor(
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(CaseReadsService) private readonly caseReads: CaseReadsService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(INTAKE_LOGGER) readonly logger: JsonLogger,
  ) {}

  // Integrators register Open311 reports (their kinds only: CasesService.register).
  @Guarded(Commands.intake.createCase, { roles: [...CASE_REGISTRAR_ROLES, ...OPEN311_ROLES] })
  create(caller: Caller, body: unknown, ctx: NatsContext) {
    return this.cases.register(body, caller, ctx.getHeaders()?.get(IDEMPOTENCY_KEY_HEADER) || undefined);
  }

  @Guarded(Commands.intake.getCase, { roles: CASE_READER_ROLES })
  get(caller: Caller, body: { id?: unknown } | undefined, ctx: NatsContext) {
    return this.cases.get(String(body?.id ?? ''), caller, readContextOf(ctx));
  }

  @Guarded(Commands.intake.listCases, { roles: CASE_READER_ROLES })
  list(caller: Caller, query: unknown, ctx: NatsContext) {
    return this.cases.list(query, caller, readContextOf(ctx));
  }

  @Guarded(Commands.intake.listCaseReads, { roles: CASE_READS_AUDITOR_ROLES })
  reads(caller: Caller, body: unknown, ctx: NatsContext) {
    return this.caseReads.list(body, caller, readContextOf(ctx));
  }

  @Guarded(Commands.intake.unmaskParty, { roles: UNMASK_ROLES as Role[] })
  unmask(caller: Caller, body: unknown, ctx: NatsContext) {
    return this.cases.unmaskParty(body, caller, ctx.getHeaders()?.get(REQUEST_ID_HEADER) || undefined);
  }

  // Categories are Open311's service list, which anyone may read (the gateway's public reader).
  @Guarded(Commands.intake.listCategories, { roles: [...CASE_READER_ROLES, ...OPEN311_ROLES, ...OPEN311_PUBLIC_READER_ROLES] })
  async categories() {
    return ok(await this.cases.categories());
  }
}
