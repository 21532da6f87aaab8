import { databaseName, withDatabase } from './database-url';

describe('database url helpers', () => {
  it('swaps the database and keeps credentials and host', () => {
    const url = withDatabase('postgres://fq:secret@127.0.0.1:5432/fengqiao', 'fq_test_1');
    expect(url).toBe('postgres://fq:secret@127.0.0.1:5432/fq_test_1');
    expect(databaseName(url)).toBe('fq_test_1');
  });
});
