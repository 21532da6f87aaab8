import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CHECK_IN_ROLES, CHECK_IN_ROLL_CALL_READER_ROLES } from '@fengqiao/rules';
import { checkInInputSchema, Commands, type CheckInRollCall, type CheckInView, type MyCheckInView } from '@fengqiao/contracts';
import { RolesAllowed } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { INTAKE_CLIENT } from '../service-client/service-clients';
import { ServiceClient } from '../service-client/service-client';
import { problemSchemaRef } from '../openapi/case.schemas';
import { openApiSchemaOf } from '../openapi/from-zod';

const positionSchema = {
  type: 'object',
  properties: { lng: { type: 'number' }, lat: { type: 'number' }, accuracy: { type: 'number' } },
};

const checkInSchema = {
  type: 'object',
  required: ['day', 'at', 'gridCode', 'position', 'repeated'],
  properties: {
    day: { type: 'string', description: 'the China day (UTC+8) it counts for', example: '2026-12-07' },
    at: { type: 'string', format: 'date-time' },
    gridCode: { type: 'string', description: "the caller's grid whose boundary holds the position" },
    position: positionSchema,
    repeated: { type: 'boolean', description: 'true: the caller had checked in that day already; this is the first check-in, nothing new stored' },
  },
};

const rollCallSchema = {
  type: 'object',
  properties: {
    county: { type: 'string' },
    day: { type: 'string' },
    dueAt: { type: 'string', format: 'date-time', description: "the county's roll-call time that day" },
    workers: { type: 'integer', description: 'grid workers with a login in the county' },
    checkedIn: { type: 'integer' },
    missing: {
      type: 'array',
      items: {
        type: 'object',
        properties: { username: { type: 'string' }, name: { type: 'string' }, grids: { type: 'array', items: { type: 'string' } } },
      },
    },
    takenAt: { type: 'string', format: 'date-time' },
  },
};

/** The daily check-in (报平安) of grid workers and the county roll calls of who has not checked in. */
@ApiTags('grids')
@ApiBearerAuth()
@Controller('api/v1/check-ins')
export class CheckInsController {
  constructor(@Inject(INTAKE_CLIENT) private readonly intake: ServiceClient) {}

  @Post()
  @HttpCode(200)
  @RolesAllowed(...CHECK_IN_ROLES)
  @ApiOperation({
    summary:
      '报平安 / Daily check-in of the calling grid worker, for themself only: once per China day (a repeat answers the first), the position inside one of their grids',
  })
  @ApiBody({ schema: openApiSchemaOf(checkInInputSchema) })
  @ApiResponse({ status: 200, schema: checkInSchema })
  @ApiResponse({ status: 403, description: 'CHECK_IN_FOR_OTHERS (the body names a person), CHECK_IN_NOT_GRID_WORKER', schema: problemSchemaRef })
  @ApiResponse({ status: 422, description: 'CHECK_IN_OUTSIDE_GRID, CHECK_IN_INVALID (nothing stored)', schema: problemSchemaRef })
  checkIn(@Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<CheckInView> {
    return this.intake.request<CheckInView>(Commands.intake.checkIn, body ?? {}, req.token, req.requestId);
  }

  @Get('mine')
  @RolesAllowed(...CHECK_IN_ROLES)
  @ApiOperation({
    summary:
      "我的报平安 / The calling grid worker's own check-in of a China day (today's when `date` is absent), or `checkIn: null` before they have checked in",
  })
  @ApiQuery({ name: 'date', required: false, description: 'a China day (UTC+8), YYYY-MM-DD; default today', example: '2026-12-07' })
  @ApiResponse({
    status: 200,
    schema: {
      type: 'object',
      required: ['day', 'checkIn'],
      properties: { day: { type: 'string', example: '2026-12-07' }, checkIn: { ...checkInSchema, nullable: true } },
    },
  })
  @ApiResponse({ status: 422, description: 'CHECK_IN_QUERY_INVALID: not a day, or an unknown parameter', schema: problemSchemaRef })
  mine(@Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest): Promise<MyCheckInView> {
    return this.intake.request<MyCheckInView>(Commands.intake.myCheckIn, query, req.token, req.requestId);
  }

  @Get('roll-calls')
  @RolesAllowed(...CHECK_IN_ROLL_CALL_READER_ROLES)
  @ApiOperation({ summary: "未报平安名单 / A county's daily roll calls: who of its grid workers had not checked in by the county's hour (newest first)" })
  @ApiQuery({ name: 'orgUnit', description: 'a county code', example: '621102' })
  @ApiQuery({ name: 'day', required: false, example: '2026-12-07' })
  @ApiResponse({ status: 200, schema: { type: 'array', items: rollCallSchema } })
  @ApiResponse({ status: 403, description: 'OUTSIDE_JURISDICTION', schema: problemSchemaRef })
  @ApiResponse({ status: 404, description: 'ORG_UNIT_NOT_FOUND', schema: problemSchemaRef })
  @ApiResponse({ status: 422, description: 'not a county, or a bad day', schema: problemSchemaRef })
  rollCalls(@Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest): Promise<CheckInRollCall[]> {
    return this.intake.request<CheckInRollCall[]>(Commands.intake.listRollCalls, query, req.token, req.requestId);
  }
}
