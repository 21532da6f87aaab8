import type { EntityManager } from 'typeorm';

/**
 * The next version number of an append-only table of published versions (routing rules, points
 * rules), inside the publishing transaction: the lock makes a second publisher wait, then see this
 * version and take the number after it, while readers go on.
 */
export async function lockNextVersion(m: EntityManager, qualifiedTable: string): Promise<number> {
  if (!/^[a-z_]+\.[a-z_]+$/.test(qualifiedTable)) throw new Error(`not a schema-qualified table name: ${qualifiedTable}`);
  await m.query(`LOCK TABLE ${qualifiedTable} IN EXCLUSIVE MODE`);
  const [{ next }] = (await m.query(`SELECT coalesce(max(version), 0) + 1 AS next FROM ${qualifiedTable}`)) as [{ next: number | string }];
  return Number(next);
}
