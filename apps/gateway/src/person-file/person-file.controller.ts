import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  caseLinkSchema,
  caseMergeSchema,
  caseUnlinkSchema,
  caseUnmergeSchema,
  personFileQuerySchema,
  Commands,
  type CaseLinkView,
  type CaseView,
  type PersonFileView,
} from '@fengqiao/contracts';
import { PiiCipher } from '@fengqiao/pii';
import { CASE_LINK_REMOVER_ROLES, PERSON_FILE_ROLES } from '@fengqiao/rules';
import { RolesAllowed } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { ApiQueryFrom, openApiSchemaOf } from '../openapi/from-zod';
import { caseSchemaRef, problemSchemaRef } from '../openapi/case.schemas';
import { INTAKE_CLIENT } from '../service-client/service-clients';
import type { ServiceClient } from '../service-client/service-client';
import { ApiReadPurpose, readHeaders, withoutPurpose } from '../reads/read-purpose';
import { idNumberQueryParameter, sealIdNumberQuery } from '../reads/id-number-query';

/** The person file (一人一档) and the links between cases; intake decides jurisdiction and audits. */
@ApiTags('person-file')
@ApiBearerAuth()
@Controller('api/v1')
export class PersonFileController {
  constructor(
    @Inject(INTAKE_CLIENT) private readonly intake: ServiceClient,
    @Inject(PiiCipher) private readonly pii: PiiCipher,
  ) {}

  @Get('person-file')
  @RolesAllowed(...PERSON_FILE_ROLES)
  @ApiOperation({
    summary: '一人一档：某人在辖区内的全部案件及其经过 / Every case of one person (by idNumber or caseId), with each history',
    description: 'Recorded in the audit log (who, which cases, why) before it answers; 503 READ_NOT_AUDITED when it cannot be.',
  })
  @ApiReadPurpose()
  @ApiQueryFrom(personFileQuerySchema, {
    describe: { idNumber: 'exactly one of idNumber and caseId', caseId: 'exactly one of idNumber and caseId' },
    refine: { idNumber: idNumberQueryParameter },
  })
  @ApiResponse({
    status: 200,
    schema: {
      type: 'object',
      properties: {
        person: {
          type: 'object',
          properties: { idNumberMasked: { type: 'string', nullable: true }, names: { type: 'array', items: { type: 'string' } } },
        },
        cases: { type: 'array', items: caseSchemaRef, description: 'newest first, each with its timeline' },
        links: { type: 'array', items: { type: 'object' }, description: 'links between these cases (same person, same matter, merged, referred)' },
      },
    },
  })
  @ApiResponse({ status: 404, description: 'PERSON_NOT_FOUND: no case of this person in your jurisdiction', schema: problemSchemaRef })
  file(@Query() query: Record<string, string>, @Req() req: AuthenticatedRequest): Promise<PersonFileView> {
    const headers = readHeaders(req);
    const q = withoutPurpose(query);
    // An ID number to look up is personal data: sealed before it goes on the bus.
    const sealed = sealIdNumberQuery(this.pii, q);
    return this.intake.request<PersonFileView>(Commands.intake.getPersonFile, sealed, req.token, req.requestId, undefined, headers);
  }

  @Post('cases/:id/links')
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...PERSON_FILE_ROLES)
  @ApiOperation({ summary: '关联案件（同一人或同一事项，留痕）/ Link two cases (same person or same matter; audited)' })
  @ApiBody({
    schema: {
      ...openApiSchemaOf(caseLinkSchema),
      example: { linkedCaseId: '7d3c2a10-0000-4000-8000-000000000001', relation: 'same-matter', reason: '同一事项来信与走访' },
    },
  })
  link(@Param('id') id: string, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<CaseLinkView> {
    return this.intake.request<CaseLinkView>(Commands.intake.linkCases, { caseId: id, link: body ?? {} }, req.token, req.requestId);
  }

  @Post('cases/:id/merge')
  @HttpCode(200)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...PERSON_FILE_ROLES)
  @ApiOperation({
    summary: '合并办理：同一事项多渠道重复反映，本案停止并入另一案件（留痕）/ Merge the same matter into another case: this one stops (audited)',
  })
  @ApiBody({
    schema: { ...openApiSchemaOf(caseMergeSchema), example: { intoCaseId: '7d3c2a10-0000-4000-8000-000000000001', reason: '同一事项的来信与12345来电' } },
  })
  merge(@Param('id') id: string, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<CaseView> {
    return this.intake.request<CaseView>(Commands.intake.mergeCase, { caseId: id, merge: body ?? {} }, req.token, req.requestId);
  }

  @Post('cases/:id/unmerge')
  @HttpCode(200)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...CASE_LINK_REMOVER_ROLES)
  @ApiOperation({ summary: '撤销合并（领导，留痕）/ Undo a merge (leader; audited): the case is handled on its own again' })
  @ApiBody({ schema: openApiSchemaOf(caseUnmergeSchema) })
  unmerge(@Param('id') id: string, @Body() body: { reason?: unknown } | undefined, @Req() req: AuthenticatedRequest): Promise<CaseView> {
    return this.intake.request<CaseView>(Commands.intake.unmergeCase, { caseId: id, reason: body?.reason }, req.token, req.requestId);
  }

  @Post('case-links/:linkId/remove')
  @HttpCode(200)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...CASE_LINK_REMOVER_ROLES)
  @ApiOperation({ summary: '解除关联（领导，留痕）/ Remove a link (leader; audited)' })
  @ApiBody({ schema: openApiSchemaOf(caseUnlinkSchema) })
  unlink(@Param('linkId') linkId: string, @Body() body: { reason?: unknown } | undefined, @Req() req: AuthenticatedRequest): Promise<CaseLinkView> {
    return this.intake.request<CaseLinkView>(Commands.intake.unlinkCases, { linkId, reason: body?.reason }, req.token, req.requestId);
  }
}
