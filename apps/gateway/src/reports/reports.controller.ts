import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, StreamableFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@fengqiao/auth';
import {
  Commands,
  monthlyReportRequestSchema,
  REPORT_FORMATS,
  reportListQuerySchema,
  type Page,
  type ReportFile,
  type ReportFormat,
  type ReportSummary,
  type ReportView,
} from '@fengqiao/contracts';
import { RolesAllowed } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import type { ServiceClient } from '../service-client/service-client';
import { problemSchemaRef } from '../openapi/case.schemas';
import { ApiQueryFrom, openApiSchemaOf } from '../openapi/from-zod';
import { ProblemException } from '../problems/problem.exception';
import { INSIGHTS_CLIENT } from '../stats/stats.controller';
import { GatewayFailures } from '../gateway.failures';

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987 `filename*`). */
export function contentDisposition(filename: string, fallback: string): string {
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** `{id}` or `{id}.xlsx` / `{id}.pdf`. */
function reportRef(ref: string): { id: string; format?: ReportFormat } {
  const m = /^(.+?)\.([a-z]+)$/.exec(ref);
  if (!m) return { id: ref };
  if (!REPORT_FORMATS.includes(m[2] as ReportFormat)) throw new ProblemException(GatewayFailures.problem('REPORT_NOT_FOUND'));
  return { id: m[1]!, format: m[2] as ReportFormat };
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports')
export class ReportsController {
  constructor(@Inject(INSIGHTS_CLIENT) private readonly insights: ServiceClient) {}

  @Post('monthly')
  @HttpCode(202)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(Roles.admin)
  @ApiOperation({ summary: '生成月报 / Order the monthly situation report of a month that has begun (all counties and townships, or one unit)' })
  @ApiBody({ schema: { ...openApiSchemaOf(monthlyReportRequestSchema), example: { month: '2026-10', orgUnit: '621102' } } })
  @ApiResponse({
    status: 202,
    schema: { type: 'object', properties: { workflowId: { type: 'string' }, month: { type: 'string' }, orgUnit: { type: 'string', nullable: true } } },
  })
  @ApiResponse({ status: 422, description: 'malformed month, a month in the future, or a unit without reports', schema: problemSchemaRef })
  trigger(@Body() body: unknown, @Req() req: AuthenticatedRequest) {
    return this.insights.request(Commands.insights.triggerMonthlyReport, body ?? {}, req.token, req.requestId);
  }

  @Get()
  @RolesAllowed(Roles.leader, Roles.admin)
  @ApiOperation({ summary: '月报列表 / Stored monthly reports within your jurisdiction' })
  @ApiQueryFrom(reportListQuerySchema, { describe: { orgUnit: 'reports of this unit and its subtree', month: 'e.g. 2026-11' }, emptyIsAbsent: true })
  list(@Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest): Promise<Page<ReportSummary>> {
    return this.insights.request<Page<ReportSummary>>(Commands.insights.listReports, query, req.token, req.requestId);
  }

  @Get(':ref')
  @RolesAllowed(Roles.leader, Roles.admin)
  @ApiOperation({ summary: "月报 / A report's figures (`{id}`), or its file (`{id}.xlsx`, `{id}.pdf`)" })
  @ApiParam({ name: 'ref', description: '`{id}`, `{id}.xlsx` or `{id}.pdf`' })
  @ApiResponse({ status: 200, description: 'JSON figures, or the file with a Chinese filename (Content-Disposition filename*)' })
  async get(@Param('ref') ref: string, @Req() req: AuthenticatedRequest): Promise<ReportView | StreamableFile> {
    const { id, format } = reportRef(ref);
    if (!format) return this.insights.request<ReportView>(Commands.insights.getReport, { id }, req.token, req.requestId);
    return this.file(id, format, req);
  }

  @Get(':id/:format')
  @RolesAllowed(Roles.leader, Roles.admin)
  @ApiOperation({ summary: '月报文件 / A report as XLSX or PDF' })
  @ApiParam({ name: 'format', enum: [...REPORT_FORMATS] })
  download(@Param('id') id: string, @Param('format') format: string, @Req() req: AuthenticatedRequest): Promise<StreamableFile> {
    if (!REPORT_FORMATS.includes(format as ReportFormat)) throw new ProblemException(GatewayFailures.problem('REPORT_NOT_FOUND'));
    return this.file(id, format as ReportFormat, req);
  }

  private async file(id: string, format: ReportFormat, req: AuthenticatedRequest): Promise<StreamableFile> {
    const f = await this.insights.request<ReportFile>(Commands.insights.getReportFile, { id, format }, req.token, req.requestId);
    return new StreamableFile(Buffer.from(f.base64, 'base64'), { type: f.contentType, disposition: contentDisposition(f.filename, `report-${id}.${format}`) });
  }
}
