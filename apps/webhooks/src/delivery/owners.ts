import type { EntityManager } from 'typeorm';
import type { Caller, WebhookPausedReason } from '@fengqiao/contracts';
import { hasAnyRole, mayActOnUnit, WEBHOOK_SUBSCRIBER_ROLES } from '@fengqiao/rules';

/** A subscription owner's current identity (libs/auth `KeycloakDirectory.caller`): null when gone or disabled. */
export type OwnerOf = (ownerId: string) => Promise<Caller | null>;

export type OwnerVerdict = { ok: true; owner: Caller } | { ok: false; reason: Extract<WebhookPausedReason, `owner-${string}`> };

/**
 * May the owner, as it is now, still receive this subscription's events? The account exists and is
 * enabled, holds a subscriber role (WEBHOOK_SUBSCRIBER_ROLES), and its current jurisdiction holds the
 * subscription's unit (libs/rules `mayActOnUnit`): an event in that unit's subtree then never leaves it.
 */
export function ownerVerdict(owner: Caller | null, sub: { org_unit: string; path: string | undefined }): OwnerVerdict {
  if (!owner) return { ok: false, reason: 'owner-gone' };
  if (!hasAnyRole(owner, WEBHOOK_SUBSCRIBER_ROLES)) return { ok: false, reason: 'owner-not-integrator' };
  if (!mayActOnUnit(owner, { code: sub.org_unit, path: sub.path })) return { ok: false, reason: 'owner-outside-jurisdiction' };
  return { ok: true, owner };
}

/**
 * Pauses a subscription whose owner is no longer allowed, with the reason its owner reads in the API,
 * and holds its pending deliveries (the delivery first, then the subscription: the deliverer's order).
 * Answers whether this call paused it.
 */
export async function pauseForOwner(m: EntityManager, subscriptionId: string, reason: OwnerVerdict & { ok: false }): Promise<boolean> {
  await m.query(`UPDATE webhooks.deliveries SET state = 'held' WHERE subscription_id = $1 AND state = 'pending'`, [subscriptionId]);
  const [, n] = (await m.query(
    `UPDATE webhooks.subscriptions SET status = 'paused', paused_reason = $2, updated_at = now()
     WHERE id = $1 AND status <> 'deleted' AND paused_reason IS DISTINCT FROM $2`,
    [subscriptionId, reason.reason],
  )) as [unknown, number];
  return n > 0;
}
