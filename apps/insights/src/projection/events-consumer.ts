import type { NatsConnection } from 'nats';
import { withPrefix, type CloudEvent } from '@fengqiao/contracts';
import { startEventsConsumer } from '@fengqiao/messaging';
import type { JsonLogger } from '@fengqiao/observability';
import type { CaseProjector } from './case-projector';
import { keyPersonEventsFilter, type KeyPersonProjector } from './key-person-projector';

/** Every case event of every org unit. */
export const caseEventsFilter = (prefix: string | undefined) => withPrefix(prefix, 'fq.evt.*.case.>');

/**
 * A read model's feed: a durable consumer on FQ_EVENTS, each event applied once (ack after commit).
 * An event that is not JSON cannot be helped by a retry: it is acknowledged and logged.
 */
export async function startProjection(o: {
  nats: NatsConnection;
  prefix?: string;
  durable: string;
  filterSubject: string;
  projector: { handle(event: CloudEvent, subject: string): Promise<unknown> };
  logger: JsonLogger;
}) {
  return startEventsConsumer(o.nats, o.prefix, {
    durable: o.durable,
    filterSubject: o.filterSubject,
    handle: async (msg) => {
      let event: CloudEvent;
      try {
        event = msg.json<CloudEvent>();
      } catch {
        o.logger.event('unreadable event skipped', { subject: msg.subject, seq: msg.seq }, 'warn');
        return;
      }
      await o.projector.handle(event, msg.subject);
    },
    onError: (e, msg) => o.logger.event('applying an event failed, will retry', { subject: msg.subject, seq: msg.seq, error: String(e) }, 'warn'),
  });
}

type FeedOptions<P> = { nats: NatsConnection; prefix?: string; durable: string; projector: P; logger: JsonLogger };

/** The case figures' feed (the consumer named `durable`). */
export const startCaseEventsConsumer = (o: FeedOptions<CaseProjector>) => startProjection({ ...o, filterSubject: caseEventsFilter(o.prefix) });

/**
 * The key-person figures' feed: a durable consumer of its own (`<durable>-key-persons`), so the case
 * consumer keeps its position and this one reads the stream from its start when it is first created.
 */
export const startKeyPersonEventsConsumer = (o: FeedOptions<KeyPersonProjector>) =>
  startProjection({ ...o, durable: `${o.durable}-key-persons`, filterSubject: keyPersonEventsFilter(o.prefix) });
