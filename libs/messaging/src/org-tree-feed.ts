import type { FactoryProvider, InjectionToken } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { EventTypes, eventFilter, withPrefix, type CloudEvent, type OrgUnitUpsertedData } from '@fengqiao/contracts';
import type { JsonLogger } from '@fengqiao/observability';
import { startEventsConsumer } from './durable-consumer';

/**
 * Keeps a service's copy of the org tree in step with intake's: a durable consumer of
 * `cn.fengqiao.org-unit.upserted.v1` (parents are announced before their children, and a child
 * that arrives first is retried until its parent is in). `apply` writes one unit into the copy and
 * must be idempotent; `copied` runs after it (e.g. to drop a cached tree).
 */
export async function startOrgTreeFeed(o: {
  nats: NatsConnection;
  prefix?: string;
  durable: string;
  logger: Pick<JsonLogger, 'event'>;
  apply: (unit: OrgUnitUpsertedData) => Promise<void>;
  copied?: () => void;
}): Promise<{ stop: () => Promise<void> }> {
  return startEventsConsumer(o.nats, o.prefix, {
    durable: o.durable,
    filterSubject: withPrefix(o.prefix, eventFilter('org-unit', 'upserted')),
    handle: async (msg) => {
      const event = msg.json<CloudEvent<OrgUnitUpsertedData>>();
      if (event.type !== EventTypes.orgUnitUpserted) return;
      await o.apply(event.data);
      o.copied?.();
      o.logger.event('org unit copied', { orgUnit: event.data.code });
    },
    onError: (e, msg) => o.logger.event('copying an org unit failed, will retry', { subject: msg.subject, seq: msg.seq, error: String(e) }, 'warn'),
  });
}

/**
 * The feed as a Nest provider (by shape: bootstrap and before-shutdown hooks), built by a factory in
 * the service's module; stopped before the workers close NATS and the database.
 */
export class OrgTreeFeed {
  private consumer: { stop: () => Promise<void> } | undefined;

  constructor(private readonly o: Parameters<typeof startOrgTreeFeed>[0]) {}

  /** For readiness. */
  running(): boolean {
    return this.consumer !== undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.consumer = await startOrgTreeFeed(this.o);
    this.o.logger.event('org tree feed running', { durable: this.o.durable });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}

/**
 * The feed's provider in a service's module: `db` (the service's DataSource), `nats` and `copy` (its
 * cached tree, forgotten after each unit) are the module's own injection tokens.
 */
export function orgTreeFeedProvider<Db>(o: {
  db: InjectionToken;
  nats: InjectionToken;
  copy: InjectionToken;
  prefix?: string;
  durable: string;
  logger: Pick<JsonLogger, 'event'>;
  apply: (db: Db, unit: OrgUnitUpsertedData) => Promise<void>;
}): FactoryProvider<OrgTreeFeed> {
  return {
    provide: OrgTreeFeed,
    inject: [o.db, o.nats, o.copy],
    useFactory: (db: Db, nats: NatsConnection, copy: { forget(): void }) =>
      new OrgTreeFeed({
        nats,
        ...(o.prefix === undefined ? {} : { prefix: o.prefix }),
        durable: o.durable,
        logger: o.logger,
        apply: (u) => o.apply(db, u),
        copied: () => copy.forget(),
      }),
  };
}
