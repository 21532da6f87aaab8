import type { JsMsg, NatsConnection } from 'nats';

/** Every message a stream holds on one subject right now (an ordered, ephemeral consumer). */
export async function readStream(nats: NatsConnection, stream: string, subject: string): Promise<JsMsg[]> {
  const jsm = await nats.jetstreamManager();
  const info = await jsm.streams.info(stream, { subjects_filter: subject });
  const count = info.state.subjects?.[subject] ?? 0;
  if (count === 0) return [];
  const consumer = await nats.jetstream().consumers.get(stream, { filterSubjects: [subject] });
  const out: JsMsg[] = [];
  while (out.length < count) {
    const batch = await consumer.fetch({ max_messages: count - out.length, expires: 2000 });
    const before = out.length;
    for await (const m of batch) out.push(m);
    if (out.length === before) break;
  }
  return out;
}
