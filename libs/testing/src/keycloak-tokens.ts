import { clientCredentialsGrant } from '@fengqiao/auth';
import { DEMO_PASSWORD, infraEnv } from './infra-env';

const cache = new Map<string, { token: string; expiresAt: number }>();

/** A real access token for a demo user, from Keycloak's token endpoint (direct grant, dev realm only). */
export async function tokenFor(username: string, password = DEMO_PASSWORD): Promise<string> {
  const hit = cache.get(username);
  if (hit && hit.expiresAt > Date.now() + 30_000) return hit.token;
  const { keycloakUrl, keycloakRealm } = infraEnv();
  const res = await fetch(`${keycloakUrl}/realms/${keycloakRealm}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'fq-console', username, password, scope: 'openid' }),
  });
  if (!res.ok) throw new Error(`Keycloak refused a token for ${username}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { access_token: string; expires_in: number };
  cache.set(username, { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 });
  return body.access_token;
}

/** A service account's access token (client-credentials grant), e.g. the demo integrator `fq-integrator-621102`. */
export async function clientToken(clientId: string, clientSecret: string): Promise<string> {
  const { keycloakUrl, keycloakRealm } = infraEnv();
  const granted = await clientCredentialsGrant({ keycloakUrl, realm: keycloakRealm, clientId, clientSecret });
  if (!granted.ok) throw new Error(`Keycloak refused a token for client ${clientId}: ${granted.status ?? granted.reason}`);
  return granted.accessToken;
}
