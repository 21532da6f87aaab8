import { z } from 'zod';

/**
 * Webhooks (docs/webhooks.md): an integrator's subscriptions of an HTTPS endpoint to event types
 * within its jurisdiction, and the delivery log. The webhooks service owns them; the gateway's
 * `/api/v1/webhooks/subscriptions` routes forward these bodies.
 */

/** The signature header of every delivery: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export const WEBHOOK_SIGNATURE_HEADER = 'Fengqiao-Signature';
/** The event's id (the same in every delivery and redelivery of it): a receiver's deduplication key. */
export const WEBHOOK_EVENT_ID_HEADER = 'Fengqiao-Event-Id';
export const WEBHOOK_EVENT_TYPE_HEADER = 'Fengqiao-Event-Type';
/** This delivery's id (a redelivery has its own). */
export const WEBHOOK_DELIVERY_ID_HEADER = 'Fengqiao-Delivery-Id';

const ORG_UNIT = /^\d{6}[0-9A-Za-z-]*$/;

export const webhookSubscriptionCreateSchema = z
  .object({
    url: z.string().min(1).max(2048),
    eventTypes: z.array(z.string().min(1).max(200)).min(1).max(100),
    /** The subtree whose events are delivered; the caller's own org unit when left out. */
    orgUnit: z.string().regex(ORG_UNIT, '须为行政区划代码 / must be an org-unit code such as 621102101').optional(),
    description: z.string().max(500).optional(),
  })
  .strict();
export type WebhookSubscriptionCreate = z.infer<typeof webhookSubscriptionCreateSchema>;

export const webhookIdSchema = z.object({ id: z.string().uuid('须为 UUID / must be a UUID') }).strict();
export const webhookDeliveryRefSchema = z
  .object({ id: z.string().uuid('须为 UUID / must be a UUID'), deliveryId: z.string().uuid('须为 UUID / must be a UUID') })
  .strict();
export const webhookDeliveryListSchema = z
  .object({
    id: z.string().uuid('须为 UUID / must be a UUID'),
    state: z.enum(['pending', 'delivered', 'held', 'failed']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export type WebhookSubscriptionStatus = 'active' | 'paused';

/**
 * Why a subscription is paused: `failures` (by the service after repeated failed attempts),
 * `requested` (by its owner), or its owner no longer allowed, as the service found at fan-out or
 * delivery: `owner-gone` (the account is deleted or disabled), `owner-not-integrator` (it lost the
 * subscriber role), `owner-outside-jurisdiction` (its org unit changed and no longer holds the
 * subscription's unit).
 */
export const WEBHOOK_PAUSED_REASONS = ['failures', 'requested', 'owner-gone', 'owner-not-integrator', 'owner-outside-jurisdiction'] as const;
export type WebhookPausedReason = (typeof WEBHOOK_PAUSED_REASONS)[number];

export interface WebhookSubscriptionView {
  id: string;
  url: string;
  eventTypes: string[];
  orgUnit: string;
  description: string | null;
  status: WebhookSubscriptionStatus;
  /** Why it is paused (WEBHOOK_PAUSED_REASONS), null when active. */
  pausedReason: WebhookPausedReason | null;
  consecutiveFailures: number;
  createdAt: string;
  updatedAt: string;
}

/** Only the answer to the creation carries the secret; it is never shown again. */
export interface WebhookSubscriptionCreated extends WebhookSubscriptionView {
  secret: string;
}

/**
 * A delivery: `pending` (queued or being retried), `delivered` (the receiver answered 2xx),
 * `held` (its subscription is paused: it goes out when resumed), `failed` (attempts exhausted).
 */
export type WebhookDeliveryState = 'pending' | 'delivered' | 'held' | 'failed';

export interface WebhookAttemptView {
  n: number;
  at: string;
  /** The receiver's HTTP status, or null when none came (timeout, refused connection). */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  ok: boolean;
}

export interface WebhookDeliveryView {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  state: WebhookDeliveryState;
  /** The delivery this one repeats (a redelivery on request), if any. */
  redeliveryOf: string | null;
  createdAt: string;
  deliveredAt: string | null;
  attempts: WebhookAttemptView[];
}
