import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Commands, HOTLINE_ORDER_STATUSES, HOTLINE_PUSH_KINDS, HOTLINE_PUSH_STATUSES, type HotlineOrderView } from '@fengqiao/contracts';
import { HOTLINE_DISPATCH_ROLES } from '@fengqiao/rules';
import { RolesAllowed } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { serviceClientProvider } from '../service-client/service-clients';
import { ServiceClient } from '../service-client/service-client';
import { problemSchemaRef } from '../openapi/case.schemas';
import { int, str } from '../openapi/schema-parts';

export const HOTLINE_CLIENT = Symbol('HOTLINE_CLIENT');
export const hotlineClientProvider = serviceClientProvider(HOTLINE_CLIENT);

const when = str({ format: 'date-time' });
const orderSchema = {
  type: 'object',
  properties: {
    orderNo: str(),
    centre: str(),
    caseId: str({ format: 'uuid' }),
    caseNo: str(),
    orgUnit: str(),
    category: str({ description: "the 12345 centre's own category label" }),
    deadline: { ...when, nullable: true, description: "the 12345 centre's deadline for the order" },
    status: str({ enum: [...HOTLINE_ORDER_STATUSES] }),
    objection: { type: 'object', nullable: true, properties: { reason: str(), by: str(), at: when } },
    accepted: { type: 'object', nullable: true, properties: { by: str(), at: when } },
    receivedAt: when,
    deadlineWarnedAt: { ...when, nullable: true, description: 'when the deadline run warned, a day before the deadline (libs/rules)' },
    overdueAt: { ...when, nullable: true, description: 'when the order fell overdue: its deadline passed before the result was recorded' },
    finishedAt: { ...when, nullable: true, description: "when the case's result was recorded: the deadline stopped running" },
    pushes: {
      type: 'array',
      description: 'what is pushed back to the centre, in order, with its delivery status',
      items: {
        type: 'object',
        properties: {
          seq: int(),
          kind: str({ enum: [...HOTLINE_PUSH_KINDS] }),
          status: str({ enum: [...HOTLINE_PUSH_STATUSES] }),
          attempts: int(),
          lastError: str({ nullable: true }),
          createdAt: when,
          deliveredAt: { ...when, nullable: true },
        },
      },
    },
  },
};
const orderNoParam = { name: 'orderNo', description: "the 12345 centre's work order number" };

/** A 12345 centre's dispatched work orders (apps/hotline-12345, which checks role and jurisdiction again). */
@ApiTags('hotline')
@ApiBearerAuth()
@Controller('api/v1/hotline/orders/:orderNo')
export class HotlineController {
  constructor(@Inject(HOTLINE_CLIENT) private readonly hotline: ServiceClient) {}

  @Get()
  @RolesAllowed(...HOTLINE_DISPATCH_ROLES)
  @ApiOperation({ summary: '12345 工单 / A 12345 work order: its case, its answer, and each push back to the centre with its delivery status' })
  @ApiParam(orderNoParam)
  @ApiResponse({ status: 200, schema: orderSchema })
  @ApiResponse({ status: 403, description: 'OUTSIDE_JURISDICTION', schema: problemSchemaRef })
  @ApiResponse({ status: 404, description: 'ORDER_NOT_FOUND', schema: problemSchemaRef })
  get(@Param('orderNo') orderNo: string, @Req() req: AuthenticatedRequest): Promise<HotlineOrderView> {
    return this.hotline.request<HotlineOrderView>(Commands.hotline.getOrder, { orderNo }, req.token, req.requestId);
  }

  @Post('accept')
  @HttpCode(200)
  @RolesAllowed(...HOTLINE_DISPATCH_ROLES)
  @ApiOperation({ summary: '签收 / Accept the dispatched order: the acceptance is pushed to the centre, then the case’s progress, result and return visit' })
  @ApiParam(orderNoParam)
  @ApiBody({ required: false, schema: { type: 'object', properties: { note: str({ maxLength: 500 }) } } })
  @ApiResponse({ status: 200, schema: orderSchema })
  @ApiResponse({ status: 403, description: 'OUTSIDE_JURISDICTION', schema: problemSchemaRef })
  @ApiResponse({ status: 404, description: 'ORDER_NOT_FOUND', schema: problemSchemaRef })
  @ApiResponse({ status: 409, description: 'ORDER_ANSWERED: accepted or objected to already', schema: problemSchemaRef })
  @ApiResponse({ status: 422, description: 'REQUEST_INVALID', schema: problemSchemaRef })
  accept(@Param('orderNo') orderNo: string, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<HotlineOrderView> {
    return this.hotline.request<HotlineOrderView>(Commands.hotline.acceptOrder, { ...bodyObject(body), orderNo }, req.token, req.requestId);
  }

  @Post('objection')
  @HttpCode(200)
  @RolesAllowed(...HOTLINE_DISPATCH_ROLES)
  @ApiOperation({ summary: '退单/异议 / Object to a wrong dispatch with a reason, before accepting: pushed to the centre; nothing else of the order follows' })
  @ApiParam(orderNoParam)
  @ApiBody({ schema: { type: 'object', required: ['reason'], properties: { reason: str({ maxLength: 500 }) } } })
  @ApiResponse({ status: 200, schema: orderSchema })
  @ApiResponse({ status: 403, description: 'OUTSIDE_JURISDICTION', schema: problemSchemaRef })
  @ApiResponse({ status: 404, description: 'ORDER_NOT_FOUND', schema: problemSchemaRef })
  @ApiResponse({ status: 409, description: 'ORDER_ANSWERED: accepted or objected to already', schema: problemSchemaRef })
  @ApiResponse({ status: 422, description: 'REQUEST_INVALID: no reason', schema: problemSchemaRef })
  object(@Param('orderNo') orderNo: string, @Body() body: unknown, @Req() req: AuthenticatedRequest): Promise<HotlineOrderView> {
    return this.hotline.request<HotlineOrderView>(Commands.hotline.objectOrder, { ...bodyObject(body), orderNo }, req.token, req.requestId);
  }
}

/** A body that is an object is passed on (the service validates it); anything else is an empty one. */
function bodyObject(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
