import type { NatsConnection } from 'nats';
import { EventTypes, eventFilter, withPrefix, type CloudEvent } from '@fengqiao/contracts';
import { startEventsConsumer } from '@fengqiao/messaging';
import type { JsonLogger } from '@fengqiao/observability';
import type { PointsService } from './points.service';

/** The durable consumer's name on the events stream (docs/architecture.md, Messaging). */
export const POINTS_CONSUMER = 'intake-points';

/**
 * Awards points from `field-report.verified` events (durable, at least once: the award is unique per
 * report, so a redelivery awards nothing). An unreadable event is logged and skipped; a failure of the
 * database is retried with back-off.
 */
export function startPointsConsumer(o: { nats: NatsConnection; prefix?: string; points: PointsService; logger: JsonLogger }) {
  return startEventsConsumer(o.nats, o.prefix, {
    durable: POINTS_CONSUMER,
    filterSubject: withPrefix(o.prefix, eventFilter('field-report', 'verified')),
    handle: async (msg) => {
      let event: CloudEvent<unknown> | undefined;
      try {
        event = msg.json<CloudEvent<unknown>>();
      } catch {
        event = undefined;
      }
      if (!event || event.type !== EventTypes.fieldReportVerified) {
        o.logger.event('unreadable field-report event skipped', { subject: msg.subject, seq: msg.seq }, 'warn');
        return;
      }
      const outcome = await o.points.award(event.data);
      if (!outcome.awarded && outcome.why === 'unreadable')
        o.logger.event('field-report event without a valid resident skipped', { id: event.id, seq: msg.seq }, 'warn');
      else o.logger.event('points award applied', { id: event.id, ...outcome });
    },
    onError: (e, msg) => o.logger.event('awarding points failed, will retry', { subject: msg.subject, seq: msg.seq, error: String(e) }, 'warn'),
  });
}
