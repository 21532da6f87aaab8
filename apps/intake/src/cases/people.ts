import type { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '@fengqiao/contracts';
import { INTAKE_SCHEMA } from '../config/intake.config';

/**
 * The display name of each login intake has seen (intake.people): a caller's token names them,
 * and the steps their actions cause are shown under that name. A changed name replaces the old
 * one for later steps; rows already written keep theirs.
 */
export async function rememberPerson(ds: DataSource | EntityManager, caller: Pick<Caller, 'username' | 'name'>): Promise<void> {
  if (!caller.username || !caller.name) return;
  await ds.query(
    `INSERT INTO ${INTAKE_SCHEMA}.people (username, name) VALUES ($1, $2)
     ON CONFLICT (username) DO UPDATE SET name = EXCLUDED.name, updated_at = now() WHERE people.name IS DISTINCT FROM EXCLUDED.name`,
    [caller.username, caller.name],
  );
}

/** The name to show for a login a process recorded ('system' and unknown logins as they are). */
export async function displayName(m: EntityManager, username: string): Promise<string> {
  const [row] = (await m.query(`SELECT name FROM ${INTAKE_SCHEMA}.people WHERE username = $1`, [username])) as Array<{ name: string }>;
  return row?.name ?? username;
}
