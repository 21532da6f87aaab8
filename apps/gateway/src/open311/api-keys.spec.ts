import type { Caller } from '@fengqiao/contracts';
import { ApiKeyExchange, parseApiKey } from './api-keys';

const CALLER: Caller = { userId: 'sa', username: 'service-account-fq-integrator-621102', roles: ['integrator'], orgUnit: '621102', department: null };

function setUp(o: { status?: number; fail?: boolean; expiresIn?: number; valid?: boolean } = {}) {
  let now = 1_000_000;
  const grants: URLSearchParams[] = [];
  const fetchStub = (async (_url: unknown, init?: RequestInit) => {
    grants.push(init?.body as URLSearchParams);
    if (o.fail) throw new Error('connect ECONNREFUSED');
    return new Response(JSON.stringify({ access_token: `token-${grants.length}`, expires_in: o.expiresIn ?? 300 }), { status: o.status ?? 200 });
  }) as typeof fetch;
  const validator = {
    validate: async (token: string) => {
      if (o.valid === false) throw new Error('bad audience');
      return { ...CALLER, userId: token };
    },
  };
  const exchange = new ApiKeyExchange({ keycloakUrl: 'http://kc', realm: 'fengqiao', validator, fetch: fetchStub, now: () => now });
  return { exchange, grants, advance: (ms: number) => (now += ms) };
}

describe('parseApiKey', () => {
  it('splits <client_id>:<client_secret> at the last colon', () => {
    expect(parseApiKey('fq-integrator-621102:s3cr3t')).toEqual({ clientId: 'fq-integrator-621102', secret: 's3cr3t' });
  });
  it.each([undefined, '', 'no-colon', ':secret', 'client:', 'bad client:x', `c:${'x'.repeat(600)}`, 'c:a b'])('refuses %p', (key) => {
    expect(parseApiKey(key)).toBeUndefined();
  });
});

describe('ApiKeyExchange', () => {
  it('exchanges a key for its client’s token by a client-credentials grant and checks the token', async () => {
    const { exchange, grants } = setUp();
    await expect(exchange.check('fq-integrator-621102:s3cr3t')).resolves.toEqual({ ok: true, token: 'token-1', caller: { ...CALLER, userId: 'token-1' } });
    expect(Object.fromEntries(grants[0]!)).toEqual({ grant_type: 'client_credentials', client_id: 'fq-integrator-621102', client_secret: 's3cr3t' });
  });

  it('caches a good key until 30 s before its token expires, then grants again', async () => {
    const { exchange, grants, advance } = setUp({ expiresIn: 300 });
    await exchange.check('c:s');
    advance(269_000);
    await exchange.check('c:s');
    expect(grants).toHaveLength(1);
    advance(2_000);
    await expect(exchange.check('c:s')).resolves.toMatchObject({ ok: true, token: 'token-2' });
  });

  it('shares one grant between concurrent checks of a key', async () => {
    const { exchange, grants } = setUp();
    await Promise.all([exchange.check('c:s'), exchange.check('c:s'), exchange.check('c:s')]);
    expect(grants).toHaveLength(1);
  });

  it('never caches a refused key, and tells a refusal from Keycloak being away', async () => {
    const refused = setUp({ status: 401 });
    await expect(refused.exchange.check('c:wrong')).resolves.toEqual({ ok: false, reason: 'refused' });
    await refused.exchange.check('c:wrong');
    expect(refused.grants).toHaveLength(2);
    await expect(setUp({ valid: false }).exchange.check('c:s')).resolves.toEqual({ ok: false, reason: 'refused' });
    await expect(setUp({ fail: true }).exchange.check('c:s')).resolves.toEqual({ ok: false, reason: 'unavailable' });
    await expect(setUp({ status: 503 }).exchange.check('c:s')).resolves.toEqual({ ok: false, reason: 'unavailable' });
    await expect(setUp().exchange.check('malformed')).resolves.toEqual({ ok: false, reason: 'malformed' });
  });

  it('keys the cache by the key, so another secret of the same client is checked on its own', async () => {
    const { exchange, grants } = setUp();
    await exchange.check('c:one');
    await exchange.check('c:two');
    expect(grants).toHaveLength(2);
  });
});
