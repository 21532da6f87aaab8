import { DeliverPolicy, type NatsConnection } from 'nats';
import { streamName, type CloudEvent } from '@fengqiao/contracts';
import { caseEventsFilter } from './events-consumer';

/** Consecutive empty fetches after which the stream counts as not answering. */
const MAX_EMPTY_FETCHES = 5;
/** Empty fetches in a row after which the consumer is opened afresh after the last event read. */
const REOPEN_AFTER = 2;

/**
 * Reads every case event the stream holds now (or the events `filters` select, e.g. the key-person
 * events), in stream order, through an ordered ephemeral consumer (nothing left behind on the
 * server), and hands each to `apply` with its subject.
 */
export async function replayCaseEvents(
  nats: NatsConnection,
  prefix: string | undefined,
  apply: (e: CloudEvent, subject: string) => Promise<void>,
  o: { expiresMs?: number; filters?: string[] } = {},
): Promise<number> {
  const stream = streamName(prefix);
  const filterSubjects = o.filters ?? [caseEventsFilter(prefix)];
  // After `seq` (0: from the start). An ordered consumer that stays silent under load (missed
  // heartbeats, a reset that does not resume) is replaced by a new one that starts where it stopped.
  const open = (seq: number) =>
    nats
      .jetstream()
      .consumers.get(stream, seq > 0 ? { filterSubjects, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: seq + 1 } : { filterSubjects });
  let consumer = await open(0);
  let pending = (await consumer.info()).num_pending;
  let applied = 0;
  let empty = 0;
  let lastSeq = 0;
  while (pending > 0) {
    const batch = await consumer.fetch({ max_messages: Math.min(pending, 500), expires: o.expiresMs ?? 5_000 });
    let got = 0;
    for await (const msg of batch) {
      got += 1;
      lastSeq = msg.seq;
      pending = msg.info.pending;
      let event: CloudEvent | undefined;
      try {
        event = msg.json<CloudEvent>();
      } catch {
        event = undefined; // not JSON: the live consumer skips it too
      }
      if (!event) continue;
      await apply(event, msg.subject);
      applied += 1;
    }
    // An ordered consumer that resets ends its fetch empty and resumes on the next one; a run of
    // empty fetches opens a new consumer after the last event read; a longer one is a failure.
    empty = got === 0 ? empty + 1 : 0;
    if (empty >= MAX_EMPTY_FETCHES) throw new Error(`the stream stopped answering with ${pending} event(s) still to read`);
    if (empty > 0 && empty % REOPEN_AFTER === 0) {
      consumer = await open(lastSeq);
      pending = (await consumer.info()).num_pending;
    }
  }
  return applied;
}
