import type { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '@fengqiao/contracts';
import { reachOf } from '@fengqiao/rules';

/** Whose eyes a transaction reads with: a subtree's path, the service itself, or nobody. */
export type Scope = { kind: 'subtree'; path: string } | { kind: 'system' } | { kind: 'none' };

/**
 * Runs `fn` in a transaction whose setting (`fq.scope`) the row-level-security policies read
 * (set_config(..., true): local to the transaction, so pooled connections never carry it over).
 */
export async function inScope<T>(ds: DataSource, scope: Scope, fn: (m: EntityManager) => Promise<T>): Promise<T> {
  return ds.transaction(async (m) => {
    const value = scope.kind === 'system' ? '*' : scope.kind === 'subtree' ? scope.path : '';
    await m.query(`SELECT set_config('fq.scope', $1, true)`, [value]);
    return fn(m);
  });
}

/** The row-level-security scope of a caller, from the jurisdiction rule (libs/rules `reachOf`). */
export async function scopeOf(caller: Caller, pathOf: (code: string) => Promise<string | undefined>): Promise<Scope> {
  const reach = reachOf(caller);
  if (reach.kind === 'everywhere') return { kind: 'system' };
  const path = reach.kind === 'subtree' ? await pathOf(reach.unit) : undefined;
  return path ? { kind: 'subtree', path } : { kind: 'none' };
}
