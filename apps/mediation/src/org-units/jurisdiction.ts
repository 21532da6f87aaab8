import { Roles } from '@fengqiao/auth';
import { fail, ok, problem, type Caller, type Reply } from '@fengqiao/contracts';
import type { OrgUnitsService } from './org-units.service';

/** Rows a listing may show: everything (admin) or one subtree, by materialised path prefix. */
export interface ListingScope {
  /** Null for an admin without a unit filter: no restriction. */
  pathPrefix: string | null;
  /** The unit the caller asked for, if any (inside their jurisdiction). */
  orgUnit: string | undefined;
}

/**
 * A user acts on their unit's subtree only; an admin everywhere. An asked-for unit must lie
 * in the caller's subtree (an unknown unit is outside every subtree).
 */
export async function listingScope(caller: Caller, units: OrgUnitsService, orgUnit: string | undefined): Promise<Reply<ListingScope>> {
  const admin = caller.roles.includes(Roles.admin);
  const outside = fail<ListingScope>(problem('forbidden', '查询范围超出辖区 / The org unit is outside your jurisdiction'));
  if (admin) return ok({ pathPrefix: orgUnit ? ((await units.path(orgUnit)) ?? null) : null, orgUnit });
  if (!caller.orgUnit) return fail(problem('forbidden', '账号未关联单位 / Your account belongs to no org unit'));
  if (orgUnit && !(await units.isWithin(orgUnit, caller.orgUnit))) return outside;
  const pathPrefix = await units.path(orgUnit ?? caller.orgUnit);
  if (!pathPrefix) return outside;
  return ok({ pathPrefix, orgUnit });
}
