import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ATTACHMENT_CONTENT_TYPES,
  ATTACHMENT_ROLES,
  AttachmentFailures,
  FIELD_REPORT_READER_ROLES,
  FIELD_REPORTER_ROLES,
  mayKeepPhotoLocation,
} from '@fengqiao/rules';
import {
  ATTACHMENT_SUBJECT_KINDS,
  attachmentRequestSchema,
  Commands,
  zodFieldErrors,
  type AttachmentRecord,
  type AttachmentSubjectKind,
  type AttachmentView,
} from '@fengqiao/contracts';
import { RolesAllowed } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { INTAKE_CLIENT } from '../service-client/service-clients';
import { ServiceClient } from '../service-client/service-client';
import { problemSchemaRef } from '../openapi/case.schemas';
import { openApiSchemaOf } from '../openapi/from-zod';
import { ProblemException } from '../problems/problem.exception';
import { OBJECT_STORE } from './object-store.provider';
import type { ObjectStore, PresignedUrl } from './object-store';
import { checkUpload, tooLarge } from './upload-check';
import { str } from '../openapi/schema-parts';

const attachmentSchema = {
  type: 'object',
  required: ['id', 'subjectKind', 'subjectId', 'fileName', 'contentType', 'size', 'status', 'uploadedBy', 'createdAt'],
  properties: {
    id: str({ format: 'uuid' }),
    subjectKind: str({ enum: [...ATTACHMENT_SUBJECT_KINDS] }),
    subjectId: str({ format: 'uuid' }),
    fileName: str(),
    contentType: str({ enum: ATTACHMENT_CONTENT_TYPES }),
    size: { type: 'integer', description: 'bytes: declared while pending, of the stored file once stored' },
    sha256: str({ nullable: true }),
    status: str({ enum: ['pending', 'stored'] }),
    gpsKept: {
      type: 'boolean',
      nullable: true,
      description: "a photo kept its GPS position (its uploader's role may keep it); null for documents and pending uploads",
    },
    uploadedBy: { type: 'object', properties: { username: str(), name: str() } },
    createdAt: str({ format: 'date-time' }),
    storedAt: str({ format: 'date-time', nullable: true }),
  },
};
const presignedSchema = (method: string) => ({
  type: 'object',
  properties: {
    method: str({ enum: [method] }),
    url: str({ description: 'presigned: no bearer token with it' }),
    headers: { type: 'object', additionalProperties: str(), description: 'to send as they are' },
    expiresAt: str({ format: 'date-time' }),
  },
});

/** What the API says about an attachment: its record without the store's keys. */
const viewOf = ({ uploadKey: _u, objectKey: _o, ...v }: AttachmentRecord): AttachmentView => v;

/**
 * Attachments of a case (photos, signed agreements) in the S3 object store. Intake keeps their records
 * under the case's jurisdiction; the gateway presigns uploads and downloads only after intake has said
 * the caller may act on the case, and checks each upload (type by its first bytes, size, GPS removed)
 * before it is stored.
 */
@ApiTags('attachments')
@ApiBearerAuth()
@Controller('api/v1')
export class AttachmentsController {
  constructor(
    @Inject(INTAKE_CLIENT) private readonly intake: ServiceClient,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore | undefined,
  ) {}

  private objects(): ObjectStore {
    if (!this.store) throw new ProblemException(AttachmentFailures.problem('ATTACHMENT_STORE_UNAVAILABLE'));
    return this.store;
  }

  @Post('cases/:id/attachments')
  @HttpCode(201)
  @RolesAllowed(...ATTACHMENT_ROLES)
  @ApiOperation({
    summary: '上传附件（第一步）/ Start an upload to a case: a short-lived presigned PUT of exactly the declared type and size',
    description:
      'Photos JPEG, PNG or WebP up to 10 MB; documents PDF up to 20 MB. Upload the file with the returned method, URL and headers, then `POST /api/v1/attachments/{id}/complete`.',
  })
  @ApiBody({ schema: openApiSchemaOf(attachmentRequestSchema) })
  @ApiResponse({ status: 201, schema: { type: 'object', properties: { attachment: attachmentSchema, upload: presignedSchema('PUT') } } })
  @ApiResponse({ status: 404, description: 'CASE_NOT_FOUND: no such case in your jurisdiction', schema: problemSchemaRef })
  @ApiResponse({ status: 422, description: 'ATTACHMENT_TYPE_NOT_ALLOWED, ATTACHMENT_TOO_LARGE, ATTACHMENT_INVALID (nothing stored)', schema: problemSchemaRef })
  @ApiResponse({ status: 503, description: 'ATTACHMENT_STORE_UNAVAILABLE', schema: problemSchemaRef })
  start(@Param('id') id: string, @Body() body: unknown, @Req() req: AuthenticatedRequest) {
    return this.begin('case', id, body, req);
  }

  @Post('field-reports/:id/attachments')
  @HttpCode(201)
  @RolesAllowed(...FIELD_REPORTER_ROLES)
  @ApiOperation({
    summary: '上报照片（第一步）/ Start an upload of a photo to an open field report: its reporter or a grid worker of its grid',
    description:
      "As for a case: upload with the returned method, URL and headers, then `POST /api/v1/attachments/{id}/complete`. File the report first, then attach its photos; name them in the settlement (`attachmentIds`). A grid worker's photo keeps its GPS position, a resident's is re-encoded without it.",
  })
  @ApiBody({ schema: openApiSchemaOf(attachmentRequestSchema) })
  @ApiResponse({ status: 201, schema: { type: 'object', properties: { attachment: attachmentSchema, upload: presignedSchema('PUT') } } })
  @ApiResponse({ status: 403, description: 'FIELD_REPORT_NOT_YOUR_GRID: neither its reporter nor a grid worker of its grid', schema: problemSchemaRef })
  @ApiResponse({ status: 404, description: 'FIELD_REPORT_NOT_FOUND: no such report, or one you may not see', schema: problemSchemaRef })
  @ApiResponse({ status: 409, description: 'FIELD_REPORT_NOT_OPEN: handled already (settled, sent, rejected)', schema: problemSchemaRef })
  @ApiResponse({ status: 422, description: 'ATTACHMENT_TYPE_NOT_ALLOWED, ATTACHMENT_TOO_LARGE, ATTACHMENT_INVALID (nothing stored)', schema: problemSchemaRef })
  @ApiResponse({ status: 503, description: 'ATTACHMENT_STORE_UNAVAILABLE', schema: problemSchemaRef })
  startForReport(@Param('id') id: string, @Body() body: unknown, @Req() req: AuthenticatedRequest) {
    return this.begin('field-report', id, body, req);
  }

  @Get('field-reports/:id/attachments')
  @RolesAllowed(...FIELD_REPORT_READER_ROLES)
  @ApiOperation({ summary: "上报照片 / A field report's stored photos, oldest first (whoever may read the report)" })
  @ApiResponse({ status: 200, schema: { type: 'array', items: attachmentSchema } })
  @ApiResponse({ status: 404, description: 'FIELD_REPORT_NOT_FOUND: no such report, or one you may not see', schema: problemSchemaRef })
  listForReport(@Param('id') id: string, @Req() req: AuthenticatedRequest): Promise<AttachmentView[]> {
    return this.intake.request<AttachmentView[]>(Commands.intake.listAttachments, { subjectKind: 'field-report', subjectId: id }, req.token, req.requestId);
  }

  /** The first step for any subject: intake checks the subject and records the pending upload, then the PUT is presigned. */
  private async begin(subjectKind: AttachmentSubjectKind, id: string, body: unknown, req: AuthenticatedRequest) {
    const objects = this.objects();
    const parsed = attachmentRequestSchema.safeParse(body ?? {});
    if (!parsed.success) throw new ProblemException(AttachmentFailures.problem('ATTACHMENT_INVALID', zodFieldErrors(parsed.error)));
    const record = await this.intake.request<AttachmentRecord>(
      Commands.intake.createAttachment,
      { ...parsed.data, subjectKind, subjectId: id },
      req.token,
      req.requestId,
    );
    const upload = await objects.presignUpload(record.uploadKey, record.contentType, record.size);
    return {
      attachment: viewOf(record),
      upload: { method: 'PUT', url: upload.url, headers: { 'content-type': record.contentType }, expiresAt: upload.expiresAt },
    };
  }

  @Post('attachments/:id/complete')
  @HttpCode(200)
  @RolesAllowed(...ATTACHMENT_ROLES)
  @ApiOperation({
    summary: '上传附件（第二步）/ Complete an upload: the file is checked by its content and stored (photos re-encoded without their GPS position)',
    description:
      "By the uploader only. The file's first bytes must be the declared type, within its size; a photo is re-encoded, dropping its metadata (EXIF with the GPS position) unless the uploader's role may keep it. A refused file is deleted with its record: start again.",
  })
  @ApiResponse({ status: 200, schema: attachmentSchema })
  @ApiResponse({ status: 403, description: 'ATTACHMENT_NOT_UPLOADER', schema: problemSchemaRef })
  @ApiResponse({ status: 404, description: 'ATTACHMENT_NOT_FOUND: none in your jurisdiction', schema: problemSchemaRef })
  @ApiResponse({ status: 409, description: 'ATTACHMENT_NOT_UPLOADED (upload first), ATTACHMENT_NOT_PENDING (stored already)', schema: problemSchemaRef })
  @ApiResponse({
    status: 422,
    description: 'ATTACHMENT_TYPE_NOT_ALLOWED, ATTACHMENT_TYPE_MISMATCH, ATTACHMENT_TOO_LARGE, ATTACHMENT_UNREADABLE (file and record removed)',
    schema: problemSchemaRef,
  })
  @ApiResponse({ status: 503, description: 'ATTACHMENT_STORE_UNAVAILABLE', schema: problemSchemaRef })
  async complete(@Param('id') id: string, @Req() req: AuthenticatedRequest): Promise<AttachmentView> {
    const objects = this.objects();
    const record = await this.intake.request<AttachmentRecord>(Commands.intake.getAttachment, { id }, req.token, req.requestId);
    // Checked here before any object is touched (intake checks again when it stores).
    if (record.uploadedBy.username !== req.caller.username) throw new ProblemException(AttachmentFailures.problem('ATTACHMENT_NOT_UPLOADER'));
    if (record.status !== 'pending') throw new ProblemException(AttachmentFailures.problem('ATTACHMENT_NOT_PENDING'));
    const size = await objects.size(record.uploadKey);
    if (size === undefined) throw new ProblemException(AttachmentFailures.problem('ATTACHMENT_NOT_UPLOADED'));
    // A file over its type's limit is refused without being read (whatever the S3 server let through).
    const checked =
      tooLarge(record.contentType, size) ?? (await checkUpload(await objects.read(record.uploadKey), record.contentType, mayKeepPhotoLocation(req.caller)));
    if (!checked.ok) {
      // Nothing half-kept: the record goes first (the uploader's own), then the file.
      await this.intake.request(Commands.intake.discardAttachment, { id }, req.token, req.requestId);
      await objects.remove(record.uploadKey);
      throw new ProblemException(checked.problem);
    }
    const sha256 = await objects.write(record.objectKey, checked.bytes, checked.contentType);
    let stored: AttachmentRecord;
    try {
      stored = await this.intake.request<AttachmentRecord>(
        Commands.intake.storeAttachment,
        { id, contentType: checked.contentType, size: checked.bytes.length, sha256, gpsKept: checked.gpsKept },
        req.token,
        req.requestId,
      );
    } catch (e) {
      // Not recorded: the stored file goes too (the upload stays, to complete again) — unless a concurrent
      // completion of the same upload stored it (the same bytes, re-encoded alike).
      const storedMeanwhile = e instanceof ProblemException && e.problem.code === 'ATTACHMENT_NOT_PENDING';
      if (!storedMeanwhile) await objects.remove(record.objectKey).catch(() => undefined);
      throw e;
    }
    await objects.remove(record.uploadKey);
    return viewOf(stored);
  }

  @Get('cases/:id/attachments')
  @RolesAllowed(...ATTACHMENT_ROLES)
  @ApiOperation({ summary: "案件附件 / A case's stored attachments, oldest first" })
  @ApiResponse({ status: 200, schema: { type: 'array', items: attachmentSchema } })
  @ApiResponse({ status: 404, description: 'CASE_NOT_FOUND: no such case in your jurisdiction', schema: problemSchemaRef })
  list(@Param('id') id: string, @Req() req: AuthenticatedRequest): Promise<AttachmentView[]> {
    return this.intake.request<AttachmentView[]>(Commands.intake.listAttachments, { subjectKind: 'case', subjectId: id }, req.token, req.requestId);
  }

  @Get('attachments/:id')
  @RolesAllowed(...ATTACHMENT_ROLES)
  @ApiOperation({ summary: '下载附件 / One attachment, with a short-lived presigned download URL once it is stored' })
  @ApiResponse({
    status: 200,
    schema: { type: 'object', properties: { attachment: attachmentSchema, download: { ...presignedSchema('GET'), nullable: true } } },
  })
  @ApiResponse({ status: 404, description: 'ATTACHMENT_NOT_FOUND: none in your jurisdiction', schema: problemSchemaRef })
  @ApiResponse({ status: 503, description: 'ATTACHMENT_STORE_UNAVAILABLE', schema: problemSchemaRef })
  async get(
    @Param('id') id: string,
    @Req() req: AuthenticatedRequest,
  ): Promise<{ attachment: AttachmentView; download: (PresignedUrl & { method: 'GET' }) | null }> {
    const record = await this.intake.request<AttachmentRecord>(Commands.intake.getAttachment, { id }, req.token, req.requestId);
    if (record.status !== 'stored') return { attachment: viewOf(record), download: null };
    const url = await this.objects().presignDownload(record.objectKey, record.fileName, record.contentType);
    return { attachment: viewOf(record), download: { method: 'GET', ...url } };
  }
}
