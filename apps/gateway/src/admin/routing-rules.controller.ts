import { Body, Controller, Get, HttpCode, Inject, Post, Put, Query, Req, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { categoryLoadSchema, Commands, routingRuleSchema, routingRuleSetSchema, type CategoryLoadResult, type RoutingRulesVersion } from '@fengqiao/contracts';
import { CASE_READER_ROLES, STAFF_ROLES } from '@fengqiao/auth';
import { REFERENCE_DATA_WRITER_ROLES } from '@fengqiao/rules';
import { RolesAllowed } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { INTAKE_CLIENT } from '../service-client/service-clients';
import type { ServiceClient } from '../service-client/service-client';
import { problemSchemaRef } from '../openapi/case.schemas';
import { openApiSchemaOf } from '../openapi/from-zod';
import { str } from '../openapi/schema-parts';

type RoutingRulesSummary = Omit<RoutingRulesVersion, 'rules'>;

interface HolidayNoticeSummary {
  year: number;
  notice: string;
  publishedOn: string;
  builtIn: boolean;
  loadedBy?: string;
  loadedAt?: string;
}

// OpenAPI descriptions; libs/contracts (routingRuleSetSchema) and libs/calendar (parseHolidayNotice) validate.
// A stored rule is what its validator took.
const ruleSchema: SchemaObject = openApiSchemaOf(routingRuleSchema);
/** The body is generated from its validator; what a JSON schema cannot say is said here. */
const ruleSetBodySchema: SchemaObject = {
  ...openApiSchemaOf(routingRuleSetSchema),
  description: 'needs a * × * fallback rule; no duplicate category × severity / 须含 * × * 兜底规则，类别×严重程度不得重复',
};
const versionSummaryProps: Record<string, SchemaObject> = {
  version: { type: 'integer', minimum: 1 },
  note: str({ nullable: true }),
  publishedBy: str(),
  publishedAt: str({ format: 'date-time' }),
};
const versionSchema: SchemaObject = { type: 'object', properties: { ...versionSummaryProps, rules: { type: 'array', items: ruleSchema } } };
const dateList: SchemaObject = { type: 'array', items: str({ format: 'date', example: '2027-01-01' }) };
const holidayNoticeBodySchema: SchemaObject = {
  type: 'object',
  required: ['year', 'notice', 'publishedOn', 'daysOff', 'adjustedWorkdays'],
  additionalProperties: false,
  properties: {
    year: { type: 'integer', example: 2027 },
    notice: str({ description: 'document number / 通知文号', example: '国办发明电〔2026〕1号' }),
    publishedOn: str({ format: 'date' }),
    daysOff: { ...dateList, description: 'every day off / 放假日期（逐日列出）' },
    adjustedWorkdays: { ...dateList, description: 'weekend days that are working days / 调休上班日' },
  },
};
const categoryLoadResultSchema: SchemaObject = {
  type: 'object',
  properties: { added: { type: 'array', items: str() }, renamed: { type: 'array', items: str() }, unchanged: { type: 'integer' } },
};
const holidaySummarySchema: SchemaObject = {
  type: 'object',
  properties: {
    year: { type: 'integer' },
    notice: str(),
    publishedOn: str({ format: 'date' }),
    builtIn: { type: 'boolean' },
    loadedBy: str(),
    loadedAt: str({ format: 'date-time' }),
  },
};

/** Admin data that steers every deadline: categories, routing rules (versioned) and the yearly holiday notices. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1')
export class RoutingRulesController {
  constructor(@Inject(INTAKE_CLIENT) private readonly intake: ServiceClient) {}

  @Get('routing-rules')
  @RolesAllowed(...STAFF_ROLES)
  @ApiOperation({ summary: '当前路由规则（或指定版本）/ The current routing rules (or a given version)' })
  @ApiQuery({ name: 'version', required: false, schema: { type: 'integer', minimum: 1 } })
  @ApiResponse({ status: 200, schema: versionSchema })
  @ApiResponse({ status: 404, description: 'no such version', schema: problemSchemaRef })
  current(@Query('version') version: unknown, @Req() req: AuthenticatedRequest): Promise<RoutingRulesVersion> {
    return this.intake.request<RoutingRulesVersion>(Commands.intake.getRoutingRules, version === undefined ? {} : { version }, req.token, req.requestId);
  }

  @Get('routing-rules/history')
  @RolesAllowed(...STAFF_ROLES)
  @ApiOperation({ summary: '路由规则的全部版本（不含规则内容）/ Every published version, newest first (without the rules)' })
  @ApiResponse({ status: 200, schema: { type: 'array', items: { type: 'object', properties: versionSummaryProps } } })
  history(@Req() req: AuthenticatedRequest): Promise<RoutingRulesSummary[]> {
    return this.intake.request<RoutingRulesSummary[]>(Commands.intake.getRoutingRules, { history: true }, req.token, req.requestId);
  }

  @Put('routing-rules')
  @HttpCode(200)
  @RolesAllowed(...REFERENCE_DATA_WRITER_ROLES)
  @ApiOperation({ summary: '发布新版本的路由规则（旧版本保持不变）/ Publish a new version of the routing rules (earlier versions stay as they were)' })
  @ApiBody({ schema: ruleSetBodySchema })
  @ApiResponse({ status: 200, description: 'the new version', schema: versionSchema })
  @ApiResponse({ status: 422, description: 'validation problem (field paths such as rules[2].periods.mediation.amount)', schema: problemSchemaRef })
  publish(@Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<RoutingRulesVersion> {
    return this.intake.request<RoutingRulesVersion>(Commands.intake.publishRoutingRules, body, req.token, req.requestId);
  }

  @Put('categories')
  @HttpCode(200)
  @RolesAllowed(...REFERENCE_DATA_WRITER_ROLES)
  @ApiOperation({
    summary:
      '新增或改名案件类别（从不删除；期限与分派由之后发布的路由规则决定）/ Add or rename categories (never removed; their routing comes from the routing rules published after)',
  })
  @ApiBody({ schema: openApiSchemaOf(categoryLoadSchema) })
  @ApiResponse({ status: 200, description: 'codes added and renamed, and how many were already as given', schema: categoryLoadResultSchema })
  @ApiResponse({ status: 422, description: 'validation problem (field paths such as categories[0].code)', schema: problemSchemaRef })
  loadCategories(@Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<CategoryLoadResult> {
    return this.intake.request<CategoryLoadResult>(Commands.intake.loadCategories, body, req.token, req.requestId);
  }

  @Get('holidays')
  @RolesAllowed(...CASE_READER_ROLES)
  @ApiOperation({ summary: '已有的节假日通知（内置及管理员加载）/ Holiday notices in the calendar (built in and loaded)' })
  @ApiResponse({ status: 200, schema: { type: 'array', items: holidaySummarySchema } })
  holidays(@Req() req: AuthenticatedRequest): Promise<HolidayNoticeSummary[]> {
    return this.intake.request<HolidayNoticeSummary[]>(Commands.intake.listHolidayNotices, {}, req.token, req.requestId);
  }

  @Post('holidays')
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...REFERENCE_DATA_WRITER_ROLES)
  @ApiOperation({ summary: "加载某年的国务院节假日通知 / Load a year's State Council holiday notice" })
  @ApiBody({ schema: holidayNoticeBodySchema })
  @ApiResponse({ status: 201, schema: holidaySummarySchema })
  @ApiResponse({ status: 409, description: 'the year is built in or already loaded (never silently replaced)', schema: problemSchemaRef })
  @ApiResponse({ status: 422, description: 'validation problem', schema: problemSchemaRef })
  loadHolidays(@Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<HolidayNoticeSummary> {
    return this.intake.request<HolidayNoticeSummary>(Commands.intake.loadHolidayNotice, body, req.token, req.requestId);
  }
}
