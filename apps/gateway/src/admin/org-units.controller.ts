import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CASE_READER_ROLES, type Role } from '@fengqiao/auth';
import { GRID_CONTACT_REVEALER_ROLES } from '@fengqiao/rules';
import {
  boundarySchema,
  Commands,
  GRID_LEVELS,
  ORG_TREE_WRITER_ROLES,
  orgTreeInputSchema,
  ORG_UNIT_LEVELS,
  type OrgTreeLoadResult,
  type OrgUnitDetailView,
  type OrgUnitView,
  type UnmaskedGridWorker,
  unmaskGridWorkerSchema,
} from '@fengqiao/contracts';
import { isSealed, PiiCipher } from '@fengqiao/pii';
import { RolesAllowed } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { INTAKE_CLIENT } from '../service-client/service-clients';
import { ServiceClient } from '../service-client/service-client';
import { problemSchemaRef } from '../openapi/case.schemas';
import { openApiSchemaOf } from '../openapi/from-zod';
import { revealReason } from '../reads/reveal-reason';

const unitSchema = {
  type: 'object',
  required: ['code', 'name', 'nameEn', 'level', 'parent'],
  properties: {
    code: { type: 'string', description: 'division code (6, 9, 12 digits) or a grid code below one' },
    name: { type: 'string' },
    nameEn: { type: 'string' },
    level: { type: 'string', enum: [...ORG_UNIT_LEVELS] },
    parent: { type: 'string', nullable: true },
  },
};

const detailSchema = {
  type: 'object',
  required: ['code', 'name', 'nameEn', 'level', 'parent', 'gridLevel', 'boundary', 'workers'],
  properties: {
    ...unitSchema.properties,
    gridLevel: {
      type: 'object',
      nullable: true,
      description: `the grid level of a ${Object.keys(GRID_LEVELS).join(', ')} (一级/二级/三级网格)`,
      properties: { rank: { type: 'integer' }, zh: { type: 'string' }, en: { type: 'string' } },
    },
    boundary: { ...openApiSchemaOf(boundarySchema), nullable: true },
    workers: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          phone: { type: 'string', description: 'masked, e.g. 139****5678' },
          username: { type: 'string', nullable: true },
        },
      },
    },
  },
};

/**
 * The org tree and its grids: everyone signed in reads the tree (names are public); a unit's boundary
 * and grid workers within their jurisdiction; an admin adds and renames units and sets boundaries and workers.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1')
export class OrgUnitsController {
  constructor(
    @Inject(INTAKE_CLIENT) private readonly intake: ServiceClient,
    @Inject(PiiCipher) private readonly pii: PiiCipher,
  ) {}

  @Get('org-units')
  @RolesAllowed(...CASE_READER_ROLES)
  @ApiOperation({ summary: '组织机构 / The org tree (codes, Chinese and English names, level, parent), parents first' })
  @ApiResponse({ status: 200, schema: { type: 'array', items: unitSchema } })
  list(@Req() req: AuthenticatedRequest): Promise<OrgUnitView[]> {
    return this.intake.request<OrgUnitView[]>(Commands.intake.listOrgUnits, {}, req.token, req.requestId);
  }

  @Get('org-units/:code')
  @RolesAllowed(...CASE_READER_ROLES)
  @ApiOperation({
    summary: '单位与网格详情 / One org unit with its boundary (GeoJSON) and grid workers (phones masked), within your jurisdiction',
  })
  @ApiParam({ name: 'code', example: '621102101201-01' })
  @ApiResponse({ status: 200, schema: detailSchema })
  @ApiResponse({ status: 403, description: "OUTSIDE_JURISDICTION: the unit lies outside your org unit's subtree", schema: problemSchemaRef })
  @ApiResponse({ status: 404, description: 'ORG_UNIT_NOT_FOUND', schema: problemSchemaRef })
  get(@Param('code') code: string, @Req() req: AuthenticatedRequest): Promise<OrgUnitDetailView> {
    return this.intake.request<OrgUnitDetailView>(Commands.intake.getOrgUnit, { code }, req.token, req.requestId);
  }

  @Post('org-units/:code/workers/:index/unmask')
  @HttpCode(200)
  @RolesAllowed(...GRID_CONTACT_REVEALER_ROLES)
  @ApiOperation({ summary: "查看网格员完整电话（留痕）/ Reveal a grid worker's full phone (audited, allowed or not)" })
  @ApiParam({ name: 'code', example: '621102101201-01' })
  @ApiParam({ name: 'index', description: "the worker's place in the unit's `workers`, from 0" })
  @ApiBody({ schema: openApiSchemaOf(unmaskGridWorkerSchema.pick({ reason: true })) })
  @ApiResponse({
    status: 200,
    schema: { type: 'object', properties: { name: { type: 'string' }, phone: { type: 'string' }, username: { type: 'string', nullable: true } } },
  })
  @ApiResponse({ status: 403, description: 'OUTSIDE_JURISDICTION, or a role that may not reveal it', schema: problemSchemaRef })
  @ApiResponse({ status: 404, description: 'GRID_WORKER_NOT_FOUND', schema: problemSchemaRef })
  @ApiResponse({ status: 422, description: 'no reason given, or a field other than reason', schema: problemSchemaRef })
  // No Idempotency-Key replay here: a stored replay would keep the revealed phone at rest.
  async unmaskWorker(
    @Param('code') code: string,
    @Param('index') index: string,
    @Body() body: { reason?: unknown },
    @Req() req: AuthenticatedRequest,
  ): Promise<UnmaskedGridWorker> {
    const payload = { code, worker: index, reason: revealReason(body), sourceIp: req.ip };
    const sealed = await this.intake.request<UnmaskedGridWorker>(Commands.intake.unmaskGridWorker, payload, req.token, req.requestId);
    return { ...sealed, phone: isSealed(sealed.phone) ? this.pii.decrypt(sealed.phone) : sealed.phone };
  }

  @Put('org-units')
  @RolesAllowed(...(ORG_TREE_WRITER_ROLES satisfies readonly Role[]))
  @ApiOperation({
    summary:
      '维护组织机构与网格 / Add org units and rename existing ones (a unit never moves: its cases are filed under its place in the tree); each added or renamed unit is announced as cn.fengqiao.org-unit.upserted.v1. A unit may carry its boundary (GeoJSON Polygon or MultiPolygon, WGS84; null removes it) and a grid level its grid workers (the whole list); absent fields keep what is stored.',
  })
  @ApiBody({ schema: openApiSchemaOf(orgTreeInputSchema) })
  @ApiResponse({
    status: 200,
    schema: {
      type: 'object',
      properties: {
        added: { type: 'array', items: { type: 'string' } },
        renamed: { type: 'array', items: { type: 'string' } },
        updated: { type: 'array', items: { type: 'string' }, description: 'stored units whose boundary or grid workers changed' },
        unchanged: { type: 'integer' },
      },
    },
  })
  @ApiResponse({ status: 409, description: 'a listed unit exists with another parent or level', schema: problemSchemaRef })
  @ApiResponse({
    status: 422,
    description:
      'invalid fields (a boundary that is not a closed GeoJSON polygon in WGS84 or too large, a bad phone), a repeated code, an unknown parent, a level not below its parent',
    schema: problemSchemaRef,
  })
  load(@Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<OrgTreeLoadResult> {
    return this.intake.request<OrgTreeLoadResult>(Commands.intake.loadOrgUnits, this.sealWorkerPhones(body ?? {}), req.token, req.requestId);
  }

  /** Grid workers' phones leave the gateway sealed: no plain personal data on NATS (intake checks them). */
  private sealWorkerPhones(body: unknown): unknown {
    const units = (body as { units?: unknown })?.units;
    if (!Array.isArray(units)) return body;
    const seal = (w: unknown) =>
      w && typeof w === 'object' && typeof (w as { phone?: unknown }).phone === 'string'
        ? { ...w, phone: this.pii.encrypt((w as { phone: string }).phone) }
        : w;
    return {
      ...(body as object),
      units: units.map((u) => {
        const workers = (u as { workers?: unknown })?.workers;
        return Array.isArray(workers) ? { ...(u as object), workers: workers.map(seal) } : u;
      }),
    };
  }
}
