import { Body, Controller, Get, Inject, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CASE_READER_ROLES, type Role } from '@fengqiao/auth';
import { Commands, ORG_TREE_WRITER_ROLES, orgTreeInputSchema, ORG_UNIT_LEVELS, type OrgTreeLoadResult, type OrgUnitView } from '@fengqiao/contracts';
import { RolesAllowed } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { INTAKE_CLIENT } from '../service-client/service-clients';
import { ServiceClient } from '../service-client/service-client';
import { problemSchemaRef } from '../openapi/case.schemas';
import { openApiSchemaOf } from '../openapi/from-zod';

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

/** The org tree: everyone signed in reads it (names are public); an admin adds and renames units. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1')
export class OrgUnitsController {
  constructor(@Inject(INTAKE_CLIENT) private readonly intake: ServiceClient) {}

  @Get('org-units')
  @RolesAllowed(...CASE_READER_ROLES)
  @ApiOperation({ summary: '组织机构 / The org tree (codes, Chinese and English names, level, parent), parents first' })
  @ApiResponse({ status: 200, schema: { type: 'array', items: unitSchema } })
  list(@Req() req: AuthenticatedRequest): Promise<OrgUnitView[]> {
    return this.intake.request<OrgUnitView[]>(Commands.intake.listOrgUnits, {}, req.token, req.requestId);
  }

  @Put('org-units')
  @RolesAllowed(...(ORG_TREE_WRITER_ROLES satisfies readonly Role[]))
  @ApiOperation({
    summary:
      '维护组织机构 / Add org units and rename existing ones (a unit never moves: its cases are filed under its place in the tree); each change is announced as cn.fengqiao.org-unit.upserted.v1',
  })
  @ApiBody({ schema: openApiSchemaOf(orgTreeInputSchema) })
  @ApiResponse({
    status: 200,
    schema: {
      type: 'object',
      properties: {
        added: { type: 'array', items: { type: 'string' } },
        renamed: { type: 'array', items: { type: 'string' } },
        unchanged: { type: 'integer' },
      },
    },
  })
  @ApiResponse({ status: 409, description: 'a listed unit exists with another parent or level', schema: problemSchemaRef })
  @ApiResponse({ status: 422, description: 'invalid fields, a repeated code, an unknown parent, a level not below its parent', schema: problemSchemaRef })
  load(@Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<OrgTreeLoadResult> {
    return this.intake.request<OrgTreeLoadResult>(Commands.intake.loadOrgUnits, body ?? {}, req.token, req.requestId);
  }
}
