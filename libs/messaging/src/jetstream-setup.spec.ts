import { retryJetStreamSetup } from './jetstream-setup';

const natsError = (code: string) => Object.assign(new Error(code), { name: 'NatsError', code });

describe('retryJetStreamSetup', () => {
  it('calls again while JetStream times out, and answers what the call finally gave', async () => {
    let calls = 0;
    const result = await retryJetStreamSetup(
      async () => {
        calls += 1;
        if (calls < 3) throw natsError('TIMEOUT');
        return 'FQ_EVENTS';
      },
      5_000,
      1,
    );
    expect({ result, calls }).toEqual({ result: 'FQ_EVENTS', calls: 3 });
  });

  it('throws at once an error that will not pass (a wrong configuration)', async () => {
    let calls = 0;
    const failing = retryJetStreamSetup(
      async () => {
        calls += 1;
        throw natsError('400');
      },
      5_000,
      1,
    );
    await expect(failing).rejects.toThrow('400');
    expect(calls).toBe(1);
  });

  it('gives up with the last error once the deadline has passed', async () => {
    let calls = 0;
    const failing = retryJetStreamSetup(
      async () => {
        calls += 1;
        throw natsError('TIMEOUT');
      },
      50,
      10,
    );
    await expect(failing).rejects.toThrow('TIMEOUT');
    expect(calls).toBeGreaterThan(1);
    expect(calls).toBeLessThan(10);
  });
});
