import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { KeycloakTokenValidator } from './keycloak-token.validator';

// Nothing listens here: any network call would fail, and the spies below make one visible.
const KEYCLOAK_URL = 'http://127.0.0.1:9/';
const REALM = 'fengqiao';
const AUDIENCE = 'fq-gateway';
const ISSUER = 'http://127.0.0.1:9/realms/fengqiao';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const claims = (overrides: Record<string, unknown> = {}) => ({
  sub: 'u-1',
  preferred_username: 'clerk.621102101',
  org_unit: '621102101',
  realm_access: { roles: ['clerk'] },
  typ: 'Bearer',
  iss: ISSUER,
  aud: AUDIENCE,
  iat: Math.floor(Date.now() / 1000) - 10,
  exp: Math.floor(Date.now() / 1000) + 300,
  ...overrides,
});

function rs256Token(key: KeyObject, kid: string, payload: Record<string, unknown> = claims()): string {
  const signed = `${b64url({ alg: 'RS256', typ: 'JWT', kid })}.${b64url(payload)}`;
  const signature = createSign('RSA-SHA256').update(signed).sign(key).toString('base64url');
  return `${signed}.${signature}`;
}

interface ValidatorInternals {
  grantManager: {
    validateToken: (...args: unknown[]) => Promise<unknown>;
    rotation: { retrieveJWKs: () => Promise<{ keys: unknown[] }> };
  };
}

function setUp(publicUrl?: string) {
  const validator = new KeycloakTokenValidator({ keycloakUrl: KEYCLOAK_URL, realm: REALM, audience: AUDIENCE, publicUrl });
  const gm = (validator as unknown as ValidatorInternals).grantManager;
  const verifierCalls = jest.spyOn(gm, 'validateToken');
  const jwksFetches = jest.spyOn(gm.rotation, 'retrieveJWKs').mockRejectedValue(new Error('no network in unit tests'));
  const httpRequests = jest.spyOn(http, 'request');
  const httpsRequests = jest.spyOn(https, 'request');
  const networkCalls = () => jwksFetches.mock.calls.length + httpRequests.mock.calls.length + httpsRequests.mock.calls.length;
  return { validator, verifierCalls, jwksFetches, networkCalls };
}

afterEach(() => jest.restoreAllMocks());

describe('KeycloakTokenValidator.validate', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' };

  it.each([
    ['none', `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims())}.`],
    ['HS256', `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims())}.c2lnbmF0dXJl`],
    ['lowercase rs256', `${b64url({ alg: 'rs256', typ: 'JWT' })}.${b64url(claims())}.c2lnbmF0dXJl`],
    ['no alg', `${b64url({ typ: 'JWT' })}.${b64url(claims())}.c2lnbmF0dXJl`],
    ['a header that is not JSON', `bm90LWpzb24.${b64url(claims())}.c2lnbmF0dXJl`],
    ['an empty string', ''],
  ])('failing-validate of a token with %s, before any network call or verifier', async (_label, token) => {
    const s = setUp();
    await expect(s.validator.validate(token)).rejects.toThrow('invalid token (algorithm not allowed)');
    expect(s.verifierCalls).not.toHaveBeenCalled();
    expect(s.networkCalls()).toBe(0);
  });

  it('successful-validate of an RS256 token signed by the realm key, mapped to a Caller', async () => {
    const s = setUp();
    s.jwksFetches.mockResolvedValue({ keys: [jwk] });
    await expect(s.validator.validate(rs256Token(privateKey, 'k1'))).resolves.toEqual({
      userId: 'u-1',
      username: 'clerk.621102101',
      roles: ['clerk'],
      orgUnit: '621102101',
      department: null,
    });
    expect(s.verifierCalls).toHaveBeenCalledTimes(1);
  });

  it('failing-validate of an RS256 token signed by another key', async () => {
    const s = setUp();
    s.jwksFetches.mockResolvedValue({ keys: [jwk] });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    await expect(s.validator.validate(rs256Token(other, 'k1'))).rejects.toThrow(/signature/);
  });

  it.each([
    ['expired', { exp: Math.floor(Date.now() / 1000) - 1 }, /expired/],
    ['for another audience', { aud: 'someone-else' }, /audience/],
    ['from another issuer', { iss: 'http://evil.example/realms/fengqiao' }, /ISS/],
    ['an ID token, not an access token', { typ: 'ID' }, /wrong type/],
  ])('failing-validate of an RS256 token %s', async (_label, overrides, message) => {
    const s = setUp();
    s.jwksFetches.mockResolvedValue({ keys: [jwk] });
    await expect(s.validator.validate(rs256Token(privateKey, 'k1', claims(overrides)))).rejects.toThrow(message);
  });

  describe('with a public URL different from the internal one', () => {
    const PUBLIC_ISSUER = 'https://sso.fengqiao.example/realms/fengqiao';

    it('successful-validate of a token carrying the public issuer', async () => {
      const s = setUp('https://sso.fengqiao.example/');
      s.jwksFetches.mockResolvedValue({ keys: [jwk] });
      await expect(s.validator.validate(rs256Token(privateKey, 'k1', claims({ iss: PUBLIC_ISSUER })))).resolves.toMatchObject({ userId: 'u-1' });
    });

    it('failing-validate of a token carrying the internal issuer', async () => {
      const s = setUp('https://sso.fengqiao.example');
      s.jwksFetches.mockResolvedValue({ keys: [jwk] });
      await expect(s.validator.validate(rs256Token(privateKey, 'k1', claims({ iss: ISSUER })))).rejects.toThrow(/ISS/);
    });

    it('still refuses an HS256 token before any network call', async () => {
      const s = setUp('https://sso.fengqiao.example');
      const token = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims({ iss: PUBLIC_ISSUER }))}.c2lnbmF0dXJl`;
      await expect(s.validator.validate(token)).rejects.toThrow('invalid token (algorithm not allowed)');
      expect(s.networkCalls()).toBe(0);
    });
  });
});
