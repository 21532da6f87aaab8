import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Role } from '@fengqiao/auth';
import {
  Commands,
  createMediatorSchema,
  listMediatorsQuerySchema,
  listReturnVisitsQuerySchema,
  MEDIATOR_READER_ROLES,
  withoutEmptyParams,
  MEDIATOR_WRITER_ROLES,
  RETURN_VISIT_READER_ROLES,
  TEAMS,
  type MediatorView,
  type ReturnVisitView,
} from '@fengqiao/contracts';
import { RolesAllowed } from '../auth/auth.decorators';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { serviceClientProvider } from '../service-client/service-clients';
import { ServiceClient } from '../service-client/service-client';
import { problemSchemaRef } from '../openapi/case.schemas';
import { ApiQueryFrom, openApiSchemaOf } from '../openapi/from-zod';
import { str } from '../openapi/schema-parts';

/** The new mediator's body, from the validator; `teams` must not repeat (a refinement, said here as uniqueItems). */
function createMediatorBodySchema(): Record<string, unknown> {
  const schema = openApiSchemaOf(createMediatorSchema);
  const properties = schema['properties'] as Record<string, Record<string, unknown>>;
  properties['teams'] = { ...properties['teams'], uniqueItems: true };
  return schema;
}

export const MEDIATION_CLIENT = Symbol('MEDIATION_CLIENT');
export const mediationClientProvider = serviceClientProvider(MEDIATION_CLIENT);

const mediatorSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: str(),
    username: { type: 'string', nullable: true, description: "the mediator's login, when they have one" },
    orgUnit: str(),
    teams: { type: 'array', items: { type: 'string', enum: [...TEAMS] } },
    capacity: { type: 'integer', description: 'cases at once' },
    active: { type: 'boolean' },
    load: { type: 'integer', description: 'cases assigned now' },
  },
};
const returnVisitSchema = {
  type: 'object',
  properties: {
    id: str(),
    caseId: str(),
    caseNo: str(),
    orgUnit: str(),
    reason: { type: 'string', enum: ['failed', 'low-rating'] },
    scheduledAt: { type: 'string', format: 'date-time' },
    due: { type: 'string', format: 'date-time' },
    doneAt: { type: 'string', format: 'date-time', nullable: true },
    doneBy: { type: 'string', nullable: true },
    summary: { type: 'string', nullable: true },
    resolved: { type: 'boolean', nullable: true },
  },
};

/** The mediation service's roster and return visits (the service checks role and jurisdiction again). */
@ApiTags('mediation')
@ApiBearerAuth()
@Controller('api/v1')
export class MediationController {
  constructor(@Inject(MEDIATION_CLIENT) private readonly mediation: ServiceClient) {}

  @Get('mediators')
  @RolesAllowed(...(MEDIATOR_READER_ROLES satisfies readonly Role[]))
  @ApiOperation({ summary: "调解员名册 / Mediators of an org unit's subtree with their teams, capacity and current load (at most 1,000)" })
  @ApiQueryFrom(listMediatorsQuerySchema, { describe: { orgUnit: "exactly this centre's roster; default: your whole subtree" }, emptyIsAbsent: true })
  @ApiResponse({ status: 200, schema: { type: 'array', items: mediatorSchema } })
  @ApiResponse({ status: 403, description: 'outside your jurisdiction, or your role may not read the roster', schema: problemSchemaRef })
  @ApiResponse({ status: 422, description: 'invalid query', schema: problemSchemaRef })
  mediators(@Query() query: Record<string, string>, @Req() req: AuthenticatedRequest): Promise<MediatorView[]> {
    return this.mediation.request<MediatorView[]>(Commands.mediation.listMediators, withoutEmptyParams(query), req.token, req.requestId);
  }

  @Post('mediators')
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...(MEDIATOR_WRITER_ROLES satisfies readonly Role[]))
  @ApiOperation({ summary: "添加调解员 / Add a mediator to a centre's roster" })
  @ApiBody({ schema: createMediatorBodySchema() })
  @ApiResponse({ status: 201, schema: mediatorSchema })
  @ApiResponse({ status: 409, description: 'a mediator with this username exists', schema: problemSchemaRef })
  @ApiResponse({ status: 422, description: 'invalid fields or unknown org unit', schema: problemSchemaRef })
  addMediator(@Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<MediatorView> {
    return this.mediation.request<MediatorView>(Commands.mediation.createMediator, body ?? {}, req.token, req.requestId);
  }

  @Get('return-visits')
  @RolesAllowed(...(RETURN_VISIT_READER_ROLES satisfies readonly Role[]))
  @ApiOperation({ summary: '回访 / Return visits due for failed or low-rated cases, by due date' })
  @ApiQueryFrom(listReturnVisitsQuerySchema, {
    describe: { orgUnit: "this unit's subtree; default: yours", open: 'only visits still to do (true) or done (false)' },
    emptyIsAbsent: true,
  })
  @ApiResponse({ status: 200, schema: { type: 'array', items: returnVisitSchema } })
  @ApiResponse({ status: 403, description: 'outside your jurisdiction, or your role may not read return visits', schema: problemSchemaRef })
  @ApiResponse({ status: 422, description: 'invalid query', schema: problemSchemaRef })
  returnVisits(@Query() query: Record<string, string>, @Req() req: AuthenticatedRequest): Promise<ReturnVisitView[]> {
    return this.mediation.request<ReturnVisitView[]>(Commands.mediation.listReturnVisits, withoutEmptyParams(query), req.token, req.requestId);
  }
}
