import type { DataSource } from 'typeorm';

const ROLE = /^[a-z_][a-z0-9_]*$/;

/**
 * The apps log in as their own role, neither owner nor superuser, so row-level security and
 * append-only tables bind them. After each migration run the owner grants that role what a
 * service needs on its schema; tables created later get the same by default privileges.
 * Returns false (and grants nothing) when the role does not exist on this server.
 */
export async function grantServiceAccess(ds: DataSource, schema: string, role: string): Promise<boolean> {
  if (!ROLE.test(role) || !ROLE.test(schema)) throw new Error(`invalid role or schema name: ${role}, ${schema}`);
  const [found] = (await ds.query(`SELECT 1 AS x FROM pg_roles WHERE rolname = $1`, [role])) as unknown[];
  if (!found) return false;
  await ds.query(`GRANT USAGE ON SCHEMA "${schema}" TO "${role}"`);
  await ds.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "${schema}" TO "${role}"`);
  await ds.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "${schema}" TO "${role}"`);
  await ds.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA "${schema}" TO "${role}"`);
  // Migration bookkeeping is the owner's alone.
  await ds.query(`REVOKE ALL ON TABLE "${schema}".migrations FROM "${role}"`);
  return true;
}

/** The app role: APP_DB_ROLE, else the user of APP_DATABASE_URL, else `fengqiao_app`. */
export function appRoleFromEnv(env: Record<string, string | undefined>): string {
  if (env['APP_DB_ROLE']) return env['APP_DB_ROLE'];
  if (env['APP_DATABASE_URL']) return decodeURIComponent(new URL(env['APP_DATABASE_URL']).username);
  return 'fengqiao_app';
}

/** Migrations run as the owner: MIGRATION_DATABASE_URL, else DATABASE_URL. */
export function migrationUrlFromEnv(env: Record<string, string | undefined>): string {
  return env['MIGRATION_DATABASE_URL'] ?? env['DATABASE_URL'] ?? 'postgres://fengqiao:fengqiao@127.0.0.1:5432/fengqiao';
}
