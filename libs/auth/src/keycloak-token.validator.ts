import Keycloak from 'keycloak-connect';
import type { Caller } from '@fengqiao/contracts';
import { callerFromClaims, type AccessTokenClaims } from './caller';
import { realmIssuer } from './token-verifier';

export interface KeycloakValidatorOptions {
  keycloakUrl: string;
  realm: string;
  /** The client id the access token must name in `aud`. */
  audience: string;
  /** Keycloak as browsers see it, when it differs from `keycloakUrl` (tokens carry this issuer). */
  publicUrl?: string;
}

const ALLOWED_ALGS = new Set(['RS256']);

/**
 * The gateway's check of a bearer token, through keycloak-connect's grant manager
 * (signature against the realm's rotating keys, expiry, issuer, audience). The header's
 * `alg` is allow-listed first so `none` or HS256 tokens never reach the verifier.
 */
export class KeycloakTokenValidator {
  private readonly grantManager: { validateToken(token: unknown, type: string): Promise<{ content: AccessTokenClaims }> };
  private readonly TokenClass: new (raw: string, clientId: string) => unknown;

  constructor(o: KeycloakValidatorOptions) {
    const keycloak = new Keycloak({}, {
      realm: o.realm,
      'auth-server-url': o.keycloakUrl.replace(/\/$/, ''),
      resource: o.audience,
      'bearer-only': true,
      'ssl-required': 'external',
      'confidential-port': 0,
      'verify-token-audience': true,
    } as unknown as Keycloak.KeycloakConfig);
    this.grantManager = (keycloak as unknown as { grantManager: KeycloakTokenValidator['grantManager'] }).grantManager;
    // keycloak-connect compares `iss` with grantManager.realmUrl; keys still come from keycloakUrl (its rotation keeps its own URL).
    if (o.publicUrl) (this.grantManager as unknown as { realmUrl: string }).realmUrl = realmIssuer(o.publicUrl, o.realm);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.TokenClass = require('keycloak-connect/middleware/auth-utils/token');
  }

  async validate(raw: string): Promise<Caller> {
    const header = decodeHeader(raw);
    if (!header || typeof header['alg'] !== 'string' || !ALLOWED_ALGS.has(header['alg'])) {
      throw new Error('invalid token (algorithm not allowed)');
    }
    const token = new this.TokenClass(raw, '');
    const valid = await this.grantManager.validateToken(token, 'Bearer');
    return callerFromClaims(valid.content);
  }
}

function decodeHeader(raw: string): Record<string, unknown> | undefined {
  try {
    const part = raw.split('.')[0] ?? '';
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
