import { startWithRetries } from './process-start';

describe('startWithRetries', () => {
  const failing = (times: number) => {
    let calls = 0;
    const start = async () => {
      calls++;
      if (calls <= times) throw new Error(`attempt ${calls} failed`);
    };
    return { start, calls: () => calls };
  };

  it('bridges a brief gap: fails twice, pauses between, then starts', async () => {
    const pauses: number[] = [];
    const s = failing(2);
    expect(await startWithRetries(s.start, { pauses: [250, 1000], pause: async (ms) => pauses.push(ms) })).toEqual({ ok: true });
    expect(s.calls()).toBe(3);
    expect(pauses).toEqual([250, 1000]);
  });

  it('gives up after the last pause with the last error', async () => {
    const s = failing(10);
    const r = await startWithRetries(s.start, { pauses: [250, 1000], pause: async () => undefined });
    expect(r).toMatchObject({ ok: false });
    expect(String((r as { error: unknown }).error)).toContain('attempt 3 failed');
    expect(s.calls()).toBe(3);
  });

  it('does not pause past its deadline: an outage is answered, not waited out', async () => {
    let clock = 0;
    const s = failing(10);
    const r = await startWithRetries(s.start, { pauses: [250, 1000], until: 1000, now: () => clock, pause: async (ms) => (clock += ms) });
    expect(r).toMatchObject({ ok: false });
    expect(s.calls()).toBe(2); // 250 ms fits before the deadline, the 1 s pause would not
  });

  it('does not pause when the first attempt starts it', async () => {
    const pauses: number[] = [];
    expect(await startWithRetries(failing(0).start, { pauses: [250], pause: async (ms) => pauses.push(ms) })).toEqual({ ok: true });
    expect(pauses).toEqual([]);
  });
});
