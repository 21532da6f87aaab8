import { realmIssuer } from './token-verifier';

export interface ClientCredentials {
  keycloakUrl: string;
  realm: string;
  clientId: string;
  clientSecret: string;
}

/**
 * What Keycloak answered a client-credentials grant: the access token and its lifetime, or why there
 * is none — `refused` when Keycloak said no (wrong secret, unknown or disabled client), `unavailable`
 * when it did not answer in time or failed on its side (worth a retry).
 */
export type ClientCredentialsGrant = { ok: true; accessToken: string; expiresInS: number } | { ok: false; reason: 'refused' | 'unavailable'; status?: number };

/** A Keycloak that hangs must not hold a request open past the callers' own timeouts. */
export const CLIENT_CREDENTIALS_TIMEOUT_MS = 10_000;

/** The lifetime assumed when Keycloak's answer names none. */
const DEFAULT_LIFETIME_S = 60;

/**
 * The one client-credentials grant at the realm's token endpoint (a service account's own token: the
 * hotline adapter's, an Open311 api_key's, the gateway's public reader's). The secret goes to Keycloak
 * only and is never part of what this returns or throws.
 */
export async function clientCredentialsGrant(c: ClientCredentials, o: { fetch?: typeof fetch; timeoutMs?: number } = {}): Promise<ClientCredentialsGrant> {
  let res: Response;
  try {
    res = await (o.fetch ?? fetch)(`${realmIssuer(c.keycloakUrl, c.realm)}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret }),
      signal: AbortSignal.timeout(o.timeoutMs ?? CLIENT_CREDENTIALS_TIMEOUT_MS),
    });
  } catch {
    return { ok: false, reason: 'unavailable' };
  }
  if (res.status >= 500) return { ok: false, reason: 'unavailable', status: res.status };
  if (!res.ok) return { ok: false, reason: 'refused', status: res.status };
  const body = (await res.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown };
  if (typeof body.access_token !== 'string' || !body.access_token) return { ok: false, reason: 'refused', status: res.status };
  const expiresInS = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_LIFETIME_S;
  return { ok: true, accessToken: body.access_token, expiresInS };
}
