import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FIELD_REPORT_HANDLER_ROLES, FIELD_REPORT_READER_ROLES, FIELD_REPORTER_ROLES } from '@fengqiao/rules';
import {
  Commands,
  FIELD_REPORT_KINDS,
  FIELD_REPORT_STATUSES,
  fieldReportInputSchema,
  fieldReportListQuerySchema,
  fieldReportRejectSchema,
  fieldReportSendSchema,
  fieldReportSettleSchema,
  type FieldReportView,
  type Page,
} from '@fengqiao/contracts';
import { RolesAllowed } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { idempotencyKey, IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { INTAKE_CLIENT } from '../service-client/service-clients';
import { ServiceClient } from '../service-client/service-client';
import { problemSchemaRef } from '../openapi/case.schemas';
import { ApiQueryFrom, openApiSchemaOf } from '../openapi/from-zod';

const at = { type: 'string', format: 'date-time' };
const ids = {
  type: 'array',
  items: { type: 'string', format: 'uuid' },
  description: "the report's stored photos (uploaded to it: POST /api/v1/field-reports/{id}/attachments)",
};

const fieldReportSchema = {
  type: 'object',
  required: ['id', 'kind', 'category', 'text', 'status', 'gridCode', 'position', 'reporter', 'attachmentIds', 'createdAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    kind: { type: 'string', enum: [...FIELD_REPORT_KINDS] },
    category: { type: 'string' },
    text: { type: 'string' },
    status: { type: 'string', enum: [...FIELD_REPORT_STATUSES] },
    gridCode: { type: 'string', description: 'the grid whose boundary holds the position' },
    position: { type: 'object', properties: { lng: { type: 'number' }, lat: { type: 'number' }, accuracy: { type: 'number' } } },
    address: { type: 'string' },
    reporter: { type: 'object', properties: { username: { type: 'string' }, role: { type: 'string', enum: ['grid-worker', 'resident'] } } },
    attachmentIds: ids,
    createdAt: at,
    settlement: { type: 'object', properties: { by: { type: 'string' }, at, result: { type: 'string' }, attachmentIds: ids } },
    caseId: { type: 'string', format: 'uuid', description: 'set when sent: the case it became (channel grid)' },
    rejection: { type: 'object', properties: { by: { type: 'string' }, at, reason: { type: 'string' } } },
  },
};

const notFound = { status: 404, description: 'FIELD_REPORT_NOT_FOUND: no such report, or one you may not see', schema: problemSchemaRef };
const notYours = {
  status: 403,
  description: "FIELD_REPORT_NOT_YOUR_GRID: the report lies outside the caller's grids; a role that may not handle reports",
  schema: problemSchemaRef,
};
const handled = { status: 409, description: 'FIELD_REPORT_NOT_OPEN, FIELD_REPORT_BEING_SENT, FIELD_REPORT_NOT_REJECTABLE', schema: problemSchemaRef };
const invalid = {
  status: 422,
  description: 'FIELD_REPORT_INVALID (errors name each field), FIELD_REPORT_ATTACHMENT_UNKNOWN (an attachment id that is not a stored photo of the report)',
  schema: problemSchemaRef,
};

/** The action's body, with the report's id, as intake's handlers take it. */
const action = (id: string, body: unknown) => ({ id, input: body ?? {} });

/** Field reports (随手拍 / 事件上报): filed by grid workers and residents, settled on the spot or sent to the centre as a case. */
@ApiTags('grids')
@ApiBearerAuth()
@Controller('api/v1/field-reports')
export class FieldReportsController {
  constructor(@Inject(INTAKE_CLIENT) private readonly intake: ServiceClient) {}

  @Post()
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...FIELD_REPORTER_ROLES)
  @ApiOperation({
    summary:
      '随手拍 / File a field report (hazard, dispute, event) with its position inside a grid: a grid worker in one of their grids (and may settle it on the spot), a resident in any grid',
  })
  @ApiBody({ schema: openApiSchemaOf(fieldReportInputSchema) })
  @ApiResponse({ status: 201, schema: fieldReportSchema })
  @ApiResponse({
    status: 403,
    description: 'FIELD_REPORT_NOT_GRID_WORKER, FIELD_REPORT_NOT_YOUR_GRID, FIELD_REPORT_SETTLE_ON_SPOT_FORBIDDEN (a resident)',
    schema: problemSchemaRef,
  })
  @ApiResponse({
    status: 422,
    description:
      'FIELD_REPORT_OUTSIDE_GRID (naming the grid), FIELD_REPORT_OUTSIDE_ANY_GRID, FIELD_REPORT_GRID_WITHOUT_BOUNDARY, FIELD_REPORT_INVALID, FIELD_REPORT_ATTACHMENT_UNKNOWN (photos are attached after filing) — nothing stored',
    schema: problemSchemaRef,
  })
  create(@Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<FieldReportView> {
    return this.intake.request<FieldReportView>(Commands.intake.createFieldReport, body ?? {}, req.token, req.requestId, idempotencyKey(req));
  }

  @Get()
  @RolesAllowed(...FIELD_REPORT_READER_ROLES)
  @ApiOperation({
    summary: "上报事项列表 / Field reports, newest first: a resident's own, a grid worker's grids' and own, a clerk's or leader's jurisdiction",
  })
  @ApiQueryFrom(fieldReportListQuerySchema, {
    describe: { gridCode: 'a grid, or a unit above grids (its subtree); must be within what you may see', mine: "true: only the caller's own reports" },
    emptyIsAbsent: true,
  })
  @ApiResponse({
    status: 200,
    schema: {
      type: 'object',
      properties: { items: { type: 'array', items: fieldReportSchema }, total: { type: 'integer' }, page: { type: 'integer' }, pageSize: { type: 'integer' } },
    },
  })
  @ApiResponse({ status: 403, description: 'OUTSIDE_JURISDICTION (gridCode)', schema: problemSchemaRef })
  @ApiResponse({ status: 422, description: 'FIELD_REPORT_QUERY_INVALID', schema: problemSchemaRef })
  list(@Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest): Promise<Page<FieldReportView>> {
    return this.intake.request<Page<FieldReportView>>(Commands.intake.listFieldReports, query, req.token, req.requestId);
  }

  @Get(':id')
  @RolesAllowed(...FIELD_REPORT_READER_ROLES)
  @ApiOperation({ summary: '上报事项 / One field report (as the list shows it)' })
  @ApiResponse({ status: 200, schema: fieldReportSchema })
  @ApiResponse(notFound)
  get(@Param('id') id: string, @Req() req: AuthenticatedRequest): Promise<FieldReportView> {
    return this.intake.request<FieldReportView>(Commands.intake.getFieldReport, { id }, req.token, req.requestId);
  }

  @Post(':id/settle')
  @HttpCode(200)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...FIELD_REPORT_HANDLER_ROLES)
  @ApiOperation({ summary: '就地办结 / Settle an open report on the spot (事在格中办), with the result and its photos (a grid worker of its grid)' })
  @ApiBody({ schema: openApiSchemaOf(fieldReportSettleSchema) })
  @ApiResponse({ status: 200, schema: fieldReportSchema })
  @ApiResponse(notYours)
  @ApiResponse(notFound)
  @ApiResponse(handled)
  @ApiResponse(invalid)
  settle(@Param('id') id: string, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<FieldReportView> {
    return this.intake.request<FieldReportView>(Commands.intake.settleFieldReport, action(id, body), req.token, req.requestId);
  }

  @Post(':id/send')
  @HttpCode(200)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...FIELD_REPORT_HANDLER_ROLES)
  @ApiOperation({
    summary:
      "报送中心 / Send an open report to the centre: registered as a case (channel grid, the category's routing); a repeated send answers the same case (a grid worker of its grid)",
  })
  @ApiBody({ schema: openApiSchemaOf(fieldReportSendSchema) })
  @ApiResponse({ status: 200, schema: fieldReportSchema })
  @ApiResponse(notYours)
  @ApiResponse(notFound)
  @ApiResponse(handled)
  @ApiResponse({ status: 422, description: 'FIELD_REPORT_INVALID, or CASE_INVALID when the registration refuses it', schema: problemSchemaRef })
  send(@Param('id') id: string, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<FieldReportView> {
    return this.intake.request<FieldReportView>(Commands.intake.sendFieldReport, action(id, body), req.token, req.requestId);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...FIELD_REPORT_HANDLER_ROLES)
  @ApiOperation({ summary: "核查不实 / Reject a resident's open report as untrue, with a reason (a grid worker of its grid)" })
  @ApiBody({ schema: openApiSchemaOf(fieldReportRejectSchema) })
  @ApiResponse({ status: 200, schema: fieldReportSchema })
  @ApiResponse(notYours)
  @ApiResponse(notFound)
  @ApiResponse(handled)
  @ApiResponse(invalid)
  reject(@Param('id') id: string, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<FieldReportView> {
    return this.intake.request<FieldReportView>(Commands.intake.rejectFieldReport, action(id, body), req.token, req.requestId);
  }
}
