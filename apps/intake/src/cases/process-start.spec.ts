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
    expect(await startWithRetries(s.start, [250, 1000], async (ms) => pauses.push(ms))).toEqual({ ok: true });
    expect(s.calls()).toBe(3);
    expect(pauses).toEqual([250, 1000]);
  });

  it('gives up after the last pause with the last error', async () => {
    const s = failing(10);
    const r = await startWithRetries(s.start, [250, 1000], async () => undefined);
    expect(r).toMatchObject({ ok: false });
    expect(String((r as { error: unknown }).error)).toContain('attempt 3 failed');
    expect(s.calls()).toBe(3);
  });

  it('does not pause when the first attempt starts it', async () => {
    const pauses: number[] = [];
    expect(await startWithRetries(failing(0).start, [250], async (ms) => pauses.push(ms))).toEqual({ ok: true });
    expect(pauses).toEqual([]);
  });
});
