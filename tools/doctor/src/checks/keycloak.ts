import { fail, ok, warn, type Finding } from '../finding';

export interface RealmFacts {
  realm: string;
  bruteForceProtected: boolean;
  accessTokenLifespan: number;
  ssoSessionIdleTimeout: number;
  registrationAllowed: boolean;
  sslRequired: string;
  /** Users with the admin role, each with whether a one-time password is set up or required. */
  admins: Array<{ username: string; otp: boolean }>;
}

/** Longest access token the gateway accepts without worry (a stolen token is good this long). */
export const MAX_ACCESS_TOKEN_SECONDS = 15 * 60;

export function judgeRealm(f: RealmFacts, production: boolean): Finding[] {
  const out: Finding[] = [];
  out.push(
    f.bruteForceProtected
      ? ok('keycloak', 'brute-force guard', 'on')
      : fail('keycloak', 'brute-force guard', `off in realm ${f.realm}: passwords can be guessed at speed; turn on Brute Force Detection`),
  );
  out.push(
    f.accessTokenLifespan <= MAX_ACCESS_TOKEN_SECONDS
      ? ok('keycloak', 'access token lifetime', `${f.accessTokenLifespan} s`)
      : fail('keycloak', 'access token lifetime', `${f.accessTokenLifespan} s: a stolen token works that long; at most ${MAX_ACCESS_TOKEN_SECONDS} s`),
  );
  out.push(
    f.ssoSessionIdleTimeout <= 8 * 3600
      ? ok('keycloak', 'session idle timeout', `${f.ssoSessionIdleTimeout} s`)
      : warn('keycloak', 'session idle timeout', `${f.ssoSessionIdleTimeout} s: an unattended console stays signed in longer than a working day`),
  );
  if (f.registrationAllowed) out.push(fail('keycloak', 'self-registration', 'on: anyone can create an account in the realm; turn it off'));
  if (production && f.sslRequired === 'none') out.push(fail('keycloak', 'TLS', 'sslRequired is none: tokens travel in clear; set it to external or all'));
  const without = f.admins.filter((a) => !a.otp).map((a) => a.username);
  out.push(
    !f.admins.length
      ? warn('keycloak', 'admin OTP', 'no user holds the admin role')
      : without.length
        ? fail('keycloak', 'admin OTP', `admins without a one-time password: ${without.join(', ')}; require CONFIGURE_TOTP for them`)
        : ok('keycloak', 'admin OTP', `all ${f.admins.length} admin(s) use or must set up a one-time password`),
  );
  return out;
}

export interface KeycloakAccess {
  url: string;
  realm: string;
  adminUser: string;
  adminPassword: string;
}

export async function realmFacts(k: KeycloakAccess): Promise<RealmFacts> {
  const base = k.url.replace(/\/$/, '');
  const login = await fetch(`${base}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: k.adminUser, password: k.adminPassword }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!login.ok) throw new Error(`Keycloak admin login answered ${login.status} (FQ_KEYCLOAK_ADMIN, FQ_KEYCLOAK_ADMIN_PASSWORD)`);
  const token = ((await login.json()) as { access_token: string }).access_token;
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${base}/admin/realms/${k.realm}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`${path} answered ${res.status}`);
    return (await res.json()) as T;
  };
  const realm = await get<Omit<RealmFacts, 'admins'>>('');
  const users = await get<Array<{ id: string; username: string; requiredActions?: string[] }>>('/roles/admin/users?max=1000');
  const admins = await Promise.all(
    users
      .filter((u) => !u.username.startsWith('service-account-'))
      .map(async (u) => {
        if (u.requiredActions?.includes('CONFIGURE_TOTP')) return { username: u.username, otp: true };
        const creds = await get<Array<{ type: string }>>(`/users/${u.id}/credentials`);
        return { username: u.username, otp: creds.some((c) => c.type === 'otp') };
      }),
  );
  return {
    realm: k.realm,
    bruteForceProtected: Boolean(realm.bruteForceProtected),
    accessTokenLifespan: Number(realm.accessTokenLifespan),
    ssoSessionIdleTimeout: Number(realm.ssoSessionIdleTimeout),
    registrationAllowed: Boolean(realm.registrationAllowed),
    sslRequired: String(realm.sslRequired),
    admins,
  };
}
