import type { Caller } from '@fengqiao/contracts';
import { callerFromClaims } from './caller';
import { clientCredentialsGrant } from './client-credentials';

/**
 * An account's identity as Keycloak holds it now, not as a token issued earlier told it: for work
 * done on an account's behalf long after its request (webhook deliveries to a subscription's owner).
 * Read through Keycloak's admin REST API (`/admin/realms/<realm>/users/<id>` and its effective realm
 * roles) as a confidential client whose service account holds `realm-management` `view-users`, and
 * built into a `Caller` exactly as a token's claims are (`callerFromClaims`): `org_unit` and
 * `department` from the user's attributes, the effective realm roles.
 *
 * `caller(id)` answers null for an account that is gone or disabled. Each answer is kept `ttlMs`
 * (so one event does not cost a Keycloak call per subscription), concurrent reads of one account
 * share one call, and a failure (Keycloak down, the client refused) is thrown and never kept.
 */
export interface KeycloakDirectoryOptions {
  keycloakUrl: string;
  realm: string;
  clientId: string;
  clientSecret: string;
  /** How long an answer is kept (ms). */
  ttlMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

const MAX_ENTRIES = 5_000;
const TIMEOUT_MS = 5_000;

export class KeycloakDirectory {
  private readonly cache = new Map<string, { caller: Caller | null; until: number }>();
  private readonly inFlight = new Map<string, Promise<Caller | null>>();
  private token: { value: string; until: number } | undefined;

  constructor(private readonly o: KeycloakDirectoryOptions) {}

  async caller(userId: string): Promise<Caller | null> {
    const hit = this.cache.get(userId);
    if (hit && hit.until > this.now()) return hit.caller;
    this.cache.delete(userId);
    const running = this.inFlight.get(userId);
    if (running) return running;
    const read = this.read(userId).finally(() => this.inFlight.delete(userId));
    this.inFlight.set(userId, read);
    return read;
  }

  /** Forget every kept answer (tests; an operator's change that must count at once). */
  forget(): void {
    this.cache.clear();
  }

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }

  private async read(userId: string): Promise<Caller | null> {
    const user = await this.admin<{ id: string; username?: string; enabled?: boolean; attributes?: Record<string, string[]> }>(
      `/users/${encodeURIComponent(userId)}`,
    );
    let caller: Caller | null = null;
    if (user?.enabled) {
      const roles = (await this.admin<Array<{ name: string }>>(`/users/${encodeURIComponent(userId)}/role-mappings/realm/composite`)) ?? [];
      caller = callerFromClaims({
        sub: user.id,
        preferred_username: user.username,
        realm_access: { roles: roles.map((r) => r.name) },
        org_unit: user.attributes?.['org_unit']?.[0],
        department: user.attributes?.['department']?.[0],
      });
    }
    if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(userId, { caller, until: this.now() + (this.o.ttlMs ?? 30_000) });
    return caller;
  }

  /** One admin API read; undefined for 404 (no such account). */
  private async admin<T>(path: string): Promise<T | undefined> {
    const base = this.o.keycloakUrl.replace(/\/$/, '');
    const res = await (this.o.fetch ?? fetch)(`${base}/admin/realms/${encodeURIComponent(this.o.realm)}${path}`, {
      headers: { authorization: `Bearer ${await this.accessToken()}` },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (res.status === 404) return undefined;
    if (res.status === 401) this.token = undefined;
    if (!res.ok) throw new Error(`Keycloak directory: ${res.status} on ${path.split('/')[1]}`);
    return (await res.json()) as T;
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.until > this.now()) return this.token.value;
    const grant = await clientCredentialsGrant(this.o, { fetch: this.o.fetch, timeoutMs: TIMEOUT_MS });
    if (!grant.ok) throw new Error(`Keycloak directory: the client ${this.o.clientId} was ${grant.reason} (${grant.status ?? 'no answer'})`);
    this.token = { value: grant.accessToken, until: this.now() + Math.max(0, grant.expiresInS - 30) * 1000 };
    return grant.accessToken;
  }
}
