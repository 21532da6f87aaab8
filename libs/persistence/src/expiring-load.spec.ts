import { ExpiringLoad } from './expiring-load';

describe('ExpiringLoad', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000));

  it('loads once while fresh, shares one load between concurrent callers, loads again when stale', async () => {
    let loads = 0;
    const v = new ExpiringLoad(async () => ++loads, 100, clock);
    await expect(Promise.all([v.get(), v.get()])).resolves.toEqual([1, 1]);
    now += 99;
    await expect(v.get()).resolves.toBe(1);
    now += 1;
    await expect(v.get()).resolves.toBe(2);
    expect(loads).toBe(2);
  });

  it('counts freshness from when a slow load arrived, and never starts a second load while one is in flight', async () => {
    let loads = 0;
    let finish: (v: number) => void = () => undefined;
    const v = new ExpiringLoad(() => new Promise<number>((r) => ((finish = r), loads++)), 100, clock);
    const first = v.get();
    now += 500; // slower than the TTL
    const second = v.get();
    finish(7);
    await expect(Promise.all([first, second])).resolves.toEqual([7, 7]);
    now += 99;
    await expect(v.get()).resolves.toBe(7);
    expect(loads).toBe(1);
  });

  it('does not keep a failed load: the next call tries again', async () => {
    let calls = 0;
    const v = new ExpiringLoad(
      async () => {
        calls++;
        if (calls === 1) throw new Error('database down');
        return 'rows';
      },
      60_000,
      clock,
    );
    await expect(v.get()).rejects.toThrow('database down');
    await expect(v.get()).resolves.toBe('rows');
  });

  it('set replaces the value at once and clear forces a load', async () => {
    let loads = 0;
    const v = new ExpiringLoad(async () => `loaded ${++loads}`, 60_000, clock);
    await v.get();
    v.set('written here');
    await expect(v.get()).resolves.toBe('written here');
    v.clear();
    await expect(v.get()).resolves.toBe('loaded 2');
  });
});
