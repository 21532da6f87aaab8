import type { NatsConnection } from 'nats';
import type { CloudEvent } from '@fengqiao/contracts';
import { replayCaseEvents } from './stream-replay';

/** A stream of `total` events served by a fake ordered consumer; `emptyFetches` lists the fetch calls (0-based) that come back empty, as after a reset. */
function fakeNats(total: number, emptyFetches: number[]) {
  let next = 0;
  let calls = 0;
  const opened: Array<{ opt_start_seq?: number }> = [];
  const consumer = {
    info: async () => ({ num_pending: total - next }),
    fetch: async ({ max_messages }: { max_messages: number }) => {
      const call = calls++;
      const msgs = [];
      if (!emptyFetches.includes(call)) {
        for (let i = 0; i < max_messages && next < total; i++) {
          const n = next++;
          msgs.push({ seq: n + 1, info: { pending: total - n - 1 }, json: () => ({ id: `e${n}` }) as unknown as CloudEvent });
        }
      }
      return (async function* () {
        yield* msgs;
      })();
    },
  };
  const get = async (_stream: string, opts: { opt_start_seq?: number }) => {
    opened.push(opts);
    // A new consumer starts after the last event read (the fake's stream has no gaps).
    if (opts.opt_start_seq !== undefined) next = opts.opt_start_seq - 1;
    return consumer;
  };
  const nats = { jetstream: () => ({ consumers: { get } }) } as unknown as NatsConnection;
  return { nats, calls: () => calls, opened };
}

describe('replayCaseEvents', () => {
  it('reads every event once, in order, resuming after an empty fetch (an ordered-consumer reset)', async () => {
    const f = fakeNats(1_200, [0, 2]);
    const seen: string[] = [];
    await expect(replayCaseEvents(f.nats, 't1', async (e) => void seen.push(e.id), { expiresMs: 1 })).resolves.toBe(1_200);
    expect(seen).toEqual(Array.from({ length: 1_200 }, (_, i) => `e${i}`));
  });

  it('opens a new consumer after the last event read when one stays silent, and misses nothing', async () => {
    const f = fakeNats(1_200, [1, 2, 4, 5]);
    const seen: string[] = [];
    await expect(replayCaseEvents(f.nats, 't1', async (e) => void seen.push(e.id), { expiresMs: 1 })).resolves.toBe(1_200);
    expect(seen).toEqual(Array.from({ length: 1_200 }, (_, i) => `e${i}`));
    expect(f.opened.map((o) => o.opt_start_seq)).toEqual([undefined, 501, 1001]);
  });

  it('gives up when the stream stays silent fetch after fetch', async () => {
    const f = fakeNats(10, [0, 1, 2, 3, 4, 5, 6]);
    await expect(replayCaseEvents(f.nats, 't1', async () => undefined, { expiresMs: 1 })).rejects.toThrow(/stopped answering with 10 event/);
    expect(f.calls()).toBe(5);
  });
});
