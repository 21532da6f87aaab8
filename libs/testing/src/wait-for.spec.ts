import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('returns the first truthy value', async () => {
    let n = 0;
    await expect(waitFor(() => (++n >= 3 ? n : undefined), { intervalMs: 1 })).resolves.toBe(3);
  });

  it('fails with the last error after the deadline', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('boom');
        },
        { timeoutMs: 30, intervalMs: 5, what: 'x' },
      ),
    ).rejects.toThrow('timed out waiting for x: Error: boom');
  });
});
