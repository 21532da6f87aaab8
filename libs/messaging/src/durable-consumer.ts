import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg, type NatsConnection } from 'nats';
import { inSpan, platformMeter, SpanKind } from '@fengqiao/observability';
import { ensureEventsStream } from './events-stream';
import { retryJetStreamSetup } from './jetstream-setup';

/** Consumer lag: events in the stream this durable consumer has not been handed yet (`num_pending`). */
const consumerPending = () =>
  platformMeter().createObservableGauge('fq.consumer.pending', {
    description: 'JetStream events not yet delivered to a durable consumer (num_pending)',
    unit: '{event}',
  });

export interface DurableConsumerOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  stream: string;
  durable: string;
  filterSubject: string;
  /** Must be idempotent: JetStream delivers at least once. */
  handle: (msg: JsMsg) => Promise<void>;
  onError?: (e: unknown, msg: JsMsg) => void;
  ackWaitMs?: number;
  maxDeliver?: number;
  /**
   * Messages handled at once (default 1: one after the other, in stream order). More suits a
   * handler that waits on the outside world, e.g. a webhook's HTTP call.
   */
  concurrency?: number;
  /** Messages pulled ahead of the handler (default 50); each one's ack wait runs from its pull. */
  maxMessages?: number;
}

/** A durable pull consumer: ack on success, nak with back-off on failure. */
export async function startDurableConsumer(o: DurableConsumerOptions): Promise<{ stop: () => Promise<void> }> {
  const config = {
    durable_name: o.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: o.filterSubject,
    ack_wait: (o.ackWaitMs ?? 30_000) * 1_000_000,
    max_deliver: o.maxDeliver ?? 20,
  };
  const consumer = await retryJetStreamSetup(async () => {
    try {
      await o.jsm.consumers.info(o.stream, o.durable);
      await o.jsm.consumers.update(o.stream, o.durable, { filter_subject: o.filterSubject, ack_wait: config.ack_wait, max_deliver: config.max_deliver });
    } catch (e) {
      if (!String(e).includes('consumer not found')) throw e;
      await o.jsm.consumers.add(o.stream, config);
    }
    return o.js.consumers.get(o.stream, o.durable);
  });
  const messages: ConsumerMessages = await consumer.consume({ max_messages: o.maxMessages ?? 50 });
  const handleOne = async (msg: JsMsg) => {
    try {
      await inSpan(
        `jetstream consume ${msg.subject}`,
        { kind: SpanKind.CONSUMER, headers: msg.headers, attributes: { 'messaging.system': 'nats', 'messaging.consumer.group.name': o.durable } },
        () => o.handle(msg),
      );
      msg.ack();
    } catch (e) {
      o.onError?.(e, msg);
      msg.nak(Math.min(30_000, 500 * 2 ** Math.min(msg.info.redeliveryCount, 6)));
    }
  };
  const limit = Math.max(1, o.concurrency ?? 1);
  const done = (async () => {
    const inFlight = new Set<Promise<void>>();
    for await (const msg of messages) {
      const one: Promise<void> = handleOne(msg).finally(() => inFlight.delete(one));
      inFlight.add(one);
      if (inFlight.size >= limit) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  })();
  const observe = async (r: { observe(v: number, a: Record<string, string>): void }) => {
    const info = await o.jsm.consumers.info(o.stream, o.durable).catch(() => undefined);
    if (info) r.observe(info.num_pending, { consumer: o.durable });
  };
  // Created here, not at import: the meter provider is registered by then (startTelemetry in main.ts).
  const gauge = consumerPending();
  gauge.addCallback(observe);
  return {
    stop: async () => {
      gauge.removeCallback(observe);
      messages.stop();
      await done;
    },
  };
}

/**
 * A durable consumer of the platform's events stream (`FQ_EVENTS`, prefixed in tests), which
 * it creates if this service is the first to start: what every event-fed service needs.
 */
export async function startEventsConsumer(
  nats: NatsConnection,
  prefix: string | undefined,
  o: Pick<DurableConsumerOptions, 'durable' | 'filterSubject' | 'handle' | 'onError'>,
): Promise<{ stop: () => Promise<void> }> {
  const jsm = await nats.jetstreamManager();
  const stream = await ensureEventsStream(jsm, prefix);
  return startDurableConsumer({ js: nats.jetstream(), jsm, stream, ...o });
}
