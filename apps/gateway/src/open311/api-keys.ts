import { createHash } from 'node:crypto';
import type { Caller } from '@fengqiao/contracts';
import { clientCredentialsGrant, type KeycloakTokenValidator } from '@fengqiao/auth';

/**
 * Open311's `api_key` is a Keycloak client's credentials, `<client_id>:<client_secret>` (docs/open311.md):
 * the key is issued for one confidential client with a service account, whose realm roles and
 * `org_unit` claim are the integrator's roles and jurisdiction. The gateway checks a key by a
 * client-credentials grant and then checks the token it got like any bearer token (signature,
 * issuer, audience `fq-gateway`, expiry), so revoking the client or rotating its secret revokes the key.
 *
 * Cached by the key's SHA-256 (the key itself is never kept, logged or sent anywhere but Keycloak)
 * until shortly before the token expires; a refused key is never cached, and concurrent checks of
 * one key share one grant.
 */
export type ApiKeyCheck = { ok: true; token: string; caller: Caller } | { ok: false; reason: 'malformed' | 'refused' | 'unavailable' };

interface Cached {
  token: string;
  caller: Caller;
  /** ms epoch after which the grant is made again. */
  until: number;
}

/** Renew this long before the token's own expiry, so a request never carries a token that lapses under it. */
const RENEW_BEFORE_MS = 30_000;
const MAX_ENTRIES = 1_000;

export class ApiKeyExchange {
  private readonly cache = new Map<string, Cached>();
  private readonly inFlight = new Map<string, Promise<ApiKeyCheck>>();

  constructor(
    private readonly o: {
      keycloakUrl: string;
      realm: string;
      validator: Pick<KeycloakTokenValidator, 'validate'>;
      /** The platform's public reader (`<client_id>:<secret>` of its service account): Open311's GETs without api_key. */
      publicReaderKey?: string;
      now?: () => number;
      fetch?: typeof fetch;
    },
  ) {}

  /** The public reader's token and caller, checked and cached like any key; `malformed` when none is configured. */
  publicReader(): Promise<ApiKeyCheck> {
    return this.check(this.o.publicReaderKey);
  }

  async check(apiKey: string | undefined): Promise<ApiKeyCheck> {
    const parts = parseApiKey(apiKey);
    if (!parts) return { ok: false, reason: 'malformed' };
    const id = createHash('sha256').update(apiKey!).digest('hex');
    const now = this.o.now?.() ?? Date.now();
    const hit = this.cache.get(id);
    if (hit && hit.until > now) return { ok: true, token: hit.token, caller: hit.caller };
    this.cache.delete(id);
    const running = this.inFlight.get(id);
    if (running) return running;
    const attempt = this.grant(id, parts).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, attempt);
    return attempt;
  }

  private async grant(id: string, key: { clientId: string; secret: string }): Promise<ApiKeyCheck> {
    const granted = await clientCredentialsGrant(
      { keycloakUrl: this.o.keycloakUrl, realm: this.o.realm, clientId: key.clientId, clientSecret: key.secret },
      this.o.fetch ? { fetch: this.o.fetch } : {},
    );
    if (!granted.ok) return { ok: false, reason: granted.reason };
    const token = granted.accessToken;
    let caller: Caller;
    try {
      caller = await this.o.validator.validate(token);
    } catch {
      return { ok: false, reason: 'refused' };
    }
    const lifetimeMs = granted.expiresInS * 1000;
    const now = this.o.now?.() ?? Date.now();
    if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(id, { token, caller, until: now + Math.max(0, lifetimeMs - RENEW_BEFORE_MS) });
    return { ok: true, token, caller };
  }
}

/** `<client_id>:<client_secret>`, split at the last colon (a secret has none); anything else is malformed. */
export function parseApiKey(apiKey: string | undefined): { clientId: string; secret: string } | undefined {
  if (typeof apiKey !== 'string' || apiKey.length > 512) return undefined;
  const at = apiKey.lastIndexOf(':');
  if (at <= 0 || at === apiKey.length - 1) return undefined;
  const clientId = apiKey.slice(0, at);
  const secret = apiKey.slice(at + 1);
  if (!/^[\w.-]{1,255}$/.test(clientId) || /[\s\u0000]/.test(secret)) return undefined;
  return { clientId, secret };
}
