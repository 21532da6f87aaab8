import { retryJetStreamSetup } from './jetstream-setup';

const natsError = (code: string) => Object.assign(new Error(code), { name: 'NatsError', code });

/** A start-up call that fails with `code` on each of its first `failures` calls (all, when omitted), counting them. */
function failingCall(code: string, failures = Infinity) {
  const call = async () => {
    call.calls += 1;
    if (call.calls <= failures) throw natsError(code);
    return 'FQ_EVENTS';
  };
  call.calls = 0;
  return call;
}

describe('retryJetStreamSetup', () => {
  it('calls again while JetStream times out, and answers what the call finally gave', async () => {
    const call = failingCall('TIMEOUT', 2);
    const result = await retryJetStreamSetup(call, 5_000, 1);
    expect({ result, calls: call.calls }).toEqual({ result: 'FQ_EVENTS', calls: 3 });
  });

  it('throws at once an error that will not pass (a wrong configuration)', async () => {
    const call = failingCall('400');
    await expect(retryJetStreamSetup(call, 5_000, 1)).rejects.toThrow('400');
    expect(call.calls).toBe(1);
  });

  it('gives up with the last error once the deadline has passed', async () => {
    const call = failingCall('TIMEOUT');
    await expect(retryJetStreamSetup(call, 50, 10)).rejects.toThrow('TIMEOUT');
    expect(call.calls).toBeGreaterThan(1);
    expect(call.calls).toBeLessThan(10);
  });
});
