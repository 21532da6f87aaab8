import type { Caller } from '@fengqiao/contracts';
import { defineFailures } from './failures';
import { Roles } from './roles';

/**
 * The jurisdiction rule, once (docs/architecture.md, Jurisdiction). Every service decides with
 * these functions over materialised paths (`/621100/621102/621102101/`) it loads from its own
 * copy of the org tree; SQL filters (`starts_with(org_path, $path)`) are the same rule as a query.
 */

/** The unit codes of a materialised path, root first. */
export const pathCodes = (path: string): string[] => path.split('/').filter(Boolean);

/** The path every other path lies within: an admin's reach as a row-level-security scope. */
export const ROOT_PATH = '/';

/**
 * Is the unit at `path` the unit at `ancestorPath` or below it? By whole segments, never by code
 * prefix (the city `621100` is not a prefix of its district `621102`). Mirrors SQL
 * `starts_with(path, ancestorPath)` on paths that end with `/`. Something that is not a path
 * (an unknown unit's missing path, `''`) contains nothing and lies nowhere.
 */
export function pathWithin(path: string, ancestorPath: string): boolean {
  if (!path.startsWith('/') || !ancestorPath.startsWith('/')) return false;
  const p = pathCodes(path);
  const a = pathCodes(ancestorPath);
  return a.length <= p.length && a.every((code, i) => p[i] === code);
}

/** Does the unit at `path` lie in the subtree of the unit `code` (that unit included)? */
export function pathHasUnit(path: string, code: string): boolean {
  return pathCodes(path).includes(code);
}

/** The part of a caller the rule reads. */
export type JurisdictionCaller = Pick<Caller, 'roles' | 'orgUnit' | 'userId'>;

/**
 * How far a caller reaches: an admin every unit (with or without an org unit of their own);
 * anyone else with an org unit that unit's subtree; a caller without one (a resident) no unit at
 * all, only the cases they registered themselves.
 */
export type Reach = { kind: 'everywhere' } | { kind: 'subtree'; unit: string } | { kind: 'own-cases'; userId: string };

export function reachOf(caller: JurisdictionCaller): Reach {
  if (caller.roles.includes(Roles.admin)) return { kind: 'everywhere' };
  if (caller.orgUnit) return { kind: 'subtree', unit: caller.orgUnit };
  return { kind: 'own-cases', userId: caller.userId };
}

/**
 * A unit as the asking service knows it: its code, its path, or both. A unit missing from that
 * service's copy of the tree has no path; it is then known to be the caller's only by its code.
 */
export interface UnitRef {
  code?: string;
  path?: string | null;
}

/** May the caller act on this unit's data (its cases, figures, reports, mediators)? */
export function mayActOnUnit(caller: JurisdictionCaller, unit: UnitRef): boolean {
  const reach = reachOf(caller);
  if (reach.kind === 'everywhere') return true;
  if (reach.kind === 'own-cases') return false;
  return unit.code === reach.unit || (!!unit.path && pathHasUnit(unit.path, reach.unit));
}

/**
 * May the caller name this unit in a registration or as a case filter? As `mayActOnUnit`, except
 * that a resident names any unit: what they then see is still only the cases they brought.
 */
export function mayNameUnit(caller: JurisdictionCaller, unit: UnitRef): boolean {
  return reachOf(caller).kind === 'own-cases' || mayActOnUnit(caller, unit);
}

/** May the caller read this case? Staff: it lies in their reach; a resident: they registered it. */
export function mayReadCase(caller: JurisdictionCaller, c: { orgPath: string; registeredBy: string }): boolean {
  const reach = reachOf(caller);
  if (reach.kind === 'own-cases') return c.registeredBy === reach.userId;
  return mayActOnUnit(caller, { path: c.orgPath });
}

/** The answers of the rule, the same from every service. */
export const JurisdictionFailures = defineFailures({
  OUTSIDE_JURISDICTION: { status: 'forbidden', zh: '查询范围超出辖区', en: 'The org unit is outside your jurisdiction' },
  NO_ORG_UNIT: { status: 'forbidden', zh: '账号未关联单位', en: 'Your account belongs to no org unit' },
});
