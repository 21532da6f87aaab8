import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, StreamableFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  Commands,
  exportDecisionSchema,
  exportRequestSchema,
  keyPersonStatsQuerySchema,
  specialPeriodSchema,
  withoutEmptyParams,
  type KeyPersonCategoryView,
  type KeyPersonExportView,
  type KeyPersonStatsView,
  type KeyPersonTaskView,
  type KeyPersonWarningView,
  type MissingDailyReportView,
  type SpecialPeriodView,
} from '@fengqiao/contracts';
import { PiiCipher, type Sealed } from '@fengqiao/pii';
import {
  CURRENT_ASSESSMENT_FORM,
  KEY_PERSON_DECIDER_ROLES,
  KEY_PERSON_OFFICER_ROLES,
  KEY_PERSON_REGISTER_READER_ROLES,
  KEY_PERSON_RESPONSIBLE_STAFF_ROLES,
  KEY_PERSON_ROUTE_ROLES,
  KEY_PERSON_STATS_ROLES,
  type AssessmentForm,
} from '@fengqiao/rules';
import { RolesAllowed } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { ServiceClient } from '../service-client/service-client';
import { problemSchemaRef } from '../openapi/case.schemas';
import { ApiQueryFrom, FIGURES_QUERY_DOCS } from '../openapi/from-zod';
import { contentDisposition } from '../reports/reports.controller';
import { INSIGHTS_CLIENT } from '../stats/stats.controller';
import {
  assessmentFormSchema,
  exportSchema,
  keyPersonBodies,
  keyPersonStatsSchema,
  missingSchema,
  specialPeriodSchema as specialPeriodViewSchema,
  taskSchema,
  warningSchema,
} from './key-person.schemas';
import { idempotencyKey, invalid, KEY_PERSONS_CLIENT, sealBody, unseal } from './key-person.sealing';

/** The export file as the service seals it: the CSV text and its download name. */
interface ExportFile {
  filename?: string;
  csv?: string;
  content?: string;
}

/**
 * The key-person register's work beside the records (重点人员): reference data, the responsible
 * person's tasks, warnings, special periods, bulk exports and the figures. Registered before
 * KeyPersonsController so these static paths are matched before `/{id}`.
 */
@ApiTags('key-persons')
@ApiBearerAuth()
@Controller('api/v1/key-persons')
export class KeyPersonWorkController {
  constructor(
    @Inject(KEY_PERSONS_CLIENT) private readonly keyPersons: ServiceClient,
    @Inject(INSIGHTS_CLIENT) private readonly insights: ServiceClient,
    @Inject(PiiCipher) private readonly pii: PiiCipher,
  ) {}

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
  @ApiQueryFrom(keyPersonStatsQuerySchema, {
    describe: FIGURES_QUERY_DOCS,
    emptyIsAbsent: true,
  })
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
    const sealed = sealBody(this.pii, specialPeriodSchema, body);
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
    const sealed = sealBody(this.pii, exportRequestSchema, body);
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
  @ApiBody({ schema: keyPersonBodies.exportDecision })
  @ApiResponse({ status: 200, schema: exportSchema })
  @ApiResponse({ status: 403, description: 'SELF_APPROVAL: the requester cannot approve', schema: problemSchemaRef })
  @ApiResponse({ status: 409, description: 'ALREADY_DECIDED', schema: problemSchemaRef })
  decideExport(@Param('exportId') exportId: string, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<KeyPersonExportView> {
    const sealed = sealBody(this.pii, exportDecisionSchema, body);
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
    const file = unseal<ExportFile | string>(this.pii, reply);
    const csv = typeof file === 'string' ? file : (file.csv ?? file.content ?? '');
    const filename = (typeof file === 'object' && file.filename) || `key-persons-${exportId}.csv`;
    return new StreamableFile(Buffer.from(csv, 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: contentDisposition(filename, `key-persons-${exportId.replace(/[^\w-]/g, '')}.csv`),
    });
  }
}
