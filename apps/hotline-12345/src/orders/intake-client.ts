import type { NatsConnection } from 'nats';
import { Commands, type CaseView, type CreateCaseInput, type Reply } from '@fengqiao/contracts';
import { requestAsCaller } from '@fengqiao/messaging';
import { clientCredentialsGrant, type ClientCredentials } from '@fengqiao/auth';
import { HotlineFailures } from './hotline.failures';

/**
 * The adapter's own access token: the integrator service account's (client credentials, libs/auth),
 * cached until a minute before it expires. Intake checks it again on the bus, with its role and jurisdiction.
 */
export function serviceAccountToken(o: ClientCredentials) {
  let cached: { token: string; until: number } | undefined;
  return async (): Promise<string> => {
    if (cached && cached.until > Date.now()) return cached.token;
    // The grant gives up after 10 s: a Keycloak that hangs must not hold a 12345 push open past the intake request's own timeout.
    const granted = await clientCredentialsGrant(o);
    if (!granted.ok)
      throw new Error(
        `Keycloak ${granted.reason === 'refused' ? 'refused' : 'did not answer for'} the adapter's service account${granted.status ? `: ${granted.status}` : ''}`,
      );
    cached = { token: granted.accessToken, until: Date.now() + Math.max(0, granted.expiresInS - 60) * 1000 };
    return granted.accessToken;
  };
}

/**
 * Registers a case through intake's command, as the adapter's service account; the reply as intake gave
 * it (intake itself bridges a moment's gap in starting the case's process), or REGISTRATION_UNAVAILABLE
 * when nobody answered (the centre pushes again: the case is found by its order number).
 */
export function intakeRegistrar(nats: NatsConnection, prefix: string | undefined, token: () => Promise<string>, timeoutMs = 15_000) {
  return async (input: CreateCaseInput): Promise<Reply<CaseView>> => {
    const reply = await requestAsCaller<CaseView>(nats, prefix, Commands.intake.createCase, input, `Bearer ${await token()}`, timeoutMs);
    return reply ?? HotlineFailures.fail('REGISTRATION_UNAVAILABLE');
  };
}
