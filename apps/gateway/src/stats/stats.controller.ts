import { Controller, Get, Inject, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@fengqiao/auth';
import {
  Commands,
  FIELD_REPORT_KINDS,
  FIELD_REPORT_STATUSES,
  keyPersonStatsQuerySchema,
  statsQuerySchema,
  withoutEmptyParams,
  type FieldReportStatsView,
  type GridActivityView,
  type StatsView,
} from '@fengqiao/contracts';
import { FIELD_REPORT_STATS_READER_ROLES, GRID_ACTIVITY_READER_ROLES } from '@fengqiao/rules';
import { RolesAllowed } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { serviceClientProvider } from '../service-client/service-clients';
import { ServiceClient } from '../service-client/service-client';
import { problemSchemaRef } from '../openapi/case.schemas';
import { ApiQueryFrom, FIGURES_QUERY_DOCS } from '../openapi/from-zod';
import { counts } from '../openapi/schema-parts';

export const INSIGHTS_CLIENT = Symbol('INSIGHTS_CLIENT');

export const insightsClientProvider = serviceClientProvider(INSIGHTS_CLIENT);

const byStatus = counts(FIELD_REPORT_STATUSES);
const byKind = counts(FIELD_REPORT_KINDS);

const rate = { type: 'number', description: 'fraction rounded half-up to 4 decimals; 0 when the denominator is 0' };

@ApiTags('stats')
@ApiBearerAuth()
@Controller('api/v1')
export class StatsController {
  constructor(@Inject(INSIGHTS_CLIENT) private readonly insights: ServiceClient) {}

  @Get('stats/grid-activity')
  @RolesAllowed(...GRID_ACTIVITY_READER_ROLES)
  @ApiOperation({
    summary:
      "网格员活跃率 / Grid workers' activity rate of an org unit's subtree (docs/metrics.md): grid workers with a login, those with at least one check-in on a China day of the window, their share",
  })
  @ApiQueryFrom(keyPersonStatsQuerySchema, {
    describe: FIGURES_QUERY_DOCS,
    emptyIsAbsent: true,
  })
  @ApiResponse({
    status: 200,
    schema: {
      type: 'object',
      properties: { orgUnit: { type: 'string' }, gridWorkers: { type: 'integer' }, activeGridWorkers: { type: 'integer' }, activityRate: rate },
    },
  })
  @ApiResponse({ status: 403, description: 'OUTSIDE_JURISDICTION, or a role that may not read statistics', schema: problemSchemaRef })
  @ApiResponse({ status: 422, description: 'a bad unit code or window', schema: problemSchemaRef })
  gridActivity(@Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest): Promise<GridActivityView> {
    return this.insights.request<GridActivityView>(Commands.insights.gridActivity, withoutEmptyParams(query), req.token, req.requestId);
  }

  @Get('stats/field-reports')
  @RolesAllowed(...FIELD_REPORT_STATS_READER_ROLES)
  @ApiOperation({
    summary:
      "网格上报统计 / Field reports (随手拍) recorded in the window in an org unit's subtree, by grid, kind and status, with residents' reports and those verified (docs/metrics.md)",
  })
  @ApiQueryFrom(keyPersonStatsQuerySchema, {
    describe: FIGURES_QUERY_DOCS,
    emptyIsAbsent: true,
  })
  @ApiResponse({
    status: 200,
    schema: {
      type: 'object',
      properties: {
        orgUnit: { type: 'string' },
        total: { type: 'integer' },
        byStatus: byStatus,
        byKind: byKind,
        fromResidents: { type: 'integer' },
        verified: { type: 'integer', description: "residents' reports a grid worker settled or sent" },
        grids: {
          type: 'array',
          items: { type: 'object', properties: { gridCode: { type: 'string' }, total: { type: 'integer' }, byStatus: byStatus, byKind: byKind } },
        },
      },
    },
  })
  @ApiResponse({ status: 403, description: 'OUTSIDE_JURISDICTION, or a role that may not read statistics', schema: problemSchemaRef })
  @ApiResponse({ status: 422, description: 'a bad unit code or window', schema: problemSchemaRef })
  fieldReports(@Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest): Promise<FieldReportStatsView> {
    return this.insights.request<FieldReportStatsView>(Commands.insights.fieldReportStats, withoutEmptyParams(query), req.token, req.requestId);
  }

  @Get('stats')
  @RolesAllowed(Roles.leader, Roles.admin, Roles.clerk, Roles.mediator)
  @ApiOperation({ summary: "统计 / Statistics of an org unit's subtree (docs/metrics.md); the window selects cases by registration time" })
  @ApiQueryFrom(statsQuerySchema, {
    describe: FIGURES_QUERY_DOCS,
    emptyIsAbsent: true,
  })
  @ApiResponse({
    status: 200,
    schema: {
      type: 'object',
      properties: {
        received: { type: 'integer' },
        closed: { type: 'integer' },
        closureRate: rate,
        resolvedAtFirstContact: { type: 'integer' },
        mediated: { type: 'integer' },
        mediationSucceeded: { type: 'integer' },
        mediationSuccessRate: rate,
        resolved: { type: 'integer' },
        resolutionRate: rate,
        closedOnTime: { type: 'integer' },
        onTimeRate: rate,
        avgFirstReplyHours: { type: 'number' },
        satisfactionRate: rate,
        warnings: { type: 'object', properties: { green: { type: 'integer' }, yellow: { type: 'integer' }, red: { type: 'integer' } } },
        petition: {
          type: 'object',
          description: 'only with kind=petition: the petition figures (docs/metrics.md#petitions)',
          properties: {
            received: { type: 'integer' },
            acceptanceDue: { type: 'integer' },
            acceptedTimely: { type: 'integer' },
            timelyAcceptanceRate: rate,
            replied: { type: 'integer' },
            repliedOnTime: { type: 'integer' },
            onTimeClosureRate: rate,
            rated: { type: 'integer' },
            ratingParticipationRate: rate,
            petitionSatisfactionRate: rate,
            reviewed: { type: 'integer' },
            reviewRate: rate,
          },
        },
        legalAid: {
          type: 'object',
          description: 'only with kind=legal-aid: the legal-aid figures (docs/metrics.md#legal-aid)',
          properties: {
            ...Object.fromEntries(
              [
                'received',
                'applications',
                'notifications',
                'decided',
                'granted',
                'refused',
                'assigned',
                'assignedOnTime',
                'ratings',
                'withdrawn',
                'terminated',
                'objections',
              ].map((k) => [k, { type: 'integer' }]),
            ),
            grantRate: rate,
            avgDecisionDays: { type: 'number', description: 'application to decision, material waits excluded' },
            onTimeAssignmentRate: rate,
            legalAidSatisfactionRate: rate,
          },
        },
      },
    },
  })
  @ApiResponse({ status: 403, description: 'the org unit is outside your jurisdiction', schema: problemSchemaRef })
  @ApiResponse({ status: 422, description: 'invalid query (errors name each parameter)', schema: problemSchemaRef })
  stats(@Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest): Promise<StatsView> {
    return this.insights.request<StatsView>(Commands.insights.stats, query, req.token, req.requestId);
  }
}
