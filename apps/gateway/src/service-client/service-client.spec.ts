import type { MsgHdrs } from 'nats';
import { ok, problem, type Reply } from '@fengqiao/contracts';
import { CommandFailed, type CommandFailure } from '@fengqiao/messaging';
import { ProblemException } from '../problems/problem.exception';
import { ServiceClient } from './service-client';

/** A transport that answers every command with `answer` (or fails it), recording the headers. */
function fakeProxy(answer: () => Reply<unknown>) {
  const sent: Array<{ pattern: string; headers: MsgHdrs }> = [];
  return {
    sent,
    proxy: {
      command: async <T>(pattern: string, _payload: unknown, headers: MsgHdrs) => {
        sent.push({ pattern, headers });
        return answer() as T;
      },
    },
  };
}

const OPTIONS = { timeoutMs: 10_000, silenceMs: 4_000 };

async function failureOf(p: Promise<unknown>) {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(e instanceof ProblemException)) throw new Error(`expected a problem, got ${String(e)}`);
  return e.problem;
}

describe('ServiceClient', () => {
  it("forwards the token, the request id and the Idempotency-Key, and answers the service's value", async () => {
    const f = fakeProxy(() => ok({ id: 'c-1' }));
    const client = new ServiceClient(f.proxy, OPTIONS);
    await expect(client.request('fq.intake.case.create', {}, 'tok', 'req-1', 'key-1')).resolves.toEqual({ id: 'c-1' });
    const h = f.sent[0]!.headers;
    expect([h.get('authorization'), h.get('x-request-id'), h.get('idempotency-key')]).toEqual(['Bearer tok', 'req-1', 'key-1']);
  });

  it("passes the service's problem through", async () => {
    const p = problem('conflict', 'no');
    const client = new ServiceClient(fakeProxy(() => ({ ok: false, problem: p })).proxy, OPTIONS);
    expect(await failureOf(client.request('x', {}, 't', 'r'))).toEqual(p);
  });

  it.each<[CommandFailure, string, number]>([
    ['no-responders', 'SERVICE_UNREACHABLE', 2],
    ['no-handler', 'SERVICE_UNREACHABLE', 2],
    ['disconnected', 'BUS_UNAVAILABLE', 2],
    ['silent', 'SERVICE_LOST', 2],
    ['timeout', 'SERVICE_TIMEOUT', 1],
  ])('answers a command that failed (%s) with 503 %s and when to retry', async (reason, code, retryAfter) => {
    const client = new ServiceClient(
      fakeProxy(() => {
        throw new CommandFailed(reason);
      }).proxy,
      OPTIONS,
    );
    expect(await failureOf(client.request('x', {}, 't', 'r'))).toMatchObject({ status: 503, code, retryAfter });
  });
});
