import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  caseReadsQuerySchema,
  Commands,
  createCaseSchema,
  listCasesQuerySchema,
  supervisionQuerySchema,
  judicialConfirmationSchema,
  unmaskPartySchema,
  zodFieldErrors,
  type CaseView,
  type CategoryView,
  type Page,
  type CreateCaseInput,
  type UnmaskedParty,
  type CaseReadView,
} from '@fengqiao/contracts';
import { isSealed, PiiCipher } from '@fengqiao/pii';
import { CASE_READER_ROLES, Roles, type Role } from '@fengqiao/auth';
import { actionRoles, caseKindModules, CASE_READS_AUDITOR_ROLES, CASE_REGISTRAR_ROLES, JUDICIAL_CONFIRMATION_ROLES } from '@fengqiao/rules';
import { RolesAllowed } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { idempotencyKey, IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { ProblemException } from '../problems/problem.exception';
import { INTAKE_CLIENT } from '../service-client/service-clients';
import type { ServiceClient } from '../service-client/service-client';
import { caseSchemaRef, createCaseBodySchema, problemSchemaRef } from '../openapi/case.schemas';
import { ApiQueryFrom, openApiSchemaOf } from '../openapi/from-zod';
import { GatewayFailures } from '../gateway.failures';
import { revealReason } from '../reads/reveal-reason';
import { ApiReadPurpose, readHeaders, withoutPurpose } from '../reads/read-purpose';
import { idNumberQueryParameter, sealIdNumberQuery } from '../reads/id-number-query';

/** A page of items as every paged list answers it. */
const pageOf = (item: object) => ({
  type: 'object',
  properties: { items: { type: 'array', items: item }, total: { type: 'integer' }, page: { type: 'integer' }, pageSize: { type: 'integer' } },
});

const caseReadsPageSchema = pageOf({
  type: 'object',
  properties: {
    seq: { type: 'integer', description: 'the entry in the audit log' },
    at: { type: 'string', format: 'date-time' },
    actor: { type: 'string' },
    actorId: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    orgUnit: { type: 'string', nullable: true },
    action: { type: 'string', example: 'read.case' },
    route: { type: 'string', nullable: true, example: 'case-view' },
    purpose: { type: 'string', nullable: true },
    purposeStated: { type: 'boolean' },
    fields: { type: 'array', items: { type: 'string' } },
    alongWith: { type: 'integer', description: 'other cases the same answer showed' },
    result: { type: 'string', enum: ['allowed', 'denied'] },
    requestId: { type: 'string', nullable: true },
  },
});

/** The body of an unmasking: its reason (the case and party are in the path). */
const unmaskBodySchema = unmaskPartySchema.pick({ reason: true });
/** Anyone who may take at least one action of some kind; intake checks the role of the action itself. */
const ACTORS = actionRoles() as Role[];

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/v1')
export class CasesController {
  constructor(
    @Inject(INTAKE_CLIENT) private readonly intake: ServiceClient,
    @Inject(PiiCipher) private readonly pii: PiiCipher,
  ) {}

  @Post('cases')
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...CASE_REGISTRAR_ROLES)
  @ApiOperation({ summary: '登记案件 / Register a case' })
  @ApiBody({ schema: createCaseBodySchema() })
  @ApiResponse({ status: 201, schema: caseSchemaRef })
  @ApiResponse({ status: 422, description: 'validation problem', schema: problemSchemaRef })
  async create(@Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<CaseView> {
    // Shape errors are answered here; the rest (ID checks, reference data) by intake.
    const parsed = createCaseSchema.safeParse(body);
    if (!parsed.success) throw new ProblemException(GatewayFailures.problem('CASE_INVALID', zodFieldErrors(parsed.error)));
    return this.intake.request<CaseView>(Commands.intake.createCase, this.sealParties(parsed.data), req.token, req.requestId, idempotencyKey(req));
  }

  @Get('cases')
  @RolesAllowed(...CASE_READER_ROLES)
  @ApiOperation({
    summary: '案件列表 / List cases (orgUnit includes its subtree; idNumber finds a party exactly)',
    description: "A page that shows cases is recorded in the audit log (who, which cases, why) before it answers: the parties' names are personal data.",
  })
  @ApiReadPurpose()
  @ApiQueryFrom(listCasesQuerySchema, {
    describe: { idNumber: 'exact, through the blind index' },
    refine: { kind: { enum: caseKindModules().map((k) => k.kind) }, idNumber: idNumberQueryParameter },
  })
  @ApiResponse({ status: 200, schema: pageOf(caseSchemaRef) })
  @ApiResponse({ status: 503, description: 'READ_NOT_AUDITED: the audit log could not record the read; nothing is shown', schema: problemSchemaRef })
  list(@Query() query: Record<string, string>, @Req() req: AuthenticatedRequest): Promise<Page<CaseView>> {
    const headers = readHeaders(req);
    const q = withoutPurpose(query);
    // An ID number to look up is personal data too: sealed before it goes on the bus.
    const sealed = sealIdNumberQuery(this.pii, q);
    return this.intake.request<Page<CaseView>>(Commands.intake.listCases, sealed, req.token, req.requestId, undefined, headers);
  }

  @Get('cases/:id')
  @RolesAllowed(...CASE_READER_ROLES)
  @ApiOperation({ summary: '案件详情 / One case', description: 'Recorded in the audit log (who, which fields, why) before it answers.' })
  @ApiReadPurpose()
  @ApiResponse({ status: 200, schema: caseSchemaRef })
  @ApiResponse({ status: 503, description: 'READ_NOT_AUDITED: the audit log could not record the read; nothing is shown', schema: problemSchemaRef })
  get(@Param('id') id: string, @Req() req: AuthenticatedRequest): Promise<CaseView> {
    return this.intake.request<CaseView>(Commands.intake.getCase, { id }, req.token, req.requestId, undefined, readHeaders(req));
  }

  @Get('cases/:id/reads')
  @RolesAllowed(...CASE_READS_AUDITOR_ROLES)
  @ApiOperation({
    summary: "个人信息查阅记录 / Who read this case's personal data: when, with which roles, which fields, why (newest first)",
    description:
      'From the audit log: reads of the case, the list pages and person files that showed it, documents and files of its petition or legal-aid application, and the unmasking of its parties. Leaders and admins whose jurisdiction holds the case; listing them is itself recorded.',
  })
  @ApiQueryFrom(caseReadsQuerySchema.omit({ id: true }))
  @ApiResponse({ status: 200, schema: caseReadsPageSchema })
  @ApiResponse({ status: 404, description: 'no such case in your jurisdiction', schema: problemSchemaRef })
  reads(@Param('id') id: string, @Query() query: Record<string, string>, @Req() req: AuthenticatedRequest): Promise<Page<CaseReadView>> {
    return this.intake.request<Page<CaseReadView>>(
      Commands.intake.listCaseReads,
      { ...withoutPurpose(query), id },
      req.token,
      req.requestId,
      undefined,
      readHeaders(req),
    );
  }

  @Post('cases/:id/parties/:index/unmask')
  @HttpCode(200)
  @RolesAllowed(Roles.clerk, Roles.mediator, Roles.leader)
  @ApiOperation({ summary: "查看当事人完整身份证号和电话（留痕）/ Reveal a party's ID and phone (audited)" })
  @ApiBody({ schema: openApiSchemaOf(unmaskBodySchema) })
  // No Idempotency-Key replay here: a stored replay would keep the revealed data at rest.
  async unmask(
    @Param('id') id: string,
    @Param('index') index: string,
    @Body() body: { reason?: unknown },
    @Req() req: AuthenticatedRequest,
  ): Promise<UnmaskedParty> {
    const payload = { id, party: index, reason: revealReason(body), sourceIp: req.ip };
    const sealed = await this.intake.request<UnmaskedParty>(Commands.intake.unmaskParty, payload, req.token, req.requestId);
    const open = (v: string | null) => (isSealed(v) ? this.pii.decrypt(v) : v);
    return { ...sealed, idNumber: open(sealed.idNumber), phone: open(sealed.phone) };
  }

  @Post('cases/:id/actions/:action')
  @HttpCode(200)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...ACTORS)
  @ApiOperation({
    summary: '案件操作 / An action on a case',
    description:
      "The case's kind declares its actions (each documented under its own path). 409 (problem+json with `allowedActions`) when the action does not fit the case's state.",
  })
  @ApiBody({ schema: { type: 'object', description: 'the body of the action (docs/api.md)' } })
  @ApiResponse({ status: 200, schema: caseSchemaRef })
  @ApiResponse({ status: 409, description: 'not allowed in this state; lists allowedActions', schema: problemSchemaRef })
  act(@Param('id') id: string, @Param('action') action: string, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<CaseView> {
    return this.intake.request<CaseView>(Commands.intake.act, { id, action, body: body ?? {} }, req.token, req.requestId, idempotencyKey(req));
  }

  @Post('cases/:id/judicial-confirmation')
  @HttpCode(200)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...JUDICIAL_CONFIRMATION_ROLES)
  @ApiOperation({ summary: "登记法院司法确认结果 / Record the court's answer on a judicial confirmation" })
  @ApiBody({ schema: openApiSchemaOf(judicialConfirmationSchema.omit({ id: true })) })
  judicialConfirmation(@Param('id') id: string, @Body() body: Record<string, unknown>, @Req() req: AuthenticatedRequest): Promise<CaseView> {
    return this.intake.request<CaseView>(Commands.intake.recordJudicialConfirmation, { ...(body ?? {}), id }, req.token, req.requestId);
  }

  @Get('supervision')
  @RolesAllowed(Roles.leader, Roles.admin)
  @ApiOperation({ summary: '督办事项 / Supervision items of your subtree' })
  @ApiQueryFrom(supervisionQuerySchema)
  supervision(@Query() query: Record<string, string>, @Req() req: AuthenticatedRequest): Promise<Page<unknown>> {
    return this.intake.request<Page<unknown>>(Commands.intake.listSupervision, query, req.token, req.requestId);
  }

  /** ID and phone numbers leave the gateway sealed: no plain personal data on NATS. */
  private sealParties(input: CreateCaseInput): CreateCaseInput {
    const seal = (v: string | undefined) => (v ? this.pii.encrypt(v) : v);
    return { ...input, parties: input.parties.map((p) => ({ ...p, idNumber: seal(p.idNumber), phone: seal(p.phone) })) };
  }

  @Get('categories')
  @RolesAllowed(...CASE_READER_ROLES)
  @ApiOperation({ summary: '案件类别及其路由规则 / Categories and their routing rules' })
  categories(@Req() req: AuthenticatedRequest): Promise<CategoryView[]> {
    return this.intake.request<CategoryView[]>(Commands.intake.listCategories, {}, req.token, req.requestId);
  }
}
