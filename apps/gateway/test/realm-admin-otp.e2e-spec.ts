import { infraEnv } from '@fengqiao/testing';

/** Issue 4: OTP required for `admin` — the dev realm makes the admin enrol a one-time password before any login. */
describe('the admin account', () => {
  it('cannot obtain a token with the password alone until a one-time password is set up', async () => {
    const { keycloakUrl, keycloakRealm } = infraEnv();
    const res = await fetch(`${keycloakUrl}/realms/${keycloakRealm}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: 'fq-console', username: 'admin', password: 'fengqiao-demo' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_grant', error_description: 'Account is not fully set up' });
  });

  it('is the only demo user with that requirement (the others log in for the tests)', async () => {
    const { keycloakUrl, keycloakRealm } = infraEnv();
    const res = await fetch(`${keycloakUrl}/realms/${keycloakRealm}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: 'fq-console', username: 'leader.621100', password: 'fengqiao-demo' }),
    });
    expect(res.status).toBe(200);
  });
});
