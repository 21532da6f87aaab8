import { randomBytes } from 'node:crypto';
import { connect, RetentionPolicy, StorageType, type NatsConnection } from 'nats';
import { startPrivateNats, waitFor, type PrivateNats } from '@fengqiao/testing';
import { startDurableConsumer } from '../src';

/** The durable consumer's `concurrency` against a nats-server of the test's own: never more at once than asked, every message acked once. */
let nats: PrivateNats;
let nc: NatsConnection;
const stream = `T_${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  nats = await startPrivateNats();
  nc = await connect({ servers: nats.url });
  await (await nc.jetstreamManager()).streams.add({ name: stream, subjects: [`${stream}.>`], storage: StorageType.Memory, retention: RetentionPolicy.Limits });
});

afterAll(async () => {
  await nc?.close();
  await nats?.stop();
});

it.each([1, 3])('handles at most %i message(s) at once, and each once', async (concurrency) => {
  const subject = `${stream}.c${concurrency}`;
  let inFlight = 0;
  let most = 0;
  const handled: number[] = [];
  const gates: Array<() => void> = [];
  const consumer = await startDurableConsumer({
    js: nc.jetstream(),
    jsm: await nc.jetstreamManager(),
    stream,
    durable: `d${concurrency}`,
    filterSubject: subject,
    concurrency,
    handle: async (msg) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise<void>((ok) => gates.push(ok));
      handled.push(Number(msg.string()));
      inFlight--;
    },
  });
  for (let i = 0; i < 6; i++) await nc.jetstream().publish(subject, String(i));
  // Each time the consumer has started as many as it may, one handler is let through.
  while (handled.length < 6) {
    const before = handled.length;
    const expected = Math.min(concurrency, 6 - before);
    await waitFor(() => (inFlight === expected && gates.length === expected) || undefined, { what: `${expected} in flight` });
    gates.shift()!();
    await waitFor(() => handled.length > before || undefined);
  }
  await consumer.stop();
  expect(most).toBe(concurrency);
  expect([...handled].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  const jsm = await nc.jetstreamManager();
  const info = await waitFor(async () => {
    const i = await jsm.consumers.info(stream, `d${concurrency}`);
    return i.num_ack_pending === 0 ? i : undefined;
  });
  expect(info.num_redelivered).toBe(0);
});
