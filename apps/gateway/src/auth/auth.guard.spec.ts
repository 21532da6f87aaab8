import 'reflect-metadata';
import { Reflector } from '@nestjs/core';
import type { ExecutionContext } from '@nestjs/common';
import type { Caller } from '@fengqiao/contracts';
import type { KeycloakTokenValidator } from '@fengqiao/auth';
import { OPEN311_PUBLIC_READER_ROLES, OPEN311_ROLES } from '@fengqiao/rules';
import { ApiKeyExchange } from '../open311/api-keys';
import { loadGatewayConfig } from '../config/gateway.config';
import { ApiKeyAuth, PublicReads, RolesAllowed } from './auth.decorators';
import { AuthGuard, type AuthenticatedRequest } from './auth.guard';
import { ProblemException } from '../problems/problem.exception';

/** Open311's routes (open311.controller.ts): the key, or for a GET without one the public reader. */
@ApiKeyAuth()
@RolesAllowed(...OPEN311_ROLES)
class Routes {
  @PublicReads(...OPEN311_PUBLIC_READER_ROLES)
  read() {}
  create() {}
}

const INTEGRATOR: Caller = { userId: 'i', username: 'service-account-fq-integrator-621102', roles: ['integrator'], orgUnit: '621102', department: null };
const READER: Caller = { userId: 's', username: 'service-account-fq-services', roles: ['service'], orgUnit: null, department: null };
const KEYS: Record<string, Caller> = { 'fq-integrator-621102:good': INTEGRATOR, 'fq-services:reader': READER };

function guard(publicReaderKey?: string, keycloakAway = false) {
  const grants: string[] = [];
  const fetchStub = (async (_url: unknown, init?: RequestInit) => {
    const body = init?.body as URLSearchParams;
    const key = `${body.get('client_id')}:${body.get('client_secret')}`;
    grants.push(key);
    if (keycloakAway) throw new Error('connect ECONNREFUSED');
    return KEYS[key] ? new Response(JSON.stringify({ access_token: key, expires_in: 300 })) : new Response('{}', { status: 401 });
  }) as typeof fetch;
  const validator = { validate: async (token: string) => KEYS[token]! } as unknown as KeycloakTokenValidator;
  const exchange = new ApiKeyExchange({
    keycloakUrl: 'http://kc',
    realm: 'fengqiao',
    validator,
    fetch: fetchStub,
    ...(publicReaderKey ? { publicReaderKey } : {}),
  });
  const g = new AuthGuard(new Reflector(), validator, exchange);
  const run = async (handler: 'read' | 'create', method: string, query: Record<string, string> = {}) => {
    const req = { method, query, body: undefined, headers: {} } as unknown as AuthenticatedRequest;
    const ctx = {
      getHandler: () => Routes.prototype[handler],
      getClass: () => Routes,
      switchToHttp: () => ({ getRequest: () => req }),
    } as unknown as ExecutionContext;
    try {
      await g.canActivate(ctx);
      return { req };
    } catch (e) {
      return { req, refused: e instanceof ProblemException ? `${e.problem.status} ${String(e.problem.detail ?? e.problem.title)}` : String(e) };
    }
  };
  return { run, grants };
}

describe('AuthGuard on Open311 routes', () => {
  it('reads a GET without api_key as the public reader', async () => {
    const { run } = guard('fq-services:reader');
    const { req, refused } = await run('read', 'GET');
    expect(refused).toBeUndefined();
    expect(req).toMatchObject({ publicRead: true, caller: READER, token: 'fq-services:reader' });
  });

  it('keeps the key’s own caller when one is sent, and refuses a bad one rather than reading publicly', async () => {
    const { run } = guard('fq-services:reader');
    expect((await run('read', 'GET', { api_key: 'fq-integrator-621102:good' })).req).toMatchObject({ publicRead: false, caller: INTEGRATOR });
    expect((await run('read', 'GET', { api_key: 'fq-integrator-621102:wrong' })).refused).toMatch(/^403 .*api_key/);
    // The public reader's own credentials as an api_key: its role is not the integrator's.
    expect((await run('read', 'GET', { api_key: 'fq-services:reader' })).refused).toMatch(/^403 /);
  });

  it('needs the key on a POST and on a route without public reads', async () => {
    const { run, grants } = guard('fq-services:reader');
    expect((await run('create', 'POST')).refused).toMatch(/^403 .*api_key/);
    expect((await run('read', 'POST')).refused).toMatch(/^403 .*api_key/);
    expect(grants).toEqual([]);
  });

  it('needs the key when no public reader is configured; 503 while Keycloak is away', async () => {
    expect((await guard().run('read', 'GET')).refused).toMatch(/^403 .*api_key/);
    expect((await guard('fq-services:not-the-secret').run('read', 'GET')).refused).toMatch(/^403 .*api_key/);
    expect((await guard('fq-services:reader', true).run('read', 'GET')).refused).toMatch(/^503 /);
  });
});

describe('the public reader’s configuration', () => {
  it('is the dev realm’s service account outside production, and only what is set in production', () => {
    expect(loadGatewayConfig({})).toMatchObject({ OPEN311_PUBLIC_READER_CLIENT_ID: 'fq-services', OPEN311_PUBLIC_READER_SECRET: 'fq-services-dev-secret' });
    const prod = { NODE_ENV: 'production', PII_KEYRING: 'k', TEMPORAL_CODEC_KEYRING: 'k' };
    expect(loadGatewayConfig(prod).OPEN311_PUBLIC_READER_SECRET).toBeUndefined();
    expect(loadGatewayConfig({ ...prod, OPEN311_PUBLIC_READER_SECRET: 's' }).OPEN311_PUBLIC_READER_SECRET).toBe('s');
  });
});
