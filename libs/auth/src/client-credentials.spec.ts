import { clientCredentialsGrant, CLIENT_CREDENTIALS_TIMEOUT_MS } from './client-credentials';

const CREDENTIALS = { keycloakUrl: 'http://kc/', realm: 'fengqiao', clientId: 'fq-integrator-621102', clientSecret: 's3cr3t' };

function stub(answer: () => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchStub = (async (url: unknown, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return answer();
  }) as typeof fetch;
  return { fetchStub, calls };
}

describe('clientCredentialsGrant', () => {
  it('asks the realm’s token endpoint for the client’s own token, with a 10 s timeout', async () => {
    const { fetchStub, calls } = stub(() => new Response(JSON.stringify({ access_token: 'at', expires_in: 300 }), { status: 200 }));
    await expect(clientCredentialsGrant(CREDENTIALS, { fetch: fetchStub })).resolves.toEqual({ ok: true, accessToken: 'at', expiresInS: 300 });
    expect(calls[0]!.url).toBe('http://kc/realms/fengqiao/protocol/openid-connect/token');
    expect(Object.fromEntries(calls[0]!.init.body as URLSearchParams)).toEqual({
      grant_type: 'client_credentials',
      client_id: 'fq-integrator-621102',
      client_secret: 's3cr3t',
    });
    expect(calls[0]!.init.signal).toBeInstanceOf(AbortSignal);
    expect(CLIENT_CREDENTIALS_TIMEOUT_MS).toBe(10_000);
  });

  it('tells a refusal (4xx, no token) from Keycloak being away (no answer, 5xx)', async () => {
    const grant = (answer: () => Response | Promise<Response>) => clientCredentialsGrant(CREDENTIALS, { fetch: stub(answer).fetchStub });
    await expect(grant(() => new Response('{"error":"unauthorized_client"}', { status: 401 }))).resolves.toEqual({ ok: false, reason: 'refused', status: 401 });
    await expect(grant(() => new Response('{}', { status: 200 }))).resolves.toEqual({ ok: false, reason: 'refused', status: 200 });
    await expect(grant(() => new Response('not json', { status: 200 }))).resolves.toMatchObject({ ok: false, reason: 'refused' });
    await expect(grant(() => new Response('', { status: 503 }))).resolves.toEqual({ ok: false, reason: 'unavailable', status: 503 });
    await expect(grant(() => Promise.reject(new Error('connect ECONNREFUSED')))).resolves.toEqual({ ok: false, reason: 'unavailable' });
  });

  it('gives up when Keycloak hangs past the timeout', async () => {
    const hanging = ((_url: unknown, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))))) as typeof fetch;
    await expect(clientCredentialsGrant(CREDENTIALS, { fetch: hanging, timeoutMs: 20 })).resolves.toEqual({ ok: false, reason: 'unavailable' });
  });

  it('assumes a minute when Keycloak names no lifetime', async () => {
    const { fetchStub } = stub(() => new Response(JSON.stringify({ access_token: 'at' }), { status: 200 }));
    await expect(clientCredentialsGrant(CREDENTIALS, { fetch: fetchStub })).resolves.toEqual({ ok: true, accessToken: 'at', expiresInS: 60 });
  });
});
