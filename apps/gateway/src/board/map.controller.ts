import { Controller, Get, Inject, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Role } from '@fengqiao/auth';
import { boundarySchema, Commands, MAP_ROLES, mapQuerySchema, ORG_UNIT_LEVELS, type MapView } from '@fengqiao/contracts';
import { caseKindModules } from '@fengqiao/rules';
import { RolesAllowed } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { ServiceClient } from '../service-client/service-client';
import { problemSchemaRef } from '../openapi/case.schemas';
import { ApiQueryFrom, openApiSchemaOf } from '../openapi/from-zod';
import { INSIGHTS_CLIENT } from '../stats/stats.controller';
import { colour, colours } from './board.controller';

const geometry = { ...openApiSchemaOf(boundarySchema), nullable: true };
const level = { type: 'string', enum: [...ORG_UNIT_LEVELS] };

const mapSchema = {
  type: 'object',
  required: ['type', 'unit', 'filters', 'generatedAt', 'rules', 'features', 'elsewhere'],
  properties: {
    type: { type: 'string', enum: ['FeatureCollection'] },
    unit: {
      type: 'object',
      description: 'the unit asked about, with its own boundary',
      properties: {
        code: { type: 'string' },
        name: { type: 'string' },
        nameEn: { type: 'string' },
        level,
        parent: { type: 'string', nullable: true },
        boundary: geometry,
      },
    },
    filters: { type: 'object', properties: { kind: { type: 'string', nullable: true }, category: { type: 'string', nullable: true } } },
    generatedAt: { type: 'string', format: 'date-time' },
    rules: { type: 'object', description: "the board's thresholds the cards were decided by (insights BOARD_* configuration)" },
    features: {
      type: 'array',
      description: "the unit's children (a village's: its grids), one GeoJSON Feature each",
      items: {
        type: 'object',
        required: ['type', 'id', 'geometry', 'properties'],
        properties: {
          type: { type: 'string', enum: ['Feature'] },
          id: { type: 'string' },
          geometry: { ...geometry, description: 'its boundary from the grid register (null when none is stored)' },
          properties: {
            type: 'object',
            properties: {
              code: { type: 'string' },
              name: { type: 'string' },
              nameEn: { type: 'string' },
              level,
              open: {
                ...colours,
                description: "open cases of its subtree (a grid: of its village's cases naming it) by current warning colour, filters applied",
              },
              total: { type: 'integer' },
              complaints: { type: 'integer', description: "complaints registered there within the board's cluster window" },
              card: { ...colour, description: "the board's card for these counts: the colour the map paints" },
              reasons: { type: 'array', items: { type: 'string', enum: ['overdue', 'complaint-cluster', 'late-reporting'] } },
              hasChildren: { type: 'boolean', description: 'units lie below it (the map drills down into it)' },
              cases: { type: 'string', description: 'the GET /api/v1/cases query of its open cases' },
            },
          },
        },
      },
    },
    elsewhere: {
      type: 'object',
      description: 'open cases of the subtree in no feature (of the unit itself, or naming no grid of it)',
      properties: { open: colours, total: { type: 'integer' } },
    },
  },
};

/** The leader's and clerk's map (地图): GeoJSON from the county's own grid register, no tile server. */
@ApiTags('stats')
@ApiBearerAuth()
@Controller('api/v1')
export class MapController {
  constructor(@Inject(INSIGHTS_CLIENT) private readonly insights: ServiceClient) {}

  @Get('map')
  @RolesAllowed(...(MAP_ROLES satisfies readonly Role[]))
  @ApiOperation({
    summary:
      '地图 / The map: the children of an org unit (a village: its grids) as a GeoJSON FeatureCollection with their boundaries, open cases by colour and the three-colour card',
  })
  @ApiQueryFrom(mapQuerySchema, {
    describe: { orgUnit: 'defaults to your own unit; must lie in your jurisdiction', category: 'a category code (GET /api/v1/categories)' },
    refine: { kind: { enum: caseKindModules().map((k) => k.kind) } },
    emptyIsAbsent: true,
  })
  @ApiResponse({ status: 200, schema: mapSchema })
  @ApiResponse({ status: 403, description: 'the org unit is outside your jurisdiction, or your role may not read the map', schema: problemSchemaRef })
  @ApiResponse({ status: 404, description: 'ORG_UNIT_NOT_FOUND: no such org unit', schema: problemSchemaRef })
  @ApiResponse({
    status: 422,
    description: 'invalid query (an org-unit code, a kind, a category), or no org unit given by an admin without one',
    schema: problemSchemaRef,
  })
  map(@Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest): Promise<MapView> {
    return this.insights.request<MapView>(Commands.insights.map, query, req.token, req.requestId);
  }
}
