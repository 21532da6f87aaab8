import { ok, type Caller, type Reply } from '@fengqiao/contracts';
import { JurisdictionFailures, mayActOnUnit, reachOf } from '@fengqiao/rules';
import type { OrgUnitsService } from './org-units.service';

/** Rows a listing may show: everything (admin) or one subtree, by materialised path prefix. */
export interface ListingScope {
  /** Null for an admin without a unit filter: no restriction. */
  pathPrefix: string | null;
  /** The unit the caller asked for, if any (inside their jurisdiction). */
  orgUnit: string | undefined;
}

/**
 * The jurisdiction rule (libs/rules) over mediation's copy of the tree: a user acts on their
 * unit's subtree only, an admin everywhere. An asked-for unit must lie in the caller's subtree (an
 * unknown unit is outside every subtree). The listings' SQL (`starts_with(u.path, pathPrefix)`)
 * is the same rule as a query.
 */
export async function listingScope(caller: Caller, units: OrgUnitsService, orgUnit: string | undefined): Promise<Reply<ListingScope>> {
  const reach = reachOf(caller);
  const outside = JurisdictionFailures.fail('OUTSIDE_JURISDICTION');
  if (reach.kind === 'own-cases') return JurisdictionFailures.fail('NO_ORG_UNIT');
  const asked = orgUnit ? await units.path(orgUnit) : undefined;
  if (orgUnit && !mayActOnUnit(caller, { code: orgUnit, path: asked })) return outside;
  if (reach.kind === 'everywhere') return ok({ pathPrefix: asked ?? null, orgUnit });
  const pathPrefix = orgUnit ? asked : await units.path(reach.unit);
  if (!pathPrefix) return outside;
  return ok({ pathPrefix, orgUnit });
}
