import { loadKeyPersonsConfig } from './key-persons.config';

describe('key-persons config', () => {
  it('defaults the port and the retention (three years)', () => {
    const c = loadKeyPersonsConfig({});
    expect(c.PORT).toBe(3105);
    expect(c.KEY_PERSON_RETENTION_DAYS).toBe(1095);
  });

  it('refuses to start in production without the keys', () => {
    expect(() => loadKeyPersonsConfig({ NODE_ENV: 'production' })).toThrow(/PII_KEYRING/);
  });

  it('reads a retention in days and refuses nonsense', () => {
    expect(loadKeyPersonsConfig({ KEY_PERSON_RETENTION_DAYS: '30' }).KEY_PERSON_RETENTION_DAYS).toBe(30);
    expect(() => loadKeyPersonsConfig({ KEY_PERSON_RETENTION_DAYS: '0' })).toThrow(/KEY_PERSON_RETENTION_DAYS/);
  });
});
