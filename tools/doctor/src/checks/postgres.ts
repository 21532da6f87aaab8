import { Client } from 'pg';
import { fail, ok, warn, type Finding } from '../finding';

/** The schemas the services own (one per service; the audit chain has its own). */
export const SERVICE_SCHEMAS = ['gateway', 'intake', 'mediation', 'insights', 'petitions', 'legal_aid', 'key_persons', 'audit', 'webhooks', 'hotline'];

export interface PostgresFacts {
  settings: Record<'fsync' | 'synchronous_commit' | 'full_page_writes', string>;
  appRole: string;
  superuser: boolean;
  bypassRls: boolean;
  /** Tables in the service schemas the app role owns (row security never applies to an owner). */
  ownedTables: string[];
  /** Tables with row security enabled but not forced. */
  unforcedTables: string[];
  /** Tables with row security in the service schemas (zero means the migrations have not run). */
  rowSecurityTables: number;
}

export function judgePostgres(f: PostgresFacts): Finding[] {
  const out: Finding[] = [];
  for (const [name, wanted] of [
    ['fsync', 'on'],
    ['full_page_writes', 'on'],
  ] as const) {
    out.push(
      f.settings[name] === wanted
        ? ok('postgres', name, wanted)
        : fail('postgres', name, `${f.settings[name]}: a crash can corrupt the database; set ${name} = ${wanted}`),
    );
  }
  const sc = f.settings.synchronous_commit;
  out.push(
    sc === 'off' || sc === 'local'
      ? fail(
          'postgres',
          'synchronous_commit',
          `${sc}: a committed case can vanish in a crash (and a replica can miss it); set it to on (or remote_apply with a replica)`,
        )
      : ok('postgres', 'synchronous_commit', sc),
  );
  out.push(
    f.superuser
      ? fail('postgres', 'app role', `${f.appRole} is a superuser: row security does not bind it; give the apps an ordinary role (APP_DATABASE_URL)`)
      : f.bypassRls
        ? fail('postgres', 'app role', `${f.appRole} has BYPASSRLS: row security does not bind it; ALTER ROLE ${f.appRole} NOBYPASSRLS`)
        : f.ownedTables.length
          ? fail(
              'postgres',
              'app role',
              `${f.appRole} owns ${f.ownedTables.length} table(s) (${f.ownedTables.slice(0, 3).join(', ')}…): the apps must not run as the schema owner; use the app role migrate.js grants`,
            )
          : ok('postgres', 'app role', `${f.appRole}: neither owner nor superuser`),
  );
  if (!f.rowSecurityTables) out.push(warn('postgres', 'row security', 'no table has row security: have the migrations run?'));
  else
    out.push(
      f.unforcedTables.length
        ? fail('postgres', 'row security', `not forced on ${f.unforcedTables.join(', ')}: ALTER TABLE … FORCE ROW LEVEL SECURITY`)
        : ok('postgres', 'row security', `forced on all ${f.rowSecurityTables} tables that have it`),
    );
  return out;
}

/** Reads the facts as the app role itself (APP_DATABASE_URL): the role the services run as. */
export async function postgresFacts(appDatabaseUrl: string): Promise<PostgresFacts> {
  const c = new Client({ connectionString: appDatabaseUrl, connectionTimeoutMillis: 5_000 });
  await c.connect();
  try {
    const settings = Object.fromEntries(
      (
        await c.query<{ name: string; setting: string }>(
          `SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')`,
        )
      ).rows.map((r) => [r.name, r.setting]),
    ) as PostgresFacts['settings'];
    const [role] = (
      await c.query<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean }>(
        `SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`,
      )
    ).rows;
    const tables = (
      await c.query<{ name: string; owned: boolean; rls: boolean; forced: boolean }>(
        `SELECT n.nspname || '.' || t.relname AS name, pg_has_role(current_user, t.relowner, 'USAGE') AS owned,
                t.relrowsecurity AS rls, t.relforcerowsecurity AS forced
           FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
          WHERE t.relkind IN ('r', 'p') AND n.nspname = ANY($1) ORDER BY 1`,
        [SERVICE_SCHEMAS],
      )
    ).rows;
    return {
      settings,
      appRole: role!.rolname,
      superuser: role!.rolsuper,
      bypassRls: role!.rolbypassrls,
      ownedTables: tables.filter((t) => t.owned).map((t) => t.name),
      unforcedTables: tables.filter((t) => t.rls && !t.forced).map((t) => t.name),
      rowSecurityTables: tables.filter((t) => t.rls).length,
    };
  } finally {
    await c.end();
  }
}
