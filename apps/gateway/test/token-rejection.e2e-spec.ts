import { createHmac, createPublicKey, createSign, generateKeyPairSync, randomBytes, randomUUID, type JsonWebKey } from 'node:crypto';
import { headers as natsHeaders } from 'nats';
import { AUTH_HEADER, Commands, withPrefix, type Problem } from '@fengqiao/contracts';
import { DEMO_PASSWORD, infraEnv, keycloakAdmin, passwordGrant, waitFor, type KeycloakAdmin } from '@fengqiao/testing';
import { sampleCase, startPlatform, type Platform } from './platform.harness';

/**
 * Issue 4: every protected route answers 401 to a missing, expired, wrongly signed,
 * `alg: none`, HS256-signed, wrong-issuer and wrong-audience token, and every NATS handler
 * refuses a message without a valid token or with a forged one.
 *
 * Genuine tokens come from the running Keycloak: the clerk's (the control), one from the
 * master realm (another issuer), and two from throwaway public clients this file creates in the
 * dev realm through the admin API and deletes afterwards — one with a 4-second access-token
 * lifespan (a genuinely expired token), one without the fq-gateway audience mapper (a
 * genuinely realm-signed token for another audience). The rest are forged from the clerk's
 * real claims. The shared clients (fq-console, fq-services) are not changed.
 */

const CLERK = 'clerk.621102101';
const SHORT_LIFESPAN_S = 8;
const MARKER = `令牌测试 ${randomBytes(4).toString('hex')}`;

let p: Platform;
let admin: KeycloakAdmin;
const cleanups: (() => Promise<void>)[] = [];

interface Genuine {
  access: string;
  id: string;
  refresh: string;
}
let clerk: Genuine;
let shortLived: { token: string; exp: number; acceptedByGateway: number; acceptedOnNats: unknown };
let noAudience: string;
let masterRealm: string;
let routes: { method: string; path: string; label: string }[];

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const parts = (jwt: string) => {
  const [h, c, s] = jwt.split('.') as [string, string, string];
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>,
    claims: JSON.parse(Buffer.from(c, 'base64url').toString()) as Record<string, unknown>,
    sig: s,
  };
};
const untrusted = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const rs256 = (header: Record<string, unknown>, claims: Record<string, unknown>, key = untrusted) => {
  const signed = `${b64url({ ...header, alg: 'RS256' })}.${b64url(claims)}`;
  return `${signed}.${createSign('RSA-SHA256').update(signed).sign(key).toString('base64url')}`;
};
const now = () => Math.floor(Date.now() / 1000);

async function grant(clientId: string): Promise<{ access_token: string; id_token: string; refresh_token: string }> {
  const r = await passwordGrant(clientId, CLERK, DEMO_PASSWORD);
  if (r.status !== 200) throw new Error(`Keycloak refused a token via ${clientId}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as never;
}

/** Two throwaway public clients in the dev realm, mapped like fq-console (org_unit, department, audience) unless told otherwise. */
async function throwawayClients() {
  const [consoleClient] = await admin.request<{ protocolMappers?: Record<string, unknown>[] }[]>('/clients?clientId=fq-console');
  const mappers = (consoleClient?.protocolMappers ?? []).map(({ id: _id, ...m }) => m);
  expect(mappers.some((m) => m['protocolMapper'] === 'oidc-audience-mapper')).toBe(true);
  const tag = randomBytes(4).toString('hex');
  const client = (clientId: string, extra: Record<string, unknown>) => ({
    clientId,
    publicClient: true,
    directAccessGrantsEnabled: true,
    standardFlowEnabled: false,
    ...extra,
  });
  const [short, noAud] = await Promise.all([
    admin.createClient(client(`fq-test-${tag}-short-lived`, { protocolMappers: mappers, attributes: { 'access.token.lifespan': String(SHORT_LIFESPAN_S) } })),
    admin.createClient(client(`fq-test-${tag}-no-audience`, { protocolMappers: mappers.filter((m) => m['protocolMapper'] !== 'oidc-audience-mapper') })),
  ]);
  cleanups.push(short.remove, noAud.remove);
  return { short: short.clientId, noAud: noAud.clientId };
}

/** The same request a service client sends: Nest's NATS packet, the caller's token in the headers. */
async function natsCommand(pattern: string, data: unknown, authorization: string | undefined): Promise<{ ok: boolean; problem?: Problem; value?: unknown }> {
  const h = natsHeaders();
  if (authorization !== undefined) h.set(AUTH_HEADER, authorization);
  const packet = { pattern, data, id: randomUUID() };
  const msg = await p.ctx.nats.request(withPrefix(p.ctx.prefix, pattern), JSON.stringify(packet), { headers: h, timeout: 10_000 });
  const reply = JSON.parse(new TextDecoder().decode(msg.data)) as { response?: { ok: boolean; problem?: Problem; value?: unknown }; err?: unknown };
  if (!reply.response) throw new Error(`no response from ${pattern}: ${JSON.stringify(reply)}`);
  return reply.response;
}

const commandData = (pattern: string): unknown => {
  if (pattern === Commands.intake.createCase) return sampleCase({ title: MARKER });
  if (pattern === Commands.intake.getCase) return { id: randomUUID() };
  return {};
};

const callRoute = (r: (typeof routes)[number], authorization: string | undefined) =>
  p.api(r.path, {
    method: r.method,
    headers: authorization !== undefined ? { authorization } : {},
    body: r.method === 'POST' ? JSON.stringify(sampleCase({ title: MARKER })) : undefined,
  });

const markedCases = async () => Number((await p.ctx.sql<{ n: string }>('SELECT count(*) AS n FROM intake.cases WHERE title = $1', [MARKER]))[0]!.n);

beforeAll(async () => {
  admin = keycloakAdmin();
  const [platform, clients] = await Promise.all([
    startPlatform('tokens', {
      insights: true,
      mediation: [['621102101']],
      petitions: [['621102']],
      legalAid: [['621102']],
      keyPersons: true,
      webhooks: true,
      hotline: {},
    }),
    throwawayClients(),
  ]);
  p = platform;

  const c = await grant('fq-console');
  clerk = { access: c.access_token, id: c.id_token, refresh: c.refresh_token };
  noAudience = (await grant(clients.noAud)).access_token;
  masterRealm = await admin.token();

  // The short-lived token is proven good right away (gateway and NATS), then left to expire. Both
  // paths are warmed first (key sets fetched, connections up), so its few seconds go to the check.
  await p.api('/api/v1/categories', { token: clerk.access });
  await natsCommand(Commands.intake.listCategories, {}, `Bearer ${clerk.access}`);
  const short = (await grant(clients.short)).access_token;
  const acceptedByGateway = (await p.api('/api/v1/categories', { token: short })).status;
  const acceptedOnNats = await natsCommand(Commands.intake.listCategories, {}, `Bearer ${short}`);
  shortLived = { token: short, exp: Number(parts(short).claims['exp']), acceptedByGateway, acceptedOnNats };

  // Every operation of the published contract except the public health and docs endpoints.
  const doc = (await (await p.api('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(doc.paths)
    .filter(([path]) => !path.startsWith('/health'))
    .flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => ({ method: m.toUpperCase(), path: path.replace(/\{[^}]+\}/g, randomUUID()), label: `${m.toUpperCase()} ${path}` })),
    );
}, 180_000);

afterAll(async () => {
  for (const c of cleanups) await c().catch(() => undefined);
  await p?.stop();
});

/** Forged and wrong tokens, as the Authorization header value (undefined: no header at all). */
function badAuthorizations(): [string, () => string | undefined][] {
  const real = () => parts(clerk.access);
  return [
    ['no Authorization header', () => undefined],
    ['an empty bearer', () => 'Bearer '],
    ['the Basic scheme with the right password', () => `Basic ${Buffer.from(`${CLERK}:${DEMO_PASSWORD}`).toString('base64')}`],
    ['garbage', () => 'Bearer not.a.jwt'],
    ['the real token with its signature cut off', () => `Bearer ${clerk.access.split('.').slice(0, 2).join('.')}.`],
    [
      'the real token with widened claims under its original signature',
      () => {
        const t = real();
        return `Bearer ${b64url(t.header)}.${b64url({ ...t.claims, org_unit: '621100', realm_access: { roles: ['admin', 'leader', 'clerk'] } })}.${t.sig}`;
      },
    ],
    ['the real claims re-signed by an untrusted RSA key under the realm kid', () => `Bearer ${rs256(real().header, real().claims)}`],
    ['an expired copy re-signed by an untrusted RSA key', () => `Bearer ${rs256(real().header, { ...real().claims, iat: now() - 900, exp: now() - 600 })}`],
    ['alg none with an empty signature', () => `Bearer ${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(real().claims)}.`],
    ['alg None with the real signature', () => `Bearer ${b64url({ ...real().header, alg: 'None' })}.${b64url(real().claims)}.${real().sig}`],
    ['HS256 keyed with the realm public key (key confusion)', () => `Bearer ${realmKeyHs256(real().header, real().claims)}`],
    ['a real token of another realm (master, Keycloak-signed)', () => `Bearer ${masterRealm}`],
    [
      'the real claims with another issuer, re-signed',
      () => `Bearer ${rs256(real().header, { ...real().claims, iss: 'http://127.0.0.1:8080/realms/master' })}`,
    ],
    ['a realm-signed token without the fq-gateway audience', () => `Bearer ${noAudience}`],
    ['the real claims for another audience, re-signed', () => `Bearer ${rs256(real().header, { ...real().claims, aud: ['account'] })}`],
    ['the real ID token (not an access token)', () => `Bearer ${clerk.id}`],
    ['the real refresh token', () => `Bearer ${clerk.refresh}`],
    // Last: by now the 4-second token has usually expired already; the test waits for it otherwise.
    ['a genuinely expired Keycloak token', () => `Bearer ${shortLived.token}`],
  ];
}

let realmPem: string | undefined;
/** The classic RS256→HS256 confusion: the realm's public key (PEM, as published in JWKS) as the HMAC secret. */
function realmKeyHs256(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  if (!realmPem) throw new Error('realm key not loaded');
  const signed = `${b64url({ ...header, alg: 'HS256' })}.${b64url(claims)}`;
  return `${signed}.${createHmac('sha256', realmPem).update(signed).digest('base64url')}`;
}

beforeAll(async () => {
  const { keycloakUrl, keycloakRealm } = infraEnv();
  const jwks = (await (await fetch(`${keycloakUrl}/realms/${keycloakRealm}/protocol/openid-connect/certs`)).json()) as {
    keys: (JsonWebKey & { kid: string })[];
  };
  const kid = parts(clerk.access).header['kid'];
  const jwk = jwks.keys.find((k) => k.kid === kid);
  if (!jwk) throw new Error(`realm key ${String(kid)} not in JWKS`);
  realmPem = createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
});

async function waitUntilExpired() {
  await waitFor(() => Date.now() > shortLived.exp * 1000 + 1000, {
    timeoutMs: (SHORT_LIFESPAN_S + 10) * 1000,
    intervalMs: 100,
    what: 'the short-lived token to expire',
  });
}

describe('controls: the genuine tokens the refusals are measured against', () => {
  it('covers every protected route of the contract', () => {
    expect(routes.map((r) => r.label)).toEqual(
      expect.arrayContaining([
        'POST /api/v1/cases',
        'GET /api/v1/cases',
        'GET /api/v1/cases/{id}',
        'GET /api/v1/categories',
        'POST /api/v1/key-persons',
        'GET /api/v1/key-persons/{id}',
        'GET /api/v1/key-persons/exports/{exportId}/file',
      ]),
    );
  });

  it("the clerk's real token gets past authentication on every route", async () => {
    // A few at a time: every route at once on a two-core machine can outlast the gateway's command timeout (503).
    const statuses: Array<{ route: string; status: number }> = [];
    for (let i = 0; i < routes.length; i += 4) {
      statuses.push(
        ...(await Promise.all(routes.slice(i, i + 4).map(async (r) => ({ route: r.label, status: (await callRoute(r, `Bearer ${clerk.access}`)).status })))),
      );
    }
    // Named, so a failure says which route.
    expect(statuses.filter((s) => s.status === 401 || s.status >= 500)).toEqual([]);
    expect(statuses.find((s) => s.route === 'GET /api/v1/categories')?.status).toBe(200);
  });

  it('the short-lived token was accepted before it expired, by the gateway and on NATS', () => {
    expect(shortLived.acceptedByGateway).toBe(200);
    expect(shortLived.acceptedOnNats).toMatchObject({ ok: true });
    expect(shortLived.exp - Number(parts(shortLived.token).claims['iat'])).toBe(SHORT_LIFESPAN_S);
  });

  it('the audience-less token differs from a valid one only by its audience', () => {
    const good = parts(clerk.access);
    const t = parts(noAudience);
    expect(t.header['kid']).toBe(good.header['kid']);
    expect(t.claims).toMatchObject({
      iss: good.claims['iss'],
      typ: 'Bearer',
      org_unit: '621102101',
      realm_access: { roles: expect.arrayContaining(['clerk']) },
    });
    expect([t.claims['aud']].flat()).not.toContain('fq-gateway');
    expect(parts(masterRealm).claims['iss']).not.toBe(good.claims['iss']);
  });

  it("the clerk's real token is served on NATS by every intake command", async () => {
    for (const pattern of Object.values(Commands.intake)) {
      const reply = await natsCommand(pattern, commandData(pattern), `Bearer ${clerk.access}`);
      expect({ pattern, status: reply.problem?.status }).not.toEqual({ pattern, status: 401 });
    }
  });
});

describe('gateway: 401 problem+json on every protected route', () => {
  it.each(badAuthorizations())('for %s', async (label, authorization) => {
    if (label.includes('genuinely expired')) await waitUntilExpired();
    const before = await markedCases();
    const results = await Promise.all(
      routes.map(async (r) => {
        const res = await callRoute(r, authorization());
        const body = (await res.json().catch(() => undefined)) as Problem | undefined;
        return { route: r.label, status: res.status, type: res.headers.get('content-type')?.split(';')[0], problemStatus: body?.status };
      }),
    );
    expect(results).toEqual(routes.map((r) => ({ route: r.label, status: 401, type: 'application/problem+json', problemStatus: 401 })));
    expect(await markedCases()).toBe(before);
  });
});

describe('NATS: every intake handler refuses the message', () => {
  it('covers every intake command', () => {
    expect(Object.values(Commands.intake).length).toBeGreaterThanOrEqual(4);
  });

  it.each(badAuthorizations())('with %s', async (label, authorization) => {
    if (label.includes('genuinely expired')) await waitUntilExpired();
    const before = await markedCases();
    const patterns = Object.values(Commands.intake);
    const replies = await Promise.all(patterns.map(async (pattern) => ({ pattern, reply: await natsCommand(pattern, commandData(pattern), authorization()) })));
    for (const { pattern, reply } of replies) {
      expect({ pattern, ok: reply.ok, status: reply.problem?.status, value: reply.value }).toEqual({ pattern, ok: false, status: 401, value: undefined });
    }
    expect(await markedCases()).toBe(before);
  });
});
