import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { Caller } from '@fengqiao/contracts';
import { callerFromClaims, type AccessTokenClaims } from './caller';

export interface TokenVerifierOptions {
  keycloakUrl: string;
  realm: string;
  /** Required audience; Keycloak adds it by the realm's audience mapper. */
  audience?: string;
  /** Keycloak as browsers see it, when it differs from `keycloakUrl` (tokens carry this issuer). */
  publicUrl?: string;
}

export function realmIssuer(keycloakUrl: string, realm: string): string {
  return `${keycloakUrl.replace(/\/$/, '')}/realms/${realm}`;
}

/**
 * Verifies a forwarded access token inside a service (defence in depth): RS256 only,
 * issuer, audience, expiry; the realm's JWKS is fetched once and cached by jose.
 */
export class TokenVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  private readonly issuer: string;

  constructor(private readonly o: TokenVerifierOptions) {
    this.issuer = realmIssuer(o.publicUrl ?? o.keycloakUrl, o.realm);
    this.jwks = createRemoteJWKSet(new URL(`${realmIssuer(o.keycloakUrl, o.realm)}/protocol/openid-connect/certs`), { cooldownDuration: 30_000 });
  }

  async verify(token: string): Promise<Caller> {
    const { payload } = await jwtVerify(token, this.jwks, {
      issuer: this.issuer,
      audience: this.o.audience,
      algorithms: ['RS256'],
      typ: undefined,
    });
    if (payload['typ'] !== undefined && payload['typ'] !== 'Bearer') throw new Error('not an access token');
    return callerFromClaims(payload as AccessTokenClaims);
  }
}

export function bearerToken(header: string | undefined | null): string | undefined {
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header ?? '');
  return m?.[1];
}
