import { Controller, Get, Inject, Param, Req, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Commands, PETITION_DOCUMENTS, type PetitionDocumentFile, type PetitionFileView } from '@fengqiao/contracts';
import { PETITION_FILE_READER_ROLES } from '@fengqiao/rules';
import { RolesAllowed } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { serviceClientProvider } from '../service-client/service-clients';
import { ServiceClient } from '../service-client/service-client';
import { problemSchemaRef } from '../openapi/case.schemas';
import { contentDisposition } from '../reports/reports.controller';
import { ApiReadPurpose, readHeaders } from '../reads/read-purpose';
import { str } from '../openapi/schema-parts';

export const PETITIONS_CLIENT = Symbol('PETITIONS_CLIENT');
export const petitionsClientProvider = serviceClientProvider(PETITIONS_CLIENT);

const when = { type: 'string', format: 'date-time' };
const decision = {
  type: 'object',
  nullable: true,
  properties: {
    at: when,
    by: str(),
    text: { type: 'string', nullable: true },
    decision: { type: 'string', nullable: true, enum: ['upheld', 'changed', 'revoked'] },
  },
};
const petitionFileSchema = {
  type: 'object',
  properties: {
    caseId: { type: 'string', format: 'uuid' },
    caseNo: str(),
    orgUnit: str(),
    channel: { type: 'string', nullable: true },
    status: str(),
    acceptance: {
      type: 'object',
      nullable: true,
      properties: { decision: { type: 'string', enum: ['accepted', 'not-accepted'] }, reason: { type: 'string', nullable: true }, at: when, by: str() },
    },
    competentBody: {
      type: 'object',
      nullable: true,
      properties: {
        name: str(),
        mode: { type: 'string', nullable: true },
        at: when,
        objectedAt: { ...when, nullable: true },
        objection: { type: 'string', nullable: true },
      },
    },
    extension: {
      type: 'object',
      nullable: true,
      properties: { days: { type: 'integer', nullable: true }, reason: { type: 'string', nullable: true }, at: when, by: str(), approved: { type: 'boolean' } },
    },
    reply: decision,
    review: { type: 'object', nullable: true, properties: { requestedAt: { ...when, nullable: true }, decided: decision } },
    reReview: { type: 'object', nullable: true, properties: { requestedAt: { ...when, nullable: true }, decided: decision } },
    hearings: {
      type: 'array',
      items: { type: 'object', properties: { at: when, reason: { type: 'string', nullable: true }, resumedAt: { ...when, nullable: true } } },
    },
    rating: { type: 'integer', nullable: true },
    closedAt: { ...when, nullable: true },
    steps: { type: 'array', items: { type: 'object', properties: { seq: { type: 'integer' }, type: str(), actor: str(), at: when, status: str() } } },
    documents: {
      type: 'array',
      items: { type: 'object', properties: { kind: { type: 'string', enum: [...PETITION_DOCUMENTS] }, seq: { type: 'integer' }, issuedAt: when } },
    },
  },
};

/** A petition's file and its documents, from the petitions service (which checks role and jurisdiction again). */
@ApiTags('petitions')
@ApiBearerAuth()
@Controller('api/v1/cases/:id/petition')
export class PetitionsController {
  constructor(@Inject(PETITIONS_CLIENT) private readonly petitions: ServiceClient) {}

  @Get()
  @RolesAllowed(...PETITION_FILE_READER_ROLES)
  @ApiOperation({ summary: '信访档案 / The petition file: acceptance decision, competent body, extension, reply, review and re-review, hearings, documents' })
  @ApiParam({ name: 'id', description: 'the case id' })
  @ApiReadPurpose()
  @ApiResponse({ status: 200, schema: petitionFileSchema })
  @ApiResponse({ status: 403, description: 'your role may not read petition files', schema: problemSchemaRef })
  @ApiResponse({ status: 404, description: 'no petition with this case id in your jurisdiction', schema: problemSchemaRef })
  file(@Param('id') id: string, @Req() req: AuthenticatedRequest): Promise<PetitionFileView> {
    return this.petitions.request<PetitionFileView>(Commands.petitions.getFile, { id }, req.token, req.requestId, undefined, readHeaders(req));
  }

  @Get('documents/:kind')
  @RolesAllowed(...PETITION_FILE_READER_ROLES)
  @ApiOperation({ summary: '信访文书 / A document the petition process issued, as PDF (受理告知书, 不予受理告知书, 处理意见书, 复查意见书, 复核意见书)' })
  @ApiParam({ name: 'id', description: 'the case id' })
  @ApiParam({ name: 'kind', enum: [...PETITION_DOCUMENTS] })
  @ApiReadPurpose()
  @ApiProduces('application/pdf')
  @ApiResponse({ status: 200, description: 'the PDF, with a Chinese filename (Content-Disposition filename*)' })
  @ApiResponse({ status: 403, description: 'your role may not read petition files', schema: problemSchemaRef })
  @ApiResponse({ status: 404, description: 'no such petition in your jurisdiction, or the document is not issued yet', schema: problemSchemaRef })
  @ApiResponse({ status: 422, description: 'unknown document kind', schema: problemSchemaRef })
  async document(@Param('id') id: string, @Param('kind') kind: string, @Req() req: AuthenticatedRequest): Promise<StreamableFile> {
    const f = await this.petitions.request<PetitionDocumentFile>(
      Commands.petitions.getDocument,
      { id, kind },
      req.token,
      req.requestId,
      undefined,
      readHeaders(req),
    );
    return new StreamableFile(Buffer.from(f.base64, 'base64'), { type: f.contentType, disposition: contentDisposition(f.filename, `petition-${f.kind}.pdf`) });
  }
}
