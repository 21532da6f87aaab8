import { closedLoop, openLoop, type Outcome } from './load';

/** An operation that succeeds `okCount` times, fails `failCount` times, then has no more work. */
function scripted(okCount: number, failCount: number): () => Promise<Outcome> {
  let n = 0;
  return async () => {
    n++;
    if (n <= okCount) return 'ok';
    if (n <= okCount + failCount) throw new Error(`failure ${n % 2}`);
    return 'stop';
  };
}

describe('closed loop', () => {
  it('counts successes and failures, keeps distinct reasons, and ends when the work runs out', async () => {
    const run = await closedLoop(4, 600, scripted(10, 6));
    expect(run.ok).toBe(10);
    expect(run.errors).toBe(6);
    expect(run.failures.sort()).toEqual(['failure 0', 'failure 1']);
    expect(run.exhausted).toBe(true);
  });
});

describe('open loop', () => {
  it('sends rate × seconds arrivals and drops those beyond the room for waiting ones', async () => {
    const run = await openLoop(2000, 0.01, 1000, scripted(15, 5));
    expect(run.samples.length + run.errors + run.dropped).toBe(20);
    expect(run.samples).toHaveLength(15);
    expect(run.errors).toBe(5);

    // Nothing answers until well after the last arrival: three wait, the rest find no room.
    const gate = new Promise<Outcome>((r) => setTimeout(() => r('ok'), 1000));
    const full = await openLoop(2000, 0.01, 3, () => gate);
    expect(full.dropped).toBe(17);
    expect(full.samples).toHaveLength(3);
  });
});
