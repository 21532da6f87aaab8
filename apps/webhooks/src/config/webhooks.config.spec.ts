import { loadWebhooksConfig } from './webhooks.config';

describe('loadWebhooksConfig', () => {
  it('keeps loopback http off unless asked', () => {
    expect(loadWebhooksConfig({}).WEBHOOKS_ALLOW_LOOPBACK_HTTP).toBe(false);
    expect(loadWebhooksConfig({ WEBHOOKS_ALLOW_LOOPBACK_HTTP: 'true' }).WEBHOOKS_ALLOW_LOOPBACK_HTTP).toBe(true);
  });

  it('refuses loopback http, a missing secret key ring and missing directory credentials in production', () => {
    const prod = {
      NODE_ENV: 'production',
      WEBHOOK_SECRET_KEYRING: 'w1:ZmVuZ3FpYW8tZXhhbXBsZS13ZWJob29rLXNlY3JldHM=;active=w1',
      WEBHOOKS_DIRECTORY_CLIENT_ID: 'fq-webhooks',
      WEBHOOKS_DIRECTORY_CLIENT_SECRET: 'from-the-secret-store',
    };
    expect(() => loadWebhooksConfig({ ...prod, WEBHOOKS_ALLOW_LOOPBACK_HTTP: 'true' })).toThrow(/WEBHOOKS_ALLOW_LOOPBACK_HTTP/);
    expect(() => loadWebhooksConfig({ NODE_ENV: 'production' })).toThrow(/WEBHOOK_SECRET_KEYRING/);
    expect(() => loadWebhooksConfig({ ...prod, WEBHOOKS_DIRECTORY_CLIENT_SECRET: '' })).toThrow(/WEBHOOKS_DIRECTORY_CLIENT_SECRET: required in production/);
    expect(loadWebhooksConfig(prod).WEBHOOK_PAUSE_AFTER).toBe(15);
  });
});
