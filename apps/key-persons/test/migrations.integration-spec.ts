import { Client } from 'pg';
import { createTestContext, runAppScript, type TestContext } from '@fengqiao/testing';

/** The migrate script: once and again (nothing twice), grants, and row-level security as the app role sees it. */
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext('key_persons_migrations');
}, 60_000);

afterAll(async () => {
  await ctx?.dispose();
});

const asApp = async <T>(scope: string | null, sql: string): Promise<T[]> => {
  const c = new Client({ connectionString: ctx.appDatabaseUrl });
  await c.connect();
  try {
    await c.query('BEGIN');
    if (scope !== null) await c.query(`SELECT set_config('fq.scope', $1, true)`, [scope]);
    const r = await c.query(sql);
    await c.query('ROLLBACK');
    return r.rows as T[];
  } finally {
    await c.end();
  }
};

it('migrates and seeds once; a second run adds nothing', async () => {
  expect(await runAppScript('key-persons', 'migrate.js', ['--seed-demo'], ctx.migrationEnv())).toMatch(
    /3 migration\(s\) applied; access granted to .*demo seeded \(7 new org unit\(s\), 6 new person\(s\)\)/,
  );
  expect(await runAppScript('key-persons', 'migrate.js', ['--seed-demo'], ctx.migrationEnv())).toMatch(
    /0 migration\(s\) applied; .*demo seeded \(0 new org unit\(s\), 0 new person\(s\)\)/,
  );
  expect(await ctx.sql(`SELECT code FROM key_persons.categories ORDER BY code`)).toHaveLength(6);
});

it('row-level security: a township sees its own persons, nobody sees any without a scope', async () => {
  expect(await asApp(null, `SELECT id FROM key_persons.persons`)).toHaveLength(0);
  expect(await asApp('/621100/621102/621102102/', `SELECT id FROM key_persons.persons`)).toHaveLength(2);
  expect(await asApp('/621100/621102/621102102/', `SELECT person_id FROM key_persons.responsible`)).toHaveLength(6);
  expect(await asApp('/621100/621102/', `SELECT id FROM key_persons.persons`)).toHaveLength(6);
  // The app role appends to the audit log but may not rewrite it.
  await expect(asApp('*', `DELETE FROM audit.entries`)).rejects.toThrow();
});
