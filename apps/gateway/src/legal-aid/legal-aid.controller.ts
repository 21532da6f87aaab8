import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, StreamableFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  Commands,
  LEGAL_AID_DOCUMENTS,
  economicStandardSchema,
  providerInputSchema,
  providerListQuerySchema,
  unitQuerySchema,
  withoutEmptyParams,
  type CaseView,
  type EconomicStandard,
  type LegalAidDocumentFile,
  type LegalAidFileView,
  type ProviderMatterView,
  type ProviderView,
} from '@fengqiao/contracts';
import {
  LEGAL_AID_FILE_READER_ROLES,
  LEGAL_AID_PROVIDER_ROLES,
  LEGAL_AID_REFERRER_ROLES,
  LEGAL_AID_ROSTER_READER_ROLES,
  LEGAL_AID_ROSTER_WRITER_ROLES,
  LEGAL_AID_STANDARD_LOADER_ROLES,
  LEGAL_AID_STANDARD_READER_ROLES,
} from '@fengqiao/rules';
import { RolesAllowed } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { INTAKE_CLIENT, serviceClientProvider } from '../service-client/service-clients';
import { ServiceClient } from '../service-client/service-client';
import { problemSchemaRef } from '../openapi/case.schemas';
import { ApiQueryFrom, openApiSchemaOf } from '../openapi/from-zod';
import { contentDisposition } from '../reports/reports.controller';
import { ApiReadPurpose, readHeaders } from '../reads/read-purpose';
import { str } from '../openapi/schema-parts';

export const LEGAL_AID_CLIENT = Symbol('LEGAL_AID_CLIENT');
export const legalAidClientProvider = serviceClientProvider(LEGAL_AID_CLIENT);

// Request bodies generated from the validating schemas (libs/contracts legal-aid), with an example each.
const providerBody: Record<string, unknown> = {
  ...openApiSchemaOf(providerInputSchema),
  example: { name: '李明', type: 'firm-lawyer', organisation: '甘肃明德律师事务所', specialities: ['labour', 'maintenance'], orgUnit: '621102', capacity: 5 },
};
const providerSchema = {
  type: 'object',
  properties: {
    ...(providerBody['properties'] as Record<string, Record<string, unknown>>),
    id: { type: 'string', format: 'uuid' },
    // Optional in the body; a provider without a login answers null (ProviderView).
    username: { ...(providerBody['properties'] as Record<string, Record<string, unknown>>)['username'], nullable: true },
    load: { type: 'integer', description: 'matters in hand' },
  },
};
const standardBody = {
  ...openApiSchemaOf(economicStandardSchema),
  example: { orgUnit: '621102', minimumLivingMonthly: 760, multiplier: 2, effectiveFrom: '2026-01-01', source: '某县民政局关于调整城乡低保标准的通知' },
};

/**
 * Legal aid (法律援助): an application's file and documents, the provider roster, the economic
 * standards, a provider's own matters — from the legal-aid service, which checks role and jurisdiction
 * again — and the referral of a party to legal aid from their case (intake registers and links it).
 */
@ApiTags('legal-aid')
@ApiBearerAuth()
@Controller('api/v1')
export class LegalAidController {
  constructor(
    @Inject(LEGAL_AID_CLIENT) private readonly legalAid: ServiceClient,
    @Inject(INTAKE_CLIENT) private readonly intake: ServiceClient,
  ) {}

  @Get('cases/:id/legal-aid')
  @RolesAllowed(...LEGAL_AID_FILE_READER_ROLES)
  @ApiOperation({
    summary: '法律援助档案 / The application, its eligibility screening rule by rule, material request, decision, provider, court filing, closure',
  })
  @ApiParam({ name: 'id', description: 'the case id' })
  @ApiReadPurpose()
  @ApiResponse({ status: 200, description: 'LegalAidFileView (libs/contracts legal-aid-file.ts)' })
  @ApiResponse({ status: 404, description: 'no legal-aid case with this id in your jurisdiction', schema: problemSchemaRef })
  file(@Param('id') id: string, @Req() req: AuthenticatedRequest): Promise<LegalAidFileView> {
    return this.legalAid.request<LegalAidFileView>(Commands.legalAid.getFile, { id }, req.token, req.requestId, undefined, readHeaders(req));
  }

  @Get('cases/:id/legal-aid/documents/:kind')
  @RolesAllowed(...LEGAL_AID_FILE_READER_ROLES)
  @ApiOperation({ summary: '法律援助文书 / A document as PDF (给予/不予法律援助决定书, 补充材料通知书, 指派函)' })
  @ApiParam({ name: 'id', description: 'the case id' })
  @ApiParam({ name: 'kind', enum: [...LEGAL_AID_DOCUMENTS] })
  @ApiReadPurpose()
  @ApiProduces('application/pdf')
  @ApiResponse({ status: 200, description: 'the PDF, with a Chinese filename (Content-Disposition filename*)' })
  @ApiResponse({ status: 404, description: 'no such case in your jurisdiction, or the document is not issued yet', schema: problemSchemaRef })
  async document(@Param('id') id: string, @Param('kind') kind: string, @Req() req: AuthenticatedRequest): Promise<StreamableFile> {
    const f = await this.legalAid.request<LegalAidDocumentFile>(
      Commands.legalAid.getDocument,
      { id, kind },
      req.token,
      req.requestId,
      undefined,
      readHeaders(req),
    );
    return new StreamableFile(Buffer.from(f.base64, 'base64'), { type: f.contentType, disposition: contentDisposition(f.filename, `legal-aid-${f.kind}.pdf`) });
  }

  @Post('cases/:id/legal-aid-referral')
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...LEGAL_AID_REFERRER_ROLES)
  @ApiOperation({ summary: '转介法律援助 / Refer a party of this case to legal aid: a new application, linked to the case' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['reason'],
      properties: { party: { type: 'integer', description: "the party's position on the case; default the first applicant" }, reason: str() },
      example: { reason: '当事人经济困难，拟起诉追讨劳动报酬' },
    },
  })
  @ApiResponse({ status: 201, description: 'the new legal-aid case (CaseView)' })
  @ApiResponse({ status: 404, description: 'no such case in your jurisdiction', schema: problemSchemaRef })
  @ApiResponse({ status: 422, description: 'invalid fields, or no such party', schema: problemSchemaRef })
  refer(@Param('id') id: string, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<CaseView> {
    return this.intake.request<CaseView>(Commands.intake.referToLegalAid, { caseId: id, referral: body ?? {} }, req.token, req.requestId);
  }

  @Get('legal-aid/providers')
  @RolesAllowed(...LEGAL_AID_ROSTER_READER_ROLES)
  @ApiOperation({ summary: '法律援助人员名册 / Providers of your subtree with type, organisation, specialities, capacity and load' })
  @ApiQueryFrom(providerListQuerySchema, { describe: { orgUnit: "those who may take this unit's cases (at it or an ancestor)" }, emptyIsAbsent: true })
  @ApiResponse({ status: 200, schema: { type: 'array', items: providerSchema } })
  providers(@Query() query: Record<string, string>, @Req() req: AuthenticatedRequest): Promise<ProviderView[]> {
    return this.legalAid.request<ProviderView[]>(Commands.legalAid.listProviders, withoutEmptyParams(query), req.token, req.requestId);
  }

  @Post('legal-aid/providers')
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...LEGAL_AID_ROSTER_WRITER_ROLES)
  @ApiOperation({ summary: '添加法律援助人员 / Add a provider to the roster' })
  @ApiBody({ schema: providerBody })
  @ApiResponse({ status: 201, schema: providerSchema })
  @ApiResponse({ status: 422, description: 'invalid fields', schema: problemSchemaRef })
  addProvider(@Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<ProviderView> {
    return this.legalAid.request<ProviderView>(Commands.legalAid.createProvider, body ?? {}, req.token, req.requestId);
  }

  @Post('legal-aid/providers/:providerId')
  @HttpCode(200)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...LEGAL_AID_ROSTER_WRITER_ROLES)
  @ApiOperation({ summary: '修改法律援助人员 / Change a provider (all fields, as when added)' })
  @ApiBody({ schema: providerBody })
  @ApiResponse({ status: 200, schema: providerSchema })
  @ApiResponse({ status: 404, description: 'no such provider in your jurisdiction', schema: problemSchemaRef })
  updateProvider(@Param('providerId') providerId: string, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<ProviderView> {
    return this.legalAid.request<ProviderView>(Commands.legalAid.updateProvider, { id: providerId, provider: body ?? {} }, req.token, req.requestId);
  }

  @Get('legal-aid/my-matters')
  @RolesAllowed(...LEGAL_AID_PROVIDER_ROLES)
  @ApiOperation({ summary: '我承办的法律援助事项 / The matters assigned to you (a provider)' })
  myMatters(@Req() req: AuthenticatedRequest): Promise<ProviderMatterView[]> {
    return this.legalAid.request<ProviderMatterView[]>(Commands.legalAid.myMatters, {}, req.token, req.requestId);
  }

  @Get('legal-aid/standards')
  @RolesAllowed(...LEGAL_AID_STANDARD_READER_ROLES)
  @ApiOperation({ summary: '经济困难标准 / The economic-hardship standards, every version, with their sources' })
  @ApiQueryFrom(unitQuerySchema, { emptyIsAbsent: true })
  standards(@Query() query: Record<string, string>, @Req() req: AuthenticatedRequest): Promise<EconomicStandard[]> {
    return this.legalAid.request<EconomicStandard[]>(Commands.legalAid.listStandards, withoutEmptyParams(query), req.token, req.requestId);
  }

  @Post('legal-aid/standards')
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...LEGAL_AID_STANDARD_LOADER_ROLES)
  @ApiOperation({ summary: "载入经济困难标准的新版本 / Load a new version of a unit's standard (kept with its source; applications screened later use it)" })
  @ApiBody({ schema: standardBody })
  @ApiResponse({ status: 201, description: 'the stored version' })
  @ApiResponse({ status: 422, description: 'invalid fields', schema: problemSchemaRef })
  loadStandard(@Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<EconomicStandard> {
    return this.legalAid.request<EconomicStandard>(Commands.legalAid.loadStandard, body ?? {}, req.token, req.requestId);
  }
}
