import { randomBytes } from 'node:crypto';
import { infraEnv } from './infra-env';

/**
 * Keycloak's admin REST API as the master realm's bootstrap admin (tools/infra: admin/admin,
 * overridable by FQ_KEYCLOAK_ADMIN / FQ_KEYCLOAK_ADMIN_PASSWORD). For tests that need a
 * throwaway client or user in the dev realm; whatever they create they remove again.
 * Never changes the realm's shared clients or demo users.
 */
export interface KeycloakAdmin {
  /** An access token of the master realm's admin (also a genuine token of another issuer). */
  token(): Promise<string>;
  /** `/admin/realms/<realm><path>`; throws on a non-2xx answer. */
  request<T = unknown>(path: string, init?: { method?: string; body?: unknown }): Promise<T>;
  /** The realm's representation (brute-force settings, lifespans, ...). */
  realm(): Promise<Record<string, unknown>>;
  /** Creates a client; `remove()` deletes it. */
  createClient(rep: Record<string, unknown>): Promise<{ id: string; clientId: string; remove(): Promise<void> }>;
  /** Creates an enabled user with a permanent password and a complete profile; `remove()` deletes it. */
  createUser(o: {
    username: string;
    password: string;
    realmRoles?: string[];
    attributes?: Record<string, string[]>;
  }): Promise<{ id: string; username: string; remove(): Promise<void> }>;
  /** Brute-force detection state of a user (`/attack-detection/brute-force/users/{id}`). */
  bruteForceStatus(userId: string): Promise<{ disabled: boolean; numFailures: number; lastFailure?: number }>;
}

export function keycloakAdmin(): KeycloakAdmin {
  const { keycloakUrl, keycloakRealm } = infraEnv();
  const base = keycloakUrl.replace(/\/$/, '');
  let cached: { token: string; expiresAt: number } | undefined;

  const token = async () => {
    if (cached && cached.expiresAt > Date.now() + 10_000) return cached.token;
    const res = await fetch(`${base}/realms/master/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'admin-cli',
        username: process.env['FQ_KEYCLOAK_ADMIN'] ?? 'admin',
        password: process.env['FQ_KEYCLOAK_ADMIN_PASSWORD'] ?? 'admin',
      }),
    });
    if (!res.ok) throw new Error(`Keycloak master admin login failed: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { access_token: string; expires_in: number };
    cached = { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
    return body.access_token;
  };

  const raw = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${base}/admin/realms/${keycloakRealm}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${await token()}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
    if (!res.ok) throw new Error(`Keycloak admin ${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
    return res;
  };

  const request = async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    const res = await raw(path, init);
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };

  /** The id of a created resource, from the Location header of the 201. */
  const createdId = (res: Response) => {
    const id = res.headers.get('location')?.split('/').pop();
    if (!id) throw new Error('Keycloak answered 201 without a Location');
    return id;
  };

  const remover = (path: string) => async () => {
    const res = await fetch(`${base}/admin/realms/${keycloakRealm}${path}`, { method: 'DELETE', headers: { authorization: `Bearer ${await token()}` } });
    if (!res.ok && res.status !== 404) throw new Error(`Keycloak admin DELETE ${path}: ${res.status}`);
  };

  return {
    token,
    request,
    realm: () => request<Record<string, unknown>>(''),
    createClient: async (rep) => {
      const id = createdId(await raw('/clients', { method: 'POST', body: rep }));
      return { id, clientId: String(rep['clientId']), remove: remover(`/clients/${id}`) };
    },
    createUser: async (o) => {
      const tag = randomBytes(3).toString('hex');
      const id = createdId(
        await raw('/users', {
          method: 'POST',
          body: {
            username: o.username,
            enabled: true,
            emailVerified: true,
            firstName: '测试',
            lastName: tag,
            email: `${o.username}@probe.fengqiao.test`,
            attributes: o.attributes ?? {},
            requiredActions: [],
            credentials: [{ type: 'password', value: o.password, temporary: false }],
          },
        }),
      );
      if (o.realmRoles?.length) {
        const roles = await Promise.all(o.realmRoles.map((r) => request<{ id: string; name: string }>(`/roles/${encodeURIComponent(r)}`)));
        await raw(`/users/${id}/role-mappings/realm`, { method: 'POST', body: roles });
      }
      return { id, username: o.username, remove: remover(`/users/${id}`) };
    },
    bruteForceStatus: (userId) => request(`/attack-detection/brute-force/users/${userId}`),
  };
}

/** A raw password grant against the dev realm (no caching, no throwing): for tests of refusals. */
export async function passwordGrant(clientId: string, username: string, password: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const { keycloakUrl, keycloakRealm } = infraEnv();
  const res = await fetch(`${keycloakUrl.replace(/\/$/, '')}/realms/${keycloakRealm}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: clientId, username, password, scope: 'openid' }),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}
