import { DEMO_PASSWORD, passwordGrant } from '@fengqiao/testing';

/** Issue 4: OTP required for `admin` — the dev realm makes the admin enrol a one-time password before any login. */
describe('the admin account', () => {
  it('cannot obtain a token with the password alone until a one-time password is set up', async () => {
    expect(await passwordGrant('fq-console', 'admin', DEMO_PASSWORD)).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Account is not fully set up' },
    });
  });

  it('is the only demo user with that requirement (the others log in for the tests)', async () => {
    expect((await passwordGrant('fq-console', 'leader.621100', DEMO_PASSWORD)).status).toBe(200);
  });
});
