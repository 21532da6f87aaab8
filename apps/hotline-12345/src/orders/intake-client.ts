import type { NatsConnection } from 'nats';
import { Commands, type CaseView, type CreateCaseInput, type Reply } from '@fengqiao/contracts';
import { requestAsCaller } from '@fengqiao/messaging';
import { HotlineFailures } from './hotline.failures';

/**
 * The adapter's own access token: the integrator service account's (client credentials), cached until
 * a minute before it expires. Intake checks it again on the bus, with its role and jurisdiction.
 */
export function serviceAccountToken(o: { keycloakUrl: string; realm: string; clientId: string; clientSecret: string }) {
  let cached: { token: string; until: number } | undefined;
  return async (): Promise<string> => {
    if (cached && cached.until > Date.now()) return cached.token;
    const res = await fetch(`${o.keycloakUrl}/realms/${o.realm}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: o.clientId, client_secret: o.clientSecret }),
      // A Keycloak that hangs must not hold a 12345 push open past the intake request's own timeout.
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`Keycloak refused the adapter's service account: ${res.status}`);
    const body = (await res.json()) as { access_token: string; expires_in: number };
    cached = { token: body.access_token, until: Date.now() + Math.max(0, body.expires_in - 60) * 1000 };
    return body.access_token;
  };
}

/**
 * Registers a case through intake's command, as the adapter's service account; the reply as intake gave
 * it, or REGISTRATION_UNAVAILABLE when nobody answered (the centre pushes again: the case is found by its order number).
 */
export function intakeRegistrar(nats: NatsConnection, prefix: string | undefined, token: () => Promise<string>, timeoutMs = 15_000) {
  return async (input: CreateCaseInput): Promise<Reply<CaseView>> => {
    const reply = await requestAsCaller<CaseView>(nats, prefix, Commands.intake.createCase, input, `Bearer ${await token()}`, timeoutMs);
    return reply ?? HotlineFailures.fail('REGISTRATION_UNAVAILABLE');
  };
}
