const ROLE = /^[a-z_][a-z0-9_]*$/;

/** Anything with a `query` method: a TypeORM DataSource, EntityManager or QueryRunner, a pg Client. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * What the apps' role (neither owner nor superuser) needs to append and verify, and no more:
 * SELECT and INSERT on audit.entries, SELECT and UPDATE on the chain head (its row lock and
 * its advance; the head's trigger allows only advancing it to the entry just appended); SELECT,
 * INSERT and DELETE on the read outbox (rows waiting to be chained, not the chain), and UPDATE of
 * one of its columns for the drainer's row locks; EXECUTE on audit.append_entries (the batch append of the writer and the drainer,
 * SECURITY INVOKER: it can do nothing the grants above do not allow).
 * Never UPDATE, DELETE or TRUNCATE on the entries. Run by the owner after the migrations,
 * INSTEAD of a schema-wide grant (a schema-wide `GRANT ... UPDATE, DELETE ON ALL TABLES IN
 * SCHEMA audit` would hand the app role more than it needs). Returns false when the role
 * does not exist on this server.
 */
export async function grantAuditAccess(db: Queryable, role: string): Promise<boolean> {
  if (!ROLE.test(role)) throw new Error(`invalid role name: ${role}`);
  const found = (await db.query(`SELECT 1 AS x FROM pg_roles WHERE rolname = $1`, [role])) as unknown;
  const rows = Array.isArray(found) ? found : ((found as { rows?: unknown[] }).rows ?? []);
  if (rows.length === 0) return false;
  await db.query(`GRANT USAGE ON SCHEMA audit TO "${role}"`);
  await db.query(`REVOKE ALL ON audit.entries, audit.chain_head FROM "${role}"`);
  await db.query(`GRANT SELECT, INSERT ON audit.entries TO "${role}"`);
  await db.query(`GRANT SELECT, UPDATE ON audit.chain_head TO "${role}"`);
  // The read outbox (once its migration ran): reads add rows, the drainer takes and removes them.
  const outbox = (await db.query(`SELECT to_regclass('audit.read_outbox') IS NOT NULL AS present`)) as unknown;
  const present = (Array.isArray(outbox) ? outbox : ((outbox as { rows?: unknown[] }).rows ?? []))[0] as { present?: boolean } | undefined;
  if (present?.present) {
    await db.query(`GRANT SELECT, INSERT, DELETE ON audit.read_outbox TO "${role}"`);
    await db.query(`GRANT UPDATE (at) ON audit.read_outbox TO "${role}"`); // what SELECT ... FOR UPDATE asks for, on one column only
    await db.query(`GRANT USAGE ON SEQUENCE audit.read_outbox_id_seq TO "${role}"`);
  }
  // The batch append (once its migration ran): runs with the caller's own grants, the triggers apply.
  const append = (await db.query(`SELECT to_regprocedure('audit.append_entries(jsonb, bigint, text)') IS NOT NULL AS present`)) as unknown;
  const appendPresent = (Array.isArray(append) ? append : ((append as { rows?: unknown[] }).rows ?? []))[0] as { present?: boolean } | undefined;
  if (appendPresent?.present) await db.query(`GRANT EXECUTE ON FUNCTION audit.append_entries(jsonb, bigint, text) TO "${role}"`);
  return true;
}
