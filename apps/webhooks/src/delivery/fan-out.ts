import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { CloudEvent } from '@fengqiao/contracts';
import { pathHasUnit } from '@fengqiao/rules';
import { isSubscribable } from '../catalogue/webhook-events';
import type { Job } from './jobs';
import { ownerVerdict, pauseForOwner, type OwnerOf } from './owners';
import { redactForIntegrator } from './redact';

/** The org unit an event is about: `[<prefix>.]fq.evt.<orgUnit>.<aggregate>.<event>`. */
export function eventUnit(subject: string): string | undefined {
  const parts = subject.split('.');
  const i = parts.indexOf('evt');
  return i > 0 && parts[i - 1] === 'fq' ? parts[i + 1] : undefined;
}

/** The event's unit path: the one it carries (`orgPath`, `path`), else the service's copy of the tree. */
async function pathOfEvent(event: CloudEvent, unit: string, pathOf: (code: string) => Promise<string | undefined>): Promise<string | undefined> {
  const data = (event.data ?? {}) as Record<string, unknown>;
  for (const k of ['orgPath', 'path']) if (typeof data[k] === 'string' && (data[k] as string).startsWith('/')) return data[k] as string;
  return pathOf(unit);
}

export interface FanOutDeps {
  /** The path of a unit in the service's copy of the org tree. */
  pathOf: (code: string) => Promise<string | undefined>;
  /** Each subscription owner's current identity (cached briefly): a Keycloak call per owner, not per event. */
  ownerOf: OwnerOf;
  log?: (message: string, fields: Record<string, string>) => void;
}

/**
 * One event of the stream to its deliveries: for every subscription to its type whose subtree holds
 * the event's unit (libs/rules `pathHasUnit`) and that existed when the event happened, one delivery
 * with the redacted payload — `pending` for an active subscription, `held` for a paused one — made
 * once (unique per subscription and event), then every still pending one of them queued. A repeat of
 * the event (JetStream delivers at least once) makes nothing new and queues under the same message id.
 *
 * Each owner is checked as it is now (`ownerVerdict`): a subscription whose owner is gone, disabled,
 * no longer an integrator or no longer over the subscription's unit gets no delivery of the event and
 * is paused with that reason, its pending deliveries held. The payload is redacted for the owner's
 * current role: an integrator sees no personal data.
 */
export async function fanOut(ds: DataSource, event: CloudEvent, subject: string, deps: FanOutDeps): Promise<Job[]> {
  if (!event?.id || !isSubscribable(event.type)) return [];
  const unit = eventUnit(subject);
  if (!unit) return [];
  const path = await pathOfEvent(event, unit, deps.pathOf);
  const subs = (await ds.query(
    `SELECT id, owner_id, org_unit, status FROM webhooks.subscriptions WHERE status <> 'deleted' AND $1 = ANY(event_types) AND created_at <= $2::timestamptz`,
    [event.type, event.time],
  )) as Array<{ id: string; owner_id: string; org_unit: string; status: 'active' | 'paused' }>;
  const inSubtree = subs.filter((s) => s.org_unit === unit || (!!path && pathHasUnit(path, s.org_unit)));
  if (!inSubtree.length) return [];
  const verdicts = await Promise.all(
    inSubtree.map(async (s) => ({ s, verdict: ownerVerdict(await deps.ownerOf(s.owner_id), { org_unit: s.org_unit, path: await deps.pathOf(s.org_unit) }) })),
  );
  const payload = JSON.stringify(redactForIntegrator(event));
  return ds.transaction(async (m) => {
    const allowed: string[] = [];
    for (const { s, verdict } of verdicts) {
      if (!verdict.ok) {
        if (await pauseForOwner(m, s.id, verdict))
          deps.log?.('webhook subscription paused: its owner is no longer allowed', { subscriptionId: s.id, reason: verdict.reason });
        continue;
      }
      allowed.push(s.id);
      await m.query(
        `INSERT INTO webhooks.deliveries (id, subscription_id, event_id, event_type, payload, state, enqueued)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, 1) ON CONFLICT (subscription_id, event_id) WHERE redelivery_of IS NULL DO NOTHING`,
        [randomUUID(), s.id, event.id, event.type, payload, s.status === 'active' ? 'pending' : 'held'],
      );
    }
    if (!allowed.length) return [];
    return (await m.query(
      `SELECT id, enqueued FROM webhooks.deliveries WHERE event_id = $1 AND subscription_id = ANY($2::uuid[]) AND redelivery_of IS NULL AND state = 'pending'`,
      [event.id, allowed],
    )) as Job[];
  });
}
