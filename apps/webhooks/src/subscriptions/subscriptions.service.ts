import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  ok,
  webhookDeliveryListSchema,
  webhookDeliveryRefSchema,
  webhookIdSchema,
  webhookSubscriptionCreateSchema,
  zodFieldErrors,
  type Caller,
  type Reply,
  type WebhookAttemptView,
  type WebhookDeliveryView,
  type WebhookPausedReason,
  type WebhookSubscriptionCreated,
  type WebhookSubscriptionView,
} from '@fengqiao/contracts';
import { mayActOnUnit } from '@fengqiao/rules';
import type { PiiCipher } from '@fengqiao/pii';
import type { z } from 'zod';
import { isSubscribable } from '../catalogue/webhook-events';
import { newSecret } from '../delivery/signature';
import type { Job } from '../delivery/jobs';
import { checkEndpoint } from './endpoint-url';
import { WebhookFailures as F } from './webhooks.failures';

class ResumedMeanwhile extends Error {}

interface SubscriptionRow {
  id: string;
  owner_id: string;
  org_unit: string;
  url: string;
  event_types: string[];
  description: string | null;
  status: 'active' | 'paused' | 'deleted';
  paused_reason: WebhookPausedReason | null;
  consecutive_failures: number;
  created_at: Date;
  updated_at: Date;
}

const view = (r: SubscriptionRow): WebhookSubscriptionView => ({
  id: r.id,
  url: r.url,
  eventTypes: r.event_types,
  orgUnit: r.org_unit,
  description: r.description,
  status: r.status === 'paused' ? 'paused' : 'active',
  pausedReason: r.paused_reason,
  consecutiveFailures: r.consecutive_failures,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

function parse<S extends z.ZodTypeAny>(schema: S, body: unknown): { ok: true; value: z.infer<S> } | { ok: false; reply: Reply<never> } {
  const r = schema.safeParse(body ?? {});
  return r.success ? { ok: true, value: r.data } : { ok: false, reply: F.fail('INVALID_REQUEST', zodFieldErrors(r.error)) };
}

export interface SubscriptionsDeps {
  ds: DataSource;
  cipher: PiiCipher;
  allowLoopbackHttp: boolean;
  /** The path of a unit in the service's copy of the org tree. */
  pathOf: (code: string) => Promise<string | undefined>;
  /** Queues deliveries made pending (after their transaction committed). */
  enqueue: (jobs: readonly Job[]) => Promise<void>;
}

/**
 * An integrator's subscriptions: each its owner's alone (another account gets 404), within the
 * owner's jurisdiction (libs/rules `mayActOnUnit`), to subscribable event types only.
 */
export class SubscriptionsService {
  constructor(private readonly d: SubscriptionsDeps) {}

  async create(caller: Caller, body: unknown): Promise<Reply<WebhookSubscriptionCreated>> {
    const p = parse(webhookSubscriptionCreateSchema, body);
    if (!p.ok) return p.reply;
    const req = p.value;
    const endpoint = checkEndpoint(req.url, this.d.allowLoopbackHttp);
    if (!endpoint.ok)
      return F.fail(endpoint.reason === 'credentials' ? 'URL_CREDENTIALS' : endpoint.reason === 'private-address' ? 'PRIVATE_ADDRESS' : 'NOT_HTTPS');
    const unknown = req.eventTypes.filter((t) => !isSubscribable(t));
    if (unknown.length) return F.fail('UNKNOWN_EVENT_TYPE', { types: unknown.join(', ') });
    if (!caller.orgUnit) return F.fail('NO_ORG_UNIT');
    const orgUnit = req.orgUnit ?? caller.orgUnit;
    if (!mayActOnUnit(caller, { code: orgUnit, path: await this.d.pathOf(orgUnit) })) return F.fail('OUTSIDE_JURISDICTION');
    const secret = newSecret();
    const [row] = (await this.d.ds.query(
      `INSERT INTO webhooks.subscriptions (id, owner_id, owner_name, org_unit, url, event_types, description, secret_enc, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active') RETURNING *`,
      [
        randomUUID(),
        caller.userId,
        caller.username,
        orgUnit,
        endpoint.url,
        [...new Set(req.eventTypes)],
        req.description ?? null,
        this.d.cipher.encrypt(secret),
      ],
    )) as SubscriptionRow[];
    return ok({ ...view(row!), secret });
  }

  async list(caller: Caller): Promise<Reply<{ items: WebhookSubscriptionView[] }>> {
    const rows = (await this.d.ds.query(`SELECT * FROM webhooks.subscriptions WHERE owner_id = $1 AND status <> 'deleted' ORDER BY created_at`, [
      caller.userId,
    ])) as SubscriptionRow[];
    return ok({ items: rows.map(view) });
  }

  async get(caller: Caller, body: unknown): Promise<Reply<WebhookSubscriptionView>> {
    const p = parse(webhookIdSchema, body);
    if (!p.ok) return p.reply;
    const row = await this.owned(this.d.ds.manager, caller, p.value.id);
    return row ? ok(view(row)) : F.fail('SUBSCRIPTION_NOT_FOUND');
  }

  async pause(caller: Caller, body: unknown): Promise<Reply<WebhookSubscriptionView>> {
    const p = parse(webhookIdSchema, body);
    if (!p.ok) return p.reply;
    return this.d.ds.transaction(async (m) => {
      const row = await this.owned(m, caller, p.value.id, true);
      if (!row) return F.fail('SUBSCRIPTION_NOT_FOUND');
      if (row.status === 'paused') return ok(view(row));
      const [r] = (await m.query(
        `UPDATE webhooks.subscriptions SET status = 'paused', paused_reason = 'requested', updated_at = now() WHERE id = $1 RETURNING *`,
        [row.id],
      )) as [SubscriptionRow[]];
      return ok(view(r[0]!));
    });
  }

  /**
   * Active again, its failure count cleared, and every delivery it held queued (oldest first), if its
   * unit still lies in the caller's jurisdiction (the fan-out checks the owner again at each event). The
   * deliveries are taken before the subscription, in the deliverer's order (delivery, then its
   * subscription), so the two never wait on each other.
   */
  async resume(caller: Caller, body: unknown): Promise<Reply<WebhookSubscriptionView>> {
    const p = parse(webhookIdSchema, body);
    if (!p.ok) return p.reply;
    const out = await this.d.ds
      .transaction(async (m) => {
        const row = await this.owned(m, caller, p.value.id);
        if (!row) return { reply: F.fail('SUBSCRIPTION_NOT_FOUND'), jobs: [] as Job[] };
        if (row.status !== 'paused') return { reply: F.fail('NOT_PAUSED'), jobs: [] as Job[] };
        // Its owner, as the token says now, must still be over its unit (a moved account resumes nothing).
        if (!mayActOnUnit(caller, { code: row.org_unit, path: await this.d.pathOf(row.org_unit) }))
          return { reply: F.fail('OUTSIDE_JURISDICTION'), jobs: [] as Job[] };
        const [held] = (await m.query(
          `UPDATE webhooks.deliveries SET state = 'pending', enqueued = enqueued + 1
         WHERE subscription_id = $1 AND state IN ('held', 'pending') RETURNING id, enqueued, created_at`,
          [row.id],
        )) as [Array<Job & { created_at: Date }>];
        const [r] = (await m.query(
          `UPDATE webhooks.subscriptions SET status = 'active', paused_reason = NULL, consecutive_failures = 0, updated_at = now()
         WHERE id = $1 AND status = 'paused' RETURNING *`,
          [row.id],
        )) as [SubscriptionRow[]];
        // Resumed (or deleted) meanwhile by another request: nothing of this one stays.
        if (!r[0]) throw new ResumedMeanwhile();
        held.sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
        return { reply: ok(view(r[0])), jobs: held.map(({ id, enqueued }) => ({ id, enqueued })) };
      })
      .catch((e: unknown) => {
        if (e instanceof ResumedMeanwhile) return { reply: F.fail('NOT_PAUSED'), jobs: [] as Job[] };
        throw e;
      });
    await this.d.enqueue(out.jobs);
    return out.reply;
  }

  async remove(caller: Caller, body: unknown): Promise<Reply<{ id: string; deleted: true }>> {
    const p = parse(webhookIdSchema, body);
    if (!p.ok) return p.reply;
    const [, n] = (await this.d.ds.query(
      `UPDATE webhooks.subscriptions SET status = 'deleted', updated_at = now() WHERE id = $1 AND owner_id = $2 AND status <> 'deleted'`,
      [p.value.id, caller.userId],
    )) as [unknown, number];
    return n ? ok({ id: p.value.id, deleted: true }) : F.fail('SUBSCRIPTION_NOT_FOUND');
  }

  async deliveries(caller: Caller, body: unknown): Promise<Reply<{ items: WebhookDeliveryView[]; total: number }>> {
    const p = parse(webhookDeliveryListSchema, body);
    if (!p.ok) return p.reply;
    const q = p.value;
    if (!(await this.owned(this.d.ds.manager, caller, q.id))) return F.fail('SUBSCRIPTION_NOT_FOUND');
    const where = `subscription_id = $1 AND ($2::text IS NULL OR state = $2)`;
    const [{ total }] = (await this.d.ds.query(`SELECT count(*)::int AS total FROM webhooks.deliveries WHERE ${where}`, [q.id, q.state ?? null])) as [
      { total: number },
    ];
    const rows = (await this.d.ds.query(
      `SELECT id, subscription_id, event_id, event_type, state, redelivery_of, created_at, delivered_at FROM webhooks.deliveries
       WHERE ${where} ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`,
      [q.id, q.state ?? null, q.limit, q.offset],
    )) as DeliveryRow[];
    const attempts = await this.attemptsOf(rows.map((r) => r.id));
    return ok({ items: rows.map((r) => deliveryView(r, attempts.get(r.id) ?? [])), total });
  }

  /** A new delivery of the same event and payload (its own id; the event id stays), queued at once. */
  async redeliver(caller: Caller, body: unknown): Promise<Reply<WebhookDeliveryView>> {
    const p = parse(webhookDeliveryRefSchema, body);
    if (!p.ok) return p.reply;
    const sub = await this.owned(this.d.ds.manager, caller, p.value.id);
    if (!sub) return F.fail('SUBSCRIPTION_NOT_FOUND');
    if (sub.status === 'paused') return F.fail('SUBSCRIPTION_PAUSED');
    const rows = (await this.d.ds.query(
      `INSERT INTO webhooks.deliveries (id, subscription_id, event_id, event_type, payload, state, redelivery_of, enqueued)
       SELECT $3, subscription_id, event_id, event_type, payload, 'pending', id, 1 FROM webhooks.deliveries WHERE id = $2 AND subscription_id = $1
       RETURNING id, subscription_id, event_id, event_type, state, redelivery_of, created_at, delivered_at`,
      [sub.id, p.value.deliveryId, randomUUID()],
    )) as DeliveryRow[];
    const row = rows[0];
    if (!row) return F.fail('DELIVERY_NOT_FOUND');
    await this.d.enqueue([{ id: row.id, enqueued: 1 }]);
    return ok(deliveryView(row, []));
  }

  private async owned(m: EntityManager, caller: Caller, id: string, lock = false): Promise<SubscriptionRow | undefined> {
    const rows = (await m.query(`SELECT * FROM webhooks.subscriptions WHERE id = $1 AND owner_id = $2 AND status <> 'deleted'${lock ? ' FOR UPDATE' : ''}`, [
      id,
      caller.userId,
    ])) as SubscriptionRow[];
    return rows[0];
  }

  private async attemptsOf(ids: string[]): Promise<Map<string, WebhookAttemptView[]>> {
    const out = new Map<string, WebhookAttemptView[]>();
    if (!ids.length) return out;
    const rows = (await this.d.ds.query(
      `SELECT delivery_id, n, at, status_code, error, duration_ms, ok FROM webhooks.attempts WHERE delivery_id = ANY($1::uuid[]) ORDER BY delivery_id, n`,
      [ids],
    )) as Array<{ delivery_id: string; n: number; at: Date; status_code: number | null; error: string | null; duration_ms: number; ok: boolean }>;
    for (const a of rows) {
      const list = out.get(a.delivery_id) ?? [];
      list.push({ n: a.n, at: a.at.toISOString(), statusCode: a.status_code, error: a.error, durationMs: a.duration_ms, ok: a.ok });
      out.set(a.delivery_id, list);
    }
    return out;
  }
}

interface DeliveryRow {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  state: WebhookDeliveryView['state'];
  redelivery_of: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

const deliveryView = (r: DeliveryRow, attempts: WebhookAttemptView[]): WebhookDeliveryView => ({
  id: r.id,
  subscriptionId: r.subscription_id,
  eventId: r.event_id,
  eventType: r.event_type,
  state: r.state,
  redeliveryOf: r.redelivery_of,
  createdAt: r.created_at.toISOString(),
  deliveredAt: r.delivered_at?.toISOString() ?? null,
  attempts,
});
