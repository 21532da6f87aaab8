import { Controller, Get, Inject, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@fengqiao/auth';
import { boardQuerySchema, Commands, type BoardView } from '@fengqiao/contracts';
import { RolesAllowed } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { ServiceClient } from '../service-client/service-client';
import { problemSchemaRef } from '../openapi/case.schemas';
import { ApiQueryFrom, FIGURES_QUERY_DOCS } from '../openapi/from-zod';
import { INSIGHTS_CLIENT } from '../stats/stats.controller';

/** Open cases by warning colour, and one colour: the board's and the map's answers share them. */
export const colours = {
  type: 'object',
  required: ['green', 'yellow', 'red'],
  properties: { green: { type: 'integer' }, yellow: { type: 'integer' }, red: { type: 'integer' } },
};
export const colour = { type: 'string', enum: ['green', 'yellow', 'red'] };

@ApiTags('stats')
@ApiBearerAuth()
@Controller('api/v1')
export class BoardController {
  constructor(@Inject(INSIGHTS_CLIENT) private readonly insights: ServiceClient) {}

  @Get('board')
  @RolesAllowed(Roles.leader, Roles.admin, Roles.clerk)
  @ApiOperation({ summary: "三色预警 / The three-colour board: open cases by colour and each unit's card, for an org unit and every unit below it" })
  @ApiQueryFrom(boardQuerySchema, { describe: { orgUnit: FIGURES_QUERY_DOCS.orgUnit }, emptyIsAbsent: true })
  @ApiResponse({
    status: 200,
    schema: {
      type: 'object',
      properties: {
        orgUnit: { type: 'string' },
        generatedAt: { type: 'string', format: 'date-time' },
        rules: { type: 'object', description: 'thresholds in force (insights BOARD_* configuration)' },
        legalAid: {
          type: 'object',
          description: "legal aid in the unit's subtree: in review, awaiting materials, red; this month's decisions and grant rate",
          properties: {
            underReview: { type: 'integer' },
            awaitingMaterials: { type: 'integer' },
            red: { type: 'integer' },
            month: { type: 'string', example: '2026-12' },
            decided: { type: 'integer' },
            grantRate: { type: 'number' },
            cases: { type: 'object', description: 'the GET /api/v1/cases query behind each count' },
          },
        },
        gridActivity: {
          type: 'object',
          description: "网格员活跃率 / grid workers' activity in the unit's subtree this China-time month (docs/metrics.md)",
          properties: {
            month: { type: 'string', example: '2026-12' },
            gridWorkers: { type: 'integer', description: 'grid workers with a login on the rosters of the subtree' },
            activeGridWorkers: { type: 'integer', description: 'of those, with at least one check-in this month' },
            activityRate: { type: 'number', description: 'activeGridWorkers / gridWorkers, 4 decimals; 0 without grid workers' },
          },
        },
        keyPersons: {
          type: 'object',
          description:
            "重点人员 / key persons in the unit's subtree, now: counts only, never a person; present only for key-person officers, leaders and admins (KEY_PERSON_STATS_ROLES)",
          properties: {
            onRegister: { type: 'integer', description: 'persons on the register (registered, not removed)' },
            yellow: { type: 'integer', description: 'open obligations (contact, assessment, summary, daily report) whose current colour is yellow' },
            red: { type: 'integer', description: 'open obligations whose current colour is red' },
            overdueContacts: { type: 'integer', description: 'open contact obligations past their due time' },
          },
        },
        units: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              orgUnit: { type: 'string' },
              parent: { type: 'string', nullable: true },
              level: { type: 'integer', description: '0 for the unit asked about, 1 for its children, …' },
              open: { ...colours, description: "open cases of the unit's subtree by current warning colour" },
              complaints: { type: 'integer', description: 'complaints registered in the subtree within the cluster window' },
              card: colour,
              reasons: { type: 'array', items: { type: 'string', enum: ['overdue', 'complaint-cluster', 'late-reporting'] } },
              cases: { type: 'object', description: 'the GET /api/v1/cases query behind each count (green, yellow, red, complaints)' },
            },
          },
        },
      },
    },
  })
  @ApiResponse({ status: 403, description: 'the org unit is outside your jurisdiction, or your role may not read the board', schema: problemSchemaRef })
  @ApiResponse({ status: 422, description: 'invalid query', schema: problemSchemaRef })
  board(@Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest): Promise<BoardView> {
    return this.insights.request<BoardView>(Commands.insights.board, query, req.token, req.requestId);
  }
}
