import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query, Req, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import {
  Commands,
  POINTS_ENTRY_KINDS,
  pointsAccountQuerySchema,
  pointsAdjustmentSchema,
  pointsRedemptionSchema,
  pointsRuleSchema,
  pointsRuleSetSchema,
  type PointsAccountSummary,
  type PointsLedgerView,
  type PointsRulesVersion,
} from '@fengqiao/contracts';
import { POINTS_ADJUSTER_ROLES, POINTS_EARNER_ROLES, POINTS_READER_ROLES, POINTS_REDEEMER_ROLES, POINTS_RULES_PUBLISHER_ROLES } from '@fengqiao/rules';
import { RolesAllowed } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { idempotencyKey, IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { INTAKE_CLIENT } from '../service-client/service-clients';
import type { ServiceClient } from '../service-client/service-client';
import { problemSchemaRef } from '../openapi/case.schemas';
import { ApiQueryFrom, openApiSchemaOf } from '../openapi/from-zod';
import { int, str } from '../openapi/schema-parts';

const entrySchema: SchemaObject = {
  type: 'object',
  required: ['seq', 'kind', 'points', 'balance', 'at', 'by'],
  properties: {
    seq: int(),
    kind: str({ enum: [...POINTS_ENTRY_KINDS] }),
    points: int({ description: 'signed: an award adds, a redemption subtracts / 正数为获得，负数为兑换' }),
    balance: int({ minimum: 0, description: 'the balance after this entry' }),
    at: str({ format: 'date-time' }),
    reportId: str({ description: 'award: the verified field report' }),
    ruleVersion: int({ description: 'award: the points rules version applied' }),
    capped: { type: 'boolean', description: "award: cut by the rules' daily cap" },
    item: str({ description: 'redemption: the item handed over' }),
    note: str(),
    by: str({ description: 'the clerk; for an award, the grid worker who verified the report' }),
  },
};
const ledgerSchema: SchemaObject = {
  type: 'object',
  required: ['residentSub', 'balance', 'entries'],
  properties: {
    residentSub: str(),
    residentUsername: str({ nullable: true }),
    gridCode: str({ nullable: true, description: "the unit the ledger belongs to: the grid of the resident's first verified report" }),
    balance: int({ minimum: 0 }),
    entries: { type: 'array', items: entrySchema, description: 'newest first, at most 200' },
  },
};
const accountSchema: SchemaObject = {
  type: 'object',
  properties: {
    residentSub: str(),
    residentUsername: str(),
    gridCode: str(),
    path: str(),
    balance: int({ minimum: 0 }),
    updatedAt: str({ format: 'date-time' }),
  },
};
const rulesVersionSchema: SchemaObject = {
  type: 'object',
  properties: {
    version: int({ minimum: 1 }),
    rules: { type: 'array', items: openApiSchemaOf(pointsRuleSchema) },
    dailyCap: int({ nullable: true }),
    note: str({ nullable: true }),
    publishedBy: str(),
    publishedAt: str({ format: 'date-time' }),
  },
};
const ruleSetBodySchema: SchemaObject = {
  ...openApiSchemaOf(pointsRuleSetSchema),
  description: 'needs a * × * × * fallback rule; no duplicate kind × category × outcome / 须含兜底规则，不得重复',
};
/** The body's fields beside the path's resident; anything that is not an object is refused by the validator as an unknown field. */
const asFields = (body: unknown): object => (body && typeof body === 'object' && !Array.isArray(body) ? body : { body });
const subParam = ApiParam({ name: 'sub', description: "the resident's subject (Keycloak `sub`)" });

/**
 * Participation points (积分): residents earn them by verified field reports (awarded by intake from the
 * `field-report.verified` event, within seconds), clerks redeem them for items within the ledger's unit,
 * admins publish the rules. Every change is in the audit log.
 */
@ApiTags('grids')
@ApiBearerAuth()
@Controller('api/v1/points')
export class PointsController {
  constructor(@Inject(INTAKE_CLIENT) private readonly intake: ServiceClient) {}

  @Get('me')
  @RolesAllowed(...POINTS_EARNER_ROLES)
  @ApiOperation({
    summary:
      "我的积分 / The calling resident's balance and ledger. An award follows a grid worker's verification of the report asynchronously (an event), usually within seconds",
  })
  @ApiResponse({ status: 200, schema: ledgerSchema })
  mine(@Req() req: AuthenticatedRequest): Promise<PointsLedgerView> {
    return this.intake.request<PointsLedgerView>(Commands.intake.myPoints, {}, req.token, req.requestId);
  }

  @Get('residents')
  @RolesAllowed(...POINTS_READER_ROLES)
  @ApiOperation({ summary: "居民积分账户 / Residents' points accounts whose unit lies in the caller's jurisdiction (at most 500)" })
  @ApiQueryFrom(pointsAccountQuerySchema, { describe: { username: "one resident's username" } })
  @ApiResponse({ status: 200, schema: { type: 'array', items: accountSchema } })
  @ApiResponse({ status: 403, description: 'NO_ORG_UNIT', schema: problemSchemaRef })
  @ApiResponse({ status: 422, description: 'POINTS_QUERY_INVALID', schema: problemSchemaRef })
  accounts(@Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest): Promise<PointsAccountSummary[]> {
    return this.intake.request<PointsAccountSummary[]>(Commands.intake.listPointsAccounts, query, req.token, req.requestId);
  }

  @Get('residents/:sub')
  @RolesAllowed(...POINTS_READER_ROLES)
  @subParam
  @ApiOperation({ summary: "居民积分明细 / A resident's balance and ledger, within the caller's jurisdiction" })
  @ApiResponse({ status: 200, schema: ledgerSchema })
  @ApiResponse({ status: 403, description: 'OUTSIDE_JURISDICTION', schema: problemSchemaRef })
  @ApiResponse({ status: 404, description: 'POINTS_ACCOUNT_NOT_FOUND', schema: problemSchemaRef })
  @ApiResponse({ status: 422, description: 'POINTS_RESIDENT_INVALID', schema: problemSchemaRef })
  ledger(@Param('sub') sub: string, @Req() req: AuthenticatedRequest): Promise<PointsLedgerView> {
    return this.intake.request<PointsLedgerView>(Commands.intake.getPointsLedger, { sub }, req.token, req.requestId);
  }

  @Post('residents/:sub/redemptions')
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...POINTS_REDEEMER_ROLES)
  @subParam
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'the same key and body answer the first result; the points are taken once' })
  @ApiOperation({ summary: "积分兑换 / Redeem points for an item (平安超市), within the ledger's unit; audited" })
  @ApiBody({ schema: openApiSchemaOf(pointsRedemptionSchema) })
  @ApiResponse({ status: 201, description: 'the ledger after the redemption', schema: ledgerSchema })
  @ApiResponse({ status: 403, description: 'OUTSIDE_JURISDICTION (audited as denied)', schema: problemSchemaRef })
  @ApiResponse({ status: 404, description: 'POINTS_ACCOUNT_NOT_FOUND', schema: problemSchemaRef })
  @ApiResponse({
    status: 409,
    description: 'POINTS_BALANCE_SHORT: the balance is less than the points asked (audited as denied, nothing taken)',
    schema: problemSchemaRef,
  })
  @ApiResponse({ status: 422, description: 'POINTS_REDEMPTION_INVALID, POINTS_RESIDENT_INVALID', schema: problemSchemaRef })
  redeem(@Param('sub') sub: string, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<PointsLedgerView> {
    return this.intake.request<PointsLedgerView>(Commands.intake.redeemPoints, { ...asFields(body), sub }, req.token, req.requestId, idempotencyKey(req));
  }

  @Post('residents/:sub/adjustments')
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...POINTS_ADJUSTER_ROLES)
  @subParam
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'the same key and body answer the first result; the correction is made once' })
  @ApiOperation({ summary: "积分调整 / Correct a resident's ledger (signed points, a reason), within the ledger's unit; audited" })
  @ApiBody({ schema: openApiSchemaOf(pointsAdjustmentSchema) })
  @ApiResponse({ status: 201, description: 'the ledger after the adjustment', schema: ledgerSchema })
  @ApiResponse({ status: 403, description: 'OUTSIDE_JURISDICTION (audited as denied)', schema: problemSchemaRef })
  @ApiResponse({ status: 404, description: 'POINTS_ACCOUNT_NOT_FOUND', schema: problemSchemaRef })
  @ApiResponse({ status: 409, description: 'POINTS_ADJUSTMENT_BELOW_ZERO (audited as denied, nothing changed)', schema: problemSchemaRef })
  @ApiResponse({ status: 422, description: 'POINTS_ADJUSTMENT_INVALID, POINTS_RESIDENT_INVALID', schema: problemSchemaRef })
  adjust(@Param('sub') sub: string, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<PointsLedgerView> {
    return this.intake.request<PointsLedgerView>(Commands.intake.adjustPoints, { ...asFields(body), sub }, req.token, req.requestId, idempotencyKey(req));
  }

  @Get('rules')
  @RolesAllowed(...POINTS_READER_ROLES)
  @ApiOperation({ summary: '当前积分规则（或指定版本）/ The points rules in force (or a given version)' })
  @ApiQuery({ name: 'version', required: false, schema: { type: 'integer', minimum: 1 } })
  @ApiResponse({ status: 200, schema: rulesVersionSchema })
  @ApiResponse({ status: 404, description: 'POINTS_RULES_VERSION_NOT_FOUND', schema: problemSchemaRef })
  @ApiResponse({ status: 422, description: 'POINTS_QUERY_INVALID', schema: problemSchemaRef })
  rules(@Query('version') version: unknown, @Req() req: AuthenticatedRequest): Promise<PointsRulesVersion> {
    return this.intake.request<PointsRulesVersion>(Commands.intake.getPointsRules, version === undefined ? {} : { version }, req.token, req.requestId);
  }

  @Put('rules')
  @HttpCode(200)
  @RolesAllowed(...POINTS_RULES_PUBLISHER_ROLES)
  @ApiOperation({ summary: '发布新版本的积分规则（旧版本不变，审计）/ Publish a new version of the points rules (earlier versions stay; audited)' })
  @ApiBody({ schema: ruleSetBodySchema })
  @ApiResponse({ status: 200, description: 'the new version, in force for awards from now on', schema: rulesVersionSchema })
  @ApiResponse({ status: 422, description: 'POINTS_RULES_INVALID, POINTS_RULES_UNKNOWN_CATEGORY', schema: problemSchemaRef })
  publishRules(@Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<PointsRulesVersion> {
    return this.intake.request<PointsRulesVersion>(Commands.intake.publishPointsRules, body, req.token, req.requestId);
  }
}
