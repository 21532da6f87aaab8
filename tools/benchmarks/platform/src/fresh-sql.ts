import { Client as PgClient } from 'pg';
import type { Platform } from '@fengqiao/testing';

/**
 * A query on a fresh connection each time, seeing every row: the platform's own connections die with a
 * PostgreSQL that the chaos run kills or the drill wipes.
 */
export async function freshSql<T>(p: Platform, text: string): Promise<T[]> {
  const db = new PgClient({ connectionString: p.ctx.databaseUrl });
  await db.connect();
  try {
    await db.query(`SET fq.scope = '*'`); // every row: the row-level-security policies read this
    return (await db.query(text)).rows as T[];
  } finally {
    await db.end();
  }
}
