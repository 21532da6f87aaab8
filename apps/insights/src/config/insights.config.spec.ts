import { loadInsightsConfig, readDatabaseUrl } from './insights.config';

const PRIMARY = 'postgres://fengqiao_app:pw@postgres:5432/fengqiao';
const REPLICA = 'postgres://fengqiao_app:pw@postgres-replica:5432/fengqiao';

describe('insights read database', () => {
  it('reads the figures from the replica when INSIGHTS_READ_DATABASE_URL is set', () => {
    const config = loadInsightsConfig({ DATABASE_URL: PRIMARY, INSIGHTS_READ_DATABASE_URL: REPLICA });
    expect(readDatabaseUrl(config)).toBe(REPLICA);
    expect(config.DATABASE_URL).toBe(PRIMARY);
  });

  it('falls back to DATABASE_URL when it is unset or empty (compose passes an empty value)', () => {
    expect(readDatabaseUrl(loadInsightsConfig({ DATABASE_URL: PRIMARY }))).toBe(PRIMARY);
    expect(readDatabaseUrl(loadInsightsConfig({ DATABASE_URL: PRIMARY, INSIGHTS_READ_DATABASE_URL: '' }))).toBe(PRIMARY);
  });

  it('refuses a value that is no URL', () => {
    expect(() => loadInsightsConfig({ DATABASE_URL: PRIMARY, INSIGHTS_READ_DATABASE_URL: 'the replica' })).toThrow(/INSIGHTS_READ_DATABASE_URL/);
  });
});
