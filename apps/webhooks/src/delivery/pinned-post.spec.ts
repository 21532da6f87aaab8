import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INWARD_REFUSAL, pinnedPost } from './pinned-post';

/**
 * DNS rebinding: the name is resolved once, by the connection's own lookup, and the socket goes to
 * the address that lookup checked. The names below exist only in the stub resolver, so a request
 * that reaches the loopback server was connected through the checked lookup and nothing else.
 */
describe('pinnedPost', () => {
  let server: Server;
  let port: number;
  const got: IncomingMessage[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      got.push(req);
      req.resume();
      req.on('end', () => res.writeHead(req.url === '/fail' ? 503 : 204).end());
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((ok) => server.close(ok)));
  beforeEach(() => void (got.length = 0));

  /** A resolver that answers each name from its list of answers, one per lookup, and counts them. */
  const rebinding = (answers: string[][]) => {
    const calls: string[] = [];
    const resolve = async (host: string) => {
      calls.push(host);
      return answers[Math.min(calls.length - 1, answers.length - 1)]!;
    };
    return { resolve, calls };
  };
  const post = (path: string, o: { allowLoopbackHttp: boolean; resolve: (h: string) => Promise<string[]>; timeoutMs?: number }) =>
    pinnedPost(`http://hooks.rebind.test:${port}${path}`, '{"a":1}', { 'content-type': 'application/json' }, { timeoutMs: 2_000, ...o });

  it('connects to the address its one lookup checked, keeping the name in the Host header', async () => {
    const dns = rebinding([['127.0.0.1']]);
    expect(await post('/ok', { allowLoopbackHttp: true, resolve: dns.resolve })).toEqual({ status: 204, error: null });
    expect(dns.calls).toEqual(['hooks.rebind.test']);
    expect(got).toHaveLength(1);
    expect(got[0]!.headers.host).toBe(`hooks.rebind.test:${port}`);
    expect(await post('/fail', { allowLoopbackHttp: true, resolve: dns.resolve })).toEqual({ status: 503, error: 'HTTP 503' });
  });

  it('refuses, without connecting, a name that resolves inward at connect time', async () => {
    for (const inward of [['127.0.0.1'], ['203.0.113.7', '10.0.0.5'], ['169.254.169.254'], ['::1']]) {
      const dns = rebinding([inward]);
      expect(await post('/ok', { allowLoopbackHttp: false, resolve: dns.resolve })).toEqual({ status: null, error: INWARD_REFUSAL });
    }
    expect(got).toHaveLength(0);
  });

  it('never resolves twice: a name answering public first and loopback next is not reached', async () => {
    const dns = rebinding([['203.0.113.7'], ['127.0.0.1']]);
    const r = await post('/ok', { allowLoopbackHttp: false, resolve: dns.resolve, timeoutMs: 300 });
    expect(r.status).toBeNull();
    expect(dns.calls).toHaveLength(1);
    expect(got).toHaveLength(0);
  });

  it('refuses an internal address literal, and times out a silent receiver', async () => {
    const dns = rebinding([['127.0.0.1']]);
    expect(await pinnedPost(`http://10.1.2.3:${port}/ok`, '{}', {}, { timeoutMs: 500, allowLoopbackHttp: true, resolve: dns.resolve })).toEqual({
      status: null,
      error: INWARD_REFUSAL,
    });
    const silent = createServer(() => undefined);
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
    const r = await pinnedPost(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, '{}', {}, { timeoutMs: 200, allowLoopbackHttp: true });
    silent.closeAllConnections();
    await new Promise((ok) => silent.close(ok));
    expect(r).toEqual({ status: null, error: 'timeout after 200 ms' });
    expect(dns.calls).toHaveLength(0);
  });
});
