import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, StreamableFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { ZodType } from 'zod';
import {
  assessmentDecisionSchema,
  assessmentSchema,
  Commands,
  contactSchema,
  dailyReportSchema,
  exportDecisionSchema,
  exportRequestSchema,
  KEY_PERSON_RISK_LEVELS,
  KEY_PERSON_STATUSES,
  keyPersonCreateSchema,
  keyPersonListQuerySchema,
  measureAddSchema,
  removalDecisionSchema,
  removalRequestSchema,
  responsibleChangeSchema,
  riskChangeSchema,
  specialPeriodSchema,
  summarySchema,
  withoutEmptyParams,
  zodFieldErrors,
  type KeyPersonCategoryView,
  type KeyPersonExportView,
  type KeyPersonListItem,
  type KeyPersonOpeningView,
  type KeyPersonRecordView,
  type KeyPersonStatsView,
  type KeyPersonTaskView,
  type KeyPersonWarningView,
  type MissingDailyReportView,
  type Page,
  type SpecialPeriodView,
} from '@fengqiao/contracts';
import { openJson, PiiCipher, sealJson, type Sealed } from '@fengqiao/pii';
import {
  CURRENT_ASSESSMENT_FORM,
  KEY_PERSON_DECIDER_ROLES,
  KEY_PERSON_OFFICER_ROLES,
  KEY_PERSON_REGISTER_READER_ROLES,
  KEY_PERSON_RESPONSIBLE_STAFF_ROLES,
  KEY_PERSON_ROUTE_ROLES,
  KEY_PERSON_STATS_ROLES,
  KeyPersonFailures,
  scoreAssessment,
  type AssessmentForm,
} from '@fengqiao/rules';
import { RolesAllowed } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { ProblemException } from '../problems/problem.exception';
import { serviceClientProvider } from '../service-client/service-clients';
import { ServiceClient } from '../service-client/service-client';
import { problemSchemaRef } from '../openapi/case.schemas';
import { contentDisposition } from '../reports/reports.controller';
import { INSIGHTS_CLIENT } from '../stats/stats.controller';
import { GatewayFailures } from '../gateway.failures';
import {
  assessmentFormSchema,
  exportSchema,
  keyPersonBodies,
  keyPersonListItemSchema,
  keyPersonRecordSchema,
  keyPersonStatsSchema,
  missingSchema,
  openingSchema,
  specialPeriodSchema as specialPeriodViewSchema,
  taskSchema,
  warningSchema,
} from './key-person.schemas';

export const KEY_PERSONS_CLIENT = Symbol('KEY_PERSONS_CLIENT');
export const keyPersonsClientProvider = serviceClientProvider(KEY_PERSONS_CLIENT);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The export file as the service seals it: the CSV text and its download name. */
interface ExportFile {
  filename?: string;
  csv?: string;
  content?: string;
}

const notFound = { status: 404, description: 'no such record, or outside your need-to-know (audited)', schema: problemSchemaRef };
const invalid = { status: 422, description: 'invalid fields (problem+json with errors[])', schema: problemSchemaRef };
const idParam = { name: 'id', description: 'the person id (uuid)' };

/**
 * The key-person register (重点人员, PIPL Art. 28 sensitive data). The gateway checks the route's
 * roles and the body's shape, then seals the whole body (sealJson, the PII keyring it shares with the
 * service) so nothing written about a person crosses NATS in plain text; a record comes back sealed
 * and is opened here. Need-to-know, purposes and the audit entries are the service's.
 */
@ApiTags('key-persons')
@ApiBearerAuth()
@Controller('api/v1/key-persons')
export class KeyPersonsController {
  constructor(
    @Inject(KEY_PERSONS_CLIENT) private readonly keyPersons: ServiceClient,
    @Inject(INSIGHTS_CLIENT) private readonly insights: ServiceClient,
    @Inject(PiiCipher) private readonly pii: PiiCipher,
  ) {}

  // ---- reference data and lists (static paths before `:id`) ------------------------------------

  @Get('categories')
  @RolesAllowed(...KEY_PERSON_ROUTE_ROLES)
  @ApiOperation({ summary: '重点人员类别 / Categories of the register (data)' })
  categories(@Req() req: AuthenticatedRequest): Promise<KeyPersonCategoryView[]> {
    return this.keyPersons.request<KeyPersonCategoryView[]>(Commands.keyPersons.listCategories, {}, req.token, req.requestId);
  }

  @Get('assessment-form')
  @RolesAllowed(...KEY_PERSON_ROUTE_ROLES)
  @ApiOperation({ summary: '风险评估表 / The current scored assessment form (questions, options, thresholds)' })
  @ApiResponse({ status: 200, schema: assessmentFormSchema })
  assessmentForm(): AssessmentForm {
    return CURRENT_ASSESSMENT_FORM;
  }

  @Get('stats')
  @RolesAllowed(...KEY_PERSON_STATS_ROLES)
  @ApiOperation({ summary: '重点人员统计 / Counts by category, risk level and unit; contact compliance, overdue contacts, warnings — no person named' })
  @ApiQuery({ name: 'orgUnit', required: false, description: 'defaults to your own unit; must lie in your jurisdiction' })
  @ApiQuery({ name: 'from', required: false, description: 'ISO date (China midnight) or date-time, inclusive' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO date or date-time, exclusive' })
  @ApiResponse({ status: 200, schema: keyPersonStatsSchema })
  @ApiResponse({ status: 403, description: 'the org unit is outside your jurisdiction', schema: problemSchemaRef })
  stats(@Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest): Promise<KeyPersonStatsView> {
    return this.insights.request<KeyPersonStatsView>(Commands.insights.keyPersonStats, withoutEmptyParams(query), req.token, req.requestId);
  }

  @Get('tasks')
  @RolesAllowed(...KEY_PERSON_RESPONSIBLE_STAFF_ROLES)
  @ApiOperation({
    summary: '我的包保任务 / Your tasks as a responsible person: contacts, assessments, summaries, special-period reports (overdue, today, this week, later)',
  })
  @ApiResponse({ status: 200, schema: taskSchema })
  tasks(@Req() req: AuthenticatedRequest): Promise<KeyPersonTaskView[]> {
    return this.keyPersons.request<KeyPersonTaskView[]>(Commands.keyPersons.myTasks, {}, req.token, req.requestId);
  }

  @Get('warnings')
  @RolesAllowed(...KEY_PERSON_REGISTER_READER_ROLES)
  @ApiOperation({ summary: '重点人员预警 / Missed obligations in your jurisdiction by current colour (red: the supervision list), masked' })
  @ApiQuery({ name: 'colour', required: false, enum: ['yellow', 'red'] })
  @ApiQuery({ name: 'orgUnit', required: false })
  @ApiResponse({ status: 200, schema: warningSchema })
  warnings(@Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest): Promise<KeyPersonWarningView[]> {
    return this.keyPersons.request<KeyPersonWarningView[]>(Commands.keyPersons.listWarnings, { query: withoutEmptyParams(query) }, req.token, req.requestId);
  }

  @Get('special-periods')
  @RolesAllowed(...KEY_PERSON_REGISTER_READER_ROLES)
  @ApiOperation({ summary: '特殊时期 / Special periods declared for your jurisdiction' })
  @ApiResponse({ status: 200, schema: { type: 'array', items: specialPeriodViewSchema } })
  specialPeriods(@Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest): Promise<SpecialPeriodView[]> {
    return this.keyPersons.request<SpecialPeriodView[]>(Commands.keyPersons.listSpecialPeriods, { query: withoutEmptyParams(query) }, req.token, req.requestId);
  }

  @Post('special-periods')
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...KEY_PERSON_DECIDER_ROLES)
  @ApiOperation({ summary: '宣布特殊时期 / Declare a special period: every supervised person of the unit subtree needs a daily report from start to end' })
  @ApiBody({ schema: keyPersonBodies.specialPeriod })
  @ApiResponse({ status: 201, schema: specialPeriodViewSchema })
  @ApiResponse(invalid)
  declareSpecialPeriod(@Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<SpecialPeriodView> {
    const sealed = this.seal(specialPeriodSchema, body);
    return this.keyPersons.request<SpecialPeriodView>(Commands.keyPersons.declareSpecialPeriod, { sealed }, req.token, req.requestId, idempotencyKey(req));
  }

  @Get('special-periods/:periodId/missing')
  @RolesAllowed(...KEY_PERSON_DECIDER_ROLES)
  @ApiOperation({ summary: '日报告缺报名单 / Who has no daily report for a day of the period (masked)' })
  @ApiParam({ name: 'periodId' })
  @ApiQuery({ name: 'day', required: false, description: 'YYYY-MM-DD (Beijing); defaults to today' })
  @ApiResponse({ status: 200, schema: missingSchema })
  @ApiResponse({ status: 404, description: 'no such period in your jurisdiction', schema: problemSchemaRef })
  missing(@Param('periodId') periodId: string, @Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest): Promise<MissingDailyReportView> {
    return this.keyPersons.request<MissingDailyReportView>(
      Commands.keyPersons.missingDailyReports,
      { periodId, query: withoutEmptyParams(query) },
      req.token,
      req.requestId,
    );
  }

  // ---- bulk export: requested, approved by a leader, fetched once -------------------------------

  @Post('exports')
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...KEY_PERSON_OFFICER_ROLES)
  @ApiOperation({ summary: '申请批量导出 / Request a bulk export of a unit subtree (refused until a leader approves it; audited)' })
  @ApiBody({ schema: keyPersonBodies.exportRequest })
  @ApiResponse({ status: 201, schema: exportSchema })
  @ApiResponse(invalid)
  requestExport(@Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<KeyPersonExportView> {
    const sealed = this.seal(exportRequestSchema, body);
    return this.keyPersons.request<KeyPersonExportView>(Commands.keyPersons.requestExport, { sealed }, req.token, req.requestId, idempotencyKey(req));
  }

  @Get('exports')
  @RolesAllowed(...KEY_PERSON_OFFICER_ROLES)
  @ApiOperation({ summary: '导出申请 / Export requests of your jurisdiction' })
  @ApiResponse({ status: 200, schema: { type: 'array', items: exportSchema } })
  exports(@Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest): Promise<KeyPersonExportView[]> {
    return this.keyPersons.request<KeyPersonExportView[]>(Commands.keyPersons.listExports, { query: withoutEmptyParams(query) }, req.token, req.requestId);
  }

  @Post('exports/:exportId/decision')
  @HttpCode(200)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...KEY_PERSON_DECIDER_ROLES)
  @ApiOperation({ summary: '审批导出 / Approve or refuse an export (a leader, not the requester)' })
  @ApiParam({ name: 'exportId' })
  @ApiBody({ schema: keyPersonBodies.decision })
  @ApiResponse({ status: 200, schema: exportSchema })
  @ApiResponse({ status: 403, description: 'SELF_APPROVAL: the requester cannot approve', schema: problemSchemaRef })
  @ApiResponse({ status: 409, description: 'ALREADY_DECIDED', schema: problemSchemaRef })
  decideExport(@Param('exportId') exportId: string, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<KeyPersonExportView> {
    const sealed = this.seal(exportDecisionSchema, body);
    return this.keyPersons.request<KeyPersonExportView>(Commands.keyPersons.decideExport, { exportId, sealed }, req.token, req.requestId, idempotencyKey(req));
  }

  @Get('exports/:exportId/file')
  @RolesAllowed(...KEY_PERSON_OFFICER_ROLES)
  @ApiOperation({ summary: '下载导出文件 / The approved export as CSV, for the requester, once (audited)' })
  @ApiParam({ name: 'exportId' })
  @ApiProduces('text/csv')
  @ApiResponse({ status: 200, description: 'text/csv with a file name in Content-Disposition' })
  @ApiResponse({ status: 409, description: 'EXPORT_NOT_APPROVED before approval, EXPORT_ALREADY_FETCHED after one download', schema: problemSchemaRef })
  async exportFile(@Param('exportId') exportId: string, @Req() req: AuthenticatedRequest): Promise<StreamableFile> {
    const reply = await this.keyPersons.request<Sealed | ExportFile | string>(Commands.keyPersons.getExportFile, { exportId }, req.token, req.requestId);
    const file = this.unseal<ExportFile | string>(reply);
    const csv = typeof file === 'string' ? file : (file.csv ?? file.content ?? '');
    const filename = (typeof file === 'object' && file.filename) || `key-persons-${exportId}.csv`;
    return new StreamableFile(Buffer.from(csv, 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: contentDisposition(filename, `key-persons-${exportId.replace(/[^\w-]/g, '')}.csv`),
    });
  }

  // ---- the register ------------------------------------------------------------------------------

  @Get()
  @RolesAllowed(...KEY_PERSON_REGISTER_READER_ROLES)
  @ApiOperation({ summary: '重点人员名册 / The register of your jurisdiction, masked (?orgUnit=&category=&riskLevel=&status=&page=&pageSize=)' })
  @ApiQuery({ name: 'orgUnit', required: false })
  @ApiQuery({ name: 'category', required: false })
  @ApiQuery({ name: 'riskLevel', required: false, enum: [...KEY_PERSON_RISK_LEVELS] })
  @ApiQuery({ name: 'status', required: false, enum: [...KEY_PERSON_STATUSES] })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false })
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
    const sealed = this.seal(keyPersonCreateSchema, body);
    return this.keyPersons.request<KeyPersonListItem>(Commands.keyPersons.create, { sealed }, req.token, req.requestId, idempotencyKey(req));
  }

  @Get(':id')
  @RolesAllowed(...KEY_PERSON_ROUTE_ROLES)
  @ApiOperation({ summary: '打开重点人员档案（须说明用途，留痕）/ Open the full record for a stated purpose (audited, listed under /openings)' })
  @ApiParam(idParam)
  @ApiQuery({ name: 'purpose', required: true, description: 'why you open it (2–200 characters); missing → 422 PURPOSE_REQUIRED, audited' })
  @ApiResponse({ status: 200, schema: keyPersonRecordSchema })
  @ApiResponse(notFound)
  @ApiResponse({ status: 422, description: 'PURPOSE_REQUIRED', schema: problemSchemaRef })
  async open(@Param('id') id: string, @Query('purpose') purpose: unknown, @Req() req: AuthenticatedRequest): Promise<KeyPersonRecordView> {
    // The purpose travels plain (it is the audit entry's reason); the service refuses and audits a missing one.
    const payload = { personId: this.personId(id), purpose: typeof purpose === 'string' ? purpose : undefined };
    const reply = await this.keyPersons.request<Sealed | KeyPersonRecordView>(Commands.keyPersons.open, payload, req.token, req.requestId);
    return this.unseal<KeyPersonRecordView>(reply);
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

  // ---- helpers -----------------------------------------------------------------------------------

  /** A write on one person: the body validated, sealed whole, sent with the ids in plain. */
  private write<T>(pattern: string, id: string, schema: ZodType, body: unknown, req: AuthenticatedRequest, ids: Record<string, string> = {}): Promise<T> {
    const personId = this.personId(id);
    const sealed = this.seal(schema, body);
    return this.keyPersons.request<T>(pattern, { personId, ...ids, sealed }, req.token, req.requestId, idempotencyKey(req));
  }

  /** Validated, then sealed as a whole: the bus never carries what is written about a person. */
  private seal(schema: ZodType, body: unknown): string {
    const parsed = schema.safeParse(body ?? {});
    if (!parsed.success) throw new ProblemException(GatewayFailures.problem('KEY_PERSON_INVALID', zodFieldErrors(parsed.error)));
    return sealJson(this.pii, parsed.data).sealed;
  }

  /** A record or file comes back `{ sealed }`. */
  private unseal<T>(reply: Sealed | T): T {
    return isSealedMessage(reply) ? openJson<T>(this.pii, reply) : (reply as T);
  }

  /** Not a uuid is no record (answered as any record outside need-to-know). */
  private personId(id: string): string {
    if (!UUID.test(id)) throw new ProblemException(KeyPersonFailures.problem('KEY_PERSON_NOT_FOUND'));
    return id;
  }
}

const isSealedMessage = (v: unknown): v is Sealed =>
  !!v && typeof v === 'object' && typeof (v as Sealed).sealed === 'string' && Object.keys(v as object).length === 1;

/** The client's Idempotency-Key, as the interceptor accepted it. */
function idempotencyKey(req: AuthenticatedRequest): string | undefined {
  const key = req.headers['idempotency-key'];
  return typeof key === 'string' && key.length > 0 ? key : undefined;
}
