import type { DataSource, EntityManager } from 'typeorm';

/** Whose eyes a transaction reads with: a subtree's path, the service itself, or nobody. */
export type Scope = { kind: 'subtree'; path: string } | { kind: 'system' } | { kind: 'none' };

/**
 * Runs `fn` in a transaction whose setting the row-level-security policies read
 * (set_config(..., true): local to the transaction, so pooled connections never carry it over).
 */
export async function inScope<T>(ds: DataSource, scope: Scope, fn: (m: EntityManager) => Promise<T>): Promise<T> {
  return ds.transaction(async (m) => {
    const value = scope.kind === 'system' ? '*' : scope.kind === 'subtree' ? scope.path : '';
    await m.query(`SELECT set_config('fq.scope', $1, true)`, [value]);
    return fn(m);
  });
}
