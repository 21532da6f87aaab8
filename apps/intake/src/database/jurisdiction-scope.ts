import type { DataSource, EntityManager } from 'typeorm';

/** Whose eyes a transaction reads with; row-level security on the case tables enforces it. */
export type Scope = { kind: 'org'; path: string } | { kind: 'resident'; userId: string } | { kind: 'system' };

/**
 * Runs `fn` in a transaction whose settings the row-level-security policies read
 * (set_config(..., true): local to the transaction, so pooled connections never carry it over).
 */
export async function inScope<T>(ds: DataSource, scope: Scope, fn: (m: EntityManager) => Promise<T>): Promise<T> {
  return ds.transaction(async (m) => {
    const [value, user] = scope.kind === 'system' ? ['*', ''] : scope.kind === 'org' ? [scope.path, ''] : ['', scope.userId];
    await m.query(`SELECT set_config('fq.scope', $1, true), set_config('fq.user', $2, true)`, [value, user]);
    return fn(m);
  });
}
