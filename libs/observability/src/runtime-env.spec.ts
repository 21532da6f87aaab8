import { parseEnv, runtimeEnvSchema } from './runtime-env';

describe('parseEnv', () => {
  it('fills defaults outside production without the production-only secrets', () => {
    const c = parseEnv(runtimeEnvSchema, { PORT: '3101' }, { requiredInProduction: ['PII_KEYRING'] });
    expect(c).toMatchObject({ PORT: 3101, NODE_ENV: 'development', TEMPORAL_NAMESPACE: 'fengqiao' });
  });

  it('lists every problem at once, production-only secrets included', () => {
    expect(() =>
      parseEnv(runtimeEnvSchema, { NODE_ENV: 'production', PORT: 'x' }, { requiredInProduction: ['PII_KEYRING', 'TEMPORAL_CODEC_KEYRING'] }),
    ).toThrow(/invalid configuration:\n  PORT: .*\n  PII_KEYRING: required in production\n  TEMPORAL_CODEC_KEYRING: required in production/);
  });

  it('accepts production when the secrets are set', () => {
    expect(parseEnv(runtimeEnvSchema, { NODE_ENV: 'production', PORT: '1', PII_KEYRING: 'k' }, { requiredInProduction: ['PII_KEYRING'] }).NODE_ENV).toBe(
      'production',
    );
  });
});
