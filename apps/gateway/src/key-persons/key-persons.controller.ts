import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { ZodType } from 'zod';
import {
  assessmentDecisionSchema,
  assessmentSchema,
  Commands,
  contactSchema,
  dailyReportSchema,
  keyPersonCreateSchema,
  keyPersonListQuerySchema,
  measureAddSchema,
  openingPurposeSchema,
  removalDecisionSchema,
  removalRequestSchema,
  responsibleChangeSchema,
  riskChangeSchema,
  summarySchema,
  withoutEmptyParams,
  zodFieldErrors,
  type KeyPersonListItem,
  type KeyPersonOpeningView,
  type KeyPersonRecordView,
  type Page,
} from '@fengqiao/contracts';
import { PiiCipher, type Sealed } from '@fengqiao/pii';
import {
  KEY_PERSON_DECIDER_ROLES,
  KEY_PERSON_OFFICER_ROLES,
  KEY_PERSON_REGISTER_READER_ROLES,
  KEY_PERSON_ROUTE_ROLES,
  KeyPersonFailures,
  scoreAssessment,
} from '@fengqiao/rules';
import { RolesAllowed } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { ProblemException } from '../problems/problem.exception';
import { ServiceClient } from '../service-client/service-client';
import { problemSchemaRef } from '../openapi/case.schemas';
import { ApiQueryFrom } from '../openapi/from-zod';
import { GatewayFailures } from '../gateway.failures';
import { keyPersonBodies, keyPersonListItemSchema, keyPersonRecordSchema, openingSchema } from './key-person.schemas';
import { idempotencyKey, invalid, KEY_PERSONS_CLIENT, notFound, sealBody, unseal } from './key-person.sealing';

export { KEY_PERSONS_CLIENT, keyPersonsClientProvider } from './key-person.sealing';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const idParam = { name: 'id', description: 'the person id (uuid)' };

/**
 * The key-person register (重点人员, PIPL Art. 28 sensitive data): the list and the records. The
 * gateway checks the route's roles and the body's shape, then seals the whole body (sealJson, the PII
 * keyring it shares with the service) so nothing written about a person crosses NATS in plain text;
 * a record comes back sealed and is opened here. Need-to-know, purposes and audit are the service's.
 */
@ApiTags('key-persons')
@ApiBearerAuth()
@Controller('api/v1/key-persons')
export class KeyPersonsController {
  constructor(
    @Inject(KEY_PERSONS_CLIENT) private readonly keyPersons: ServiceClient,
    @Inject(PiiCipher) private readonly pii: PiiCipher,
  ) {}

  @Get()
  @RolesAllowed(...KEY_PERSON_REGISTER_READER_ROLES)
  @ApiOperation({ summary: '重点人员名册 / The register of your jurisdiction, masked (?orgUnit=&category=&riskLevel=&status=&page=&pageSize=)' })
  @ApiQueryFrom(keyPersonListQuerySchema, { describe: { category: 'GET /api/v1/key-persons/categories' }, emptyIsAbsent: true })
  @ApiResponse({
    status: 200,
    schema: { type: 'object', properties: { items: { type: 'array', items: keyPersonListItemSchema }, total: { type: 'integer' } } },
  })
  @ApiResponse(invalid)
  list(@Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest): Promise<Page<KeyPersonListItem>> {
    const parsed = keyPersonListQuerySchema.safeParse(withoutEmptyParams(query));
    if (!parsed.success) throw new ProblemException(GatewayFailures.problem('KEY_PERSON_INVALID', zodFieldErrors(parsed.error)));
    return this.keyPersons.request<Page<KeyPersonListItem>>(Commands.keyPersons.list, { query: parsed.data }, req.token, req.requestId);
  }

  @Post()
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...KEY_PERSON_OFFICER_ROLES)
  @ApiOperation({ summary: '列入重点人员名册 / Put a person on the register with category, risk level, reason and responsible persons (starts supervision)' })
  @ApiBody({ schema: keyPersonBodies.create })
  @ApiResponse({ status: 201, schema: keyPersonListItemSchema })
  @ApiResponse(invalid)
  @ApiResponse({ status: 409, description: 'DUPLICATE_PERSON: the ID number is on the register already', schema: problemSchemaRef })
  create(@Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<KeyPersonListItem> {
    const sealed = sealBody(this.pii, keyPersonCreateSchema, body);
    return this.keyPersons.request<KeyPersonListItem>(Commands.keyPersons.create, { sealed }, req.token, req.requestId, idempotencyKey(req));
  }

  @Get(':id')
  @RolesAllowed(...KEY_PERSON_ROUTE_ROLES)
  @ApiOperation({ summary: '打开重点人员档案（须说明用途，留痕）/ Open the full record for a stated purpose (audited, listed under /openings)' })
  @ApiParam(idParam)
  @ApiQueryFrom(openingPurposeSchema, { describe: { purpose: 'why you open it; missing → 422 PURPOSE_REQUIRED, audited' } })
  @ApiResponse({ status: 200, schema: keyPersonRecordSchema })
  @ApiResponse(notFound)
  @ApiResponse({ status: 422, description: 'PURPOSE_REQUIRED', schema: problemSchemaRef })
  async open(@Param('id') id: string, @Query('purpose') purpose: unknown, @Req() req: AuthenticatedRequest): Promise<KeyPersonRecordView> {
    // The purpose travels plain (it is the audit entry's reason); the service refuses and audits a missing one.
    const payload = { personId: this.personId(id), purpose: typeof purpose === 'string' ? purpose : undefined };
    const reply = await this.keyPersons.request<Sealed | KeyPersonRecordView>(Commands.keyPersons.open, payload, req.token, req.requestId);
    return unseal<KeyPersonRecordView>(this.pii, reply);
  }

  @Get(':id/openings')
  @RolesAllowed(...KEY_PERSON_ROUTE_ROLES)
  @ApiOperation({ summary: '档案查阅记录 / Who opened the record, when, which fields, for what — refused attempts too (newest first)' })
  @ApiParam(idParam)
  @ApiResponse({ status: 200, schema: openingSchema })
  @ApiResponse(notFound)
  openings(@Param('id') id: string, @Req() req: AuthenticatedRequest): Promise<KeyPersonOpeningView[]> {
    return this.keyPersons.request<KeyPersonOpeningView[]>(Commands.keyPersons.listOpenings, { personId: this.personId(id) }, req.token, req.requestId);
  }

  @Post(':id/contacts')
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...KEY_PERSON_ROUTE_ROLES)
  @ApiOperation({ summary: '登记见面/电话/走访 / Record a contact (a responsible person, or an officer in jurisdiction); never dated in the future' })
  @ApiParam(idParam)
  @ApiBody({ schema: keyPersonBodies.contact })
  @ApiResponse({ status: 201, schema: { type: 'object', properties: { id: { type: 'string' }, kind: { type: 'string' }, at: { type: 'string' } } } })
  @ApiResponse(notFound)
  @ApiResponse({ status: 422, description: 'invalid fields, or CONTACT_IN_FUTURE', schema: problemSchemaRef })
  @ApiResponse({ status: 409, description: 'NOT_ACTIVE: the person is archived', schema: problemSchemaRef })
  contact(@Param('id') id: string, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<{ id: string; kind: string; at: string }> {
    return this.write(Commands.keyPersons.recordContact, id, contactSchema, body, req);
  }

  @Post(':id/risk')
  @HttpCode(200)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...KEY_PERSON_OFFICER_ROLES)
  @ApiOperation({ summary: '调整风险等级 / Change the risk level with the reason (re-plans the contact cadence; history kept)' })
  @ApiParam(idParam)
  @ApiBody({ schema: keyPersonBodies.risk })
  @ApiResponse({ status: 200, schema: keyPersonListItemSchema })
  @ApiResponse(notFound)
  @ApiResponse(invalid)
  risk(@Param('id') id: string, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<KeyPersonListItem> {
    return this.write(Commands.keyPersons.changeRisk, id, riskChangeSchema, body, req);
  }

  @Post(':id/assessments')
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...KEY_PERSON_OFFICER_ROLES)
  @ApiOperation({ summary: '提交风险评估 / Submit the scored form (every question answered) → a proposed risk level for a leader to approve' })
  @ApiParam(idParam)
  @ApiBody({ schema: keyPersonBodies.assessment })
  @ApiResponse({
    status: 201,
    schema: {
      type: 'object',
      properties: { id: { type: 'string' }, score: { type: 'integer' }, proposedLevel: { type: 'string' }, status: { type: 'string' } },
    },
  })
  @ApiResponse(notFound)
  @ApiResponse({ status: 422, description: 'ASSESSMENT_INCOMPLETE with an error per missing or wrong answer', schema: problemSchemaRef })
  assessment(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() req: AuthenticatedRequest,
  ): Promise<{ id: string; score: number; proposedLevel: string; status: string }> {
    const parsed = assessmentSchema.safeParse(body ?? {});
    if (parsed.success) {
      // Answered before anything goes on the bus; the service scores it again when it stores it.
      const score = scoreAssessment(parsed.data.formVersion, parsed.data.answers);
      if (!score.ok) throw new ProblemException(KeyPersonFailures.problem('ASSESSMENT_INCOMPLETE', score.errors));
    }
    return this.write(Commands.keyPersons.submitAssessment, id, assessmentSchema, body, req);
  }

  @Post(':id/assessments/:assessmentId/decision')
  @HttpCode(200)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...KEY_PERSON_DECIDER_ROLES)
  @ApiOperation({ summary: '审批风险评估 / Approve the proposed level (or set another), or reject (a leader, not the submitter)' })
  @ApiParam(idParam)
  @ApiParam({ name: 'assessmentId' })
  @ApiBody({ schema: keyPersonBodies.assessmentDecision })
  @ApiResponse({ status: 200, schema: keyPersonListItemSchema })
  @ApiResponse(notFound)
  @ApiResponse({ status: 403, description: 'SELF_APPROVAL', schema: problemSchemaRef })
  @ApiResponse({ status: 409, description: 'ALREADY_DECIDED', schema: problemSchemaRef })
  decideAssessment(
    @Param('id') id: string,
    @Param('assessmentId') assessmentId: string,
    @Body() body: unknown,
    @Req() req: AuthenticatedRequest,
  ): Promise<KeyPersonListItem> {
    return this.write(Commands.keyPersons.decideAssessment, id, assessmentDecisionSchema, body, req, { assessmentId });
  }

  @Post(':id/responsible')
  @HttpCode(200)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...KEY_PERSON_OFFICER_ROLES)
  @ApiOperation({ summary: '调整包保责任人 / Replace the responsible persons (with the reason)' })
  @ApiParam(idParam)
  @ApiBody({ schema: keyPersonBodies.responsible })
  @ApiResponse({ status: 200, schema: keyPersonListItemSchema })
  @ApiResponse(notFound)
  @ApiResponse(invalid)
  responsible(@Param('id') id: string, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<KeyPersonListItem> {
    return this.write(Commands.keyPersons.setResponsible, id, responsibleChangeSchema, body, req);
  }

  @Post(':id/measures')
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...KEY_PERSON_OFFICER_ROLES)
  @ApiOperation({ summary: '添加帮扶/管控措施 / Add a help or control measure' })
  @ApiParam(idParam)
  @ApiBody({ schema: keyPersonBodies.measure })
  @ApiResponse({ status: 201, schema: { type: 'object', properties: { id: { type: 'string' } } } })
  @ApiResponse(notFound)
  @ApiResponse(invalid)
  measure(@Param('id') id: string, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<{ id: string }> {
    return this.write(Commands.keyPersons.addMeasure, id, measureAddSchema, body, req);
  }

  @Post(':id/summaries')
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...KEY_PERSON_ROUTE_ROLES)
  @ApiOperation({ summary: '年度总结 / The annual summary (a responsible person, or an officer in jurisdiction)' })
  @ApiParam(idParam)
  @ApiBody({ schema: keyPersonBodies.summary })
  @ApiResponse({ status: 201, schema: { type: 'object', properties: { id: { type: 'string' } } } })
  @ApiResponse(notFound)
  @ApiResponse(invalid)
  summary(@Param('id') id: string, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<{ id: string }> {
    return this.write(Commands.keyPersons.addSummary, id, summarySchema, body, req);
  }

  @Post(':id/removal')
  @HttpCode(200)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...KEY_PERSON_OFFICER_ROLES)
  @ApiOperation({ summary: '申请撤销列管 / Request removal from the register (with the reason); a leader decides' })
  @ApiParam(idParam)
  @ApiBody({ schema: keyPersonBodies.removal })
  @ApiResponse({ status: 200, schema: keyPersonListItemSchema })
  @ApiResponse(notFound)
  @ApiResponse({ status: 409, description: 'REMOVAL_PENDING or NOT_ACTIVE', schema: problemSchemaRef })
  requestRemoval(@Param('id') id: string, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<KeyPersonListItem> {
    return this.write(Commands.keyPersons.requestRemoval, id, removalRequestSchema, body, req);
  }

  @Post(':id/removal/decision')
  @HttpCode(200)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...KEY_PERSON_DECIDER_ROLES)
  @ApiOperation({ summary: '审批撤销列管 / Approve (archived; supervision ends; purged after the retention period) or refuse (active again)' })
  @ApiParam(idParam)
  @ApiBody({ schema: keyPersonBodies.decision })
  @ApiResponse({ status: 200, schema: keyPersonListItemSchema })
  @ApiResponse(notFound)
  @ApiResponse({ status: 403, description: 'SELF_APPROVAL', schema: problemSchemaRef })
  decideRemoval(@Param('id') id: string, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<KeyPersonListItem> {
    return this.write(Commands.keyPersons.decideRemoval, id, removalDecisionSchema, body, req);
  }

  @Post(':id/daily-reports')
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...KEY_PERSON_ROUTE_ROLES)
  @ApiOperation({ summary: '特殊时期日报告 / The daily report for one day of a special period' })
  @ApiParam(idParam)
  @ApiBody({ schema: keyPersonBodies.dailyReport })
  @ApiResponse({ status: 201, schema: { type: 'object', properties: { id: { type: 'string' } } } })
  @ApiResponse(notFound)
  @ApiResponse({ status: 422, description: 'invalid fields, or NO_SPECIAL_PERIOD_DAY', schema: problemSchemaRef })
  dailyReport(@Param('id') id: string, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<{ id: string }> {
    return this.write(Commands.keyPersons.recordDailyReport, id, dailyReportSchema, body, req);
  }

  /** A write on one person: the body validated, sealed whole, sent with the ids in plain. */
  private write<T>(pattern: string, id: string, schema: ZodType, body: unknown, req: AuthenticatedRequest, ids: Record<string, string> = {}): Promise<T> {
    const personId = this.personId(id);
    const sealed = sealBody(this.pii, schema, body);
    return this.keyPersons.request<T>(pattern, { personId, ...ids, sealed }, req.token, req.requestId, idempotencyKey(req));
  }

  /** Not a uuid is no record (answered as any record outside need-to-know). */
  private personId(id: string): string {
    if (!UUID.test(id)) throw new ProblemException(KeyPersonFailures.problem('KEY_PERSON_NOT_FOUND'));
    return id;
  }
}
