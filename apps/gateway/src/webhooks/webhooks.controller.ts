import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Commands, EventTypes, WEBHOOK_PAUSED_REASONS, webhookSubscriptionCreateSchema } from '@fengqiao/contracts';
import { WEBHOOK_SUBSCRIBER_ROLES } from '@fengqiao/rules';
import { RolesAllowed } from '../auth/auth.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { problemSchemaRef } from '../openapi/case.schemas';
import { openApiSchemaOf } from '../openapi/from-zod';
import { int, str } from '../openapi/schema-parts';
import { ServiceClient } from '../service-client/service-client';
import { serviceClientProvider } from '../service-client/service-clients';

export const WEBHOOKS_CLIENT = Symbol('WEBHOOKS_CLIENT');
export const webhooksClientProvider = serviceClientProvider(WEBHOOKS_CLIENT);

const subscriptionSchema = {
  type: 'object',
  properties: {
    id: str({ format: 'uuid' }),
    url: str(),
    eventTypes: { type: 'array', items: str() },
    orgUnit: str(),
    description: { type: 'string', nullable: true },
    status: { type: 'string', enum: ['active', 'paused'] },
    pausedReason: { type: 'string', enum: [...WEBHOOK_PAUSED_REASONS], nullable: true },
    consecutiveFailures: int(),
    createdAt: str({ format: 'date-time' }),
    updatedAt: str({ format: 'date-time' }),
  },
};
const deliverySchema = {
  type: 'object',
  properties: {
    id: str({ format: 'uuid' }),
    subscriptionId: str({ format: 'uuid' }),
    eventId: str(),
    eventType: str(),
    state: { type: 'string', enum: ['pending', 'delivered', 'held', 'failed'] },
    redeliveryOf: { type: 'string', format: 'uuid', nullable: true },
    createdAt: str({ format: 'date-time' }),
    deliveredAt: { type: 'string', format: 'date-time', nullable: true },
    attempts: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          n: int(),
          at: str({ format: 'date-time' }),
          statusCode: { type: 'integer', nullable: true },
          error: { type: 'string', nullable: true },
          durationMs: int(),
          ok: { type: 'boolean' },
        },
      },
    },
  },
};
const idParam = { name: 'id', description: 'the subscription id (UUID)' };

/**
 * Webhooks (docs/webhooks.md): an integrator's subscriptions and their delivery log. The webhooks
 * service decides (jurisdiction, event types, https, ownership); this forwards.
 */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('api/v1/webhooks/subscriptions')
export class WebhooksController {
  constructor(@Inject(WEBHOOKS_CLIENT) private readonly webhooks: ServiceClient) {}

  @Post()
  @HttpCode(201)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...WEBHOOK_SUBSCRIBER_ROLES)
  @ApiOperation({ summary: '订阅事件 / Subscribe an https endpoint to event types within your jurisdiction; the answer shows the signing secret once' })
  @ApiBody({
    schema: {
      ...openApiSchemaOf(webhookSubscriptionCreateSchema),
      example: { url: 'https://hooks.example.cn/fengqiao', eventTypes: [EventTypes.caseRegistered], orgUnit: '621102' },
    },
  })
  @ApiResponse({ status: 201, schema: { ...subscriptionSchema, properties: { ...subscriptionSchema.properties, secret: str() } } })
  @ApiResponse({ status: 422, description: 'not an https URL, an event type that cannot be subscribed to', schema: problemSchemaRef })
  @ApiResponse({ status: 403, description: 'the org unit is outside your jurisdiction', schema: problemSchemaRef })
  create(@Body() body: unknown, @Req() req: AuthenticatedRequest) {
    return this.webhooks.request(Commands.webhooks.createSubscription, body ?? {}, req.token, req.requestId);
  }

  @Get()
  @RolesAllowed(...WEBHOOK_SUBSCRIBER_ROLES)
  @ApiOperation({ summary: '我的订阅 / Your subscriptions' })
  @ApiResponse({ status: 200, schema: { type: 'object', properties: { items: { type: 'array', items: subscriptionSchema } } } })
  list(@Req() req: AuthenticatedRequest) {
    return this.webhooks.request(Commands.webhooks.listSubscriptions, {}, req.token, req.requestId);
  }

  @Get(':id')
  @RolesAllowed(...WEBHOOK_SUBSCRIBER_ROLES)
  @ApiOperation({ summary: '订阅 / One of your subscriptions' })
  @ApiParam(idParam)
  @ApiResponse({ status: 200, schema: subscriptionSchema })
  @ApiResponse({ status: 404, schema: problemSchemaRef })
  get(@Param('id') id: string, @Req() req: AuthenticatedRequest) {
    return this.webhooks.request(Commands.webhooks.getSubscription, { id }, req.token, req.requestId);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @RolesAllowed(...WEBHOOK_SUBSCRIBER_ROLES)
  @ApiOperation({ summary: '暂停订阅 / Pause: deliveries are held until resumed' })
  @ApiParam(idParam)
  @ApiResponse({ status: 200, schema: subscriptionSchema })
  pause(@Param('id') id: string, @Req() req: AuthenticatedRequest) {
    return this.webhooks.request(Commands.webhooks.pauseSubscription, { id }, req.token, req.requestId);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @RolesAllowed(...WEBHOOK_SUBSCRIBER_ROLES)
  @ApiOperation({ summary: '恢复订阅 / Resume a paused subscription: its held deliveries go out' })
  @ApiParam(idParam)
  @ApiResponse({ status: 200, schema: subscriptionSchema })
  @ApiResponse({ status: 409, description: 'not paused', schema: problemSchemaRef })
  resume(@Param('id') id: string, @Req() req: AuthenticatedRequest) {
    return this.webhooks.request(Commands.webhooks.resumeSubscription, { id }, req.token, req.requestId);
  }

  @Delete(':id')
  @HttpCode(200)
  @RolesAllowed(...WEBHOOK_SUBSCRIBER_ROLES)
  @ApiOperation({ summary: '删除订阅 / Delete a subscription (nothing more is delivered)' })
  @ApiParam(idParam)
  remove(@Param('id') id: string, @Req() req: AuthenticatedRequest) {
    return this.webhooks.request(Commands.webhooks.deleteSubscription, { id }, req.token, req.requestId);
  }

  @Get(':id/deliveries')
  @RolesAllowed(...WEBHOOK_SUBSCRIBER_ROLES)
  @ApiOperation({ summary: '投递记录 / The delivery log, newest first, each with its attempts' })
  @ApiParam(idParam)
  @ApiQuery({ name: 'state', required: false, enum: ['pending', 'delivered', 'held', 'failed'] })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 } })
  @ApiResponse({ status: 200, schema: { type: 'object', properties: { items: { type: 'array', items: deliverySchema }, total: int() } } })
  deliveries(@Param('id') id: string, @Query() query: Record<string, unknown>, @Req() req: AuthenticatedRequest) {
    return this.webhooks.request(Commands.webhooks.listDeliveries, { ...query, id }, req.token, req.requestId);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @UseInterceptors(IdempotencyInterceptor)
  @RolesAllowed(...WEBHOOK_SUBSCRIBER_ROLES)
  @ApiOperation({ summary: '重新投递 / Deliver again: a new delivery of the same event (same event id)' })
  @ApiParam(idParam)
  @ApiParam({ name: 'deliveryId', description: 'the delivery to repeat' })
  @ApiResponse({ status: 202, schema: deliverySchema })
  @ApiResponse({ status: 409, description: 'the subscription is paused', schema: problemSchemaRef })
  redeliver(@Param('id') id: string, @Param('deliveryId') deliveryId: string, @Req() req: AuthenticatedRequest) {
    return this.webhooks.request(Commands.webhooks.redeliver, { id, deliveryId }, req.token, req.requestId);
  }
}
