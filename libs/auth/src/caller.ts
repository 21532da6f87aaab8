import type { Caller } from '@fengqiao/contracts';

export interface AccessTokenClaims {
  sub?: string;
  preferred_username?: string;
  name?: string;
  org_unit?: string;
  department?: string;
  realm_access?: { roles?: string[] };
  [claim: string]: unknown;
}

export function callerFromClaims(c: AccessTokenClaims): Caller {
  return {
    userId: c.sub ?? '',
    username: c.preferred_username ?? c.sub ?? '',
    roles: c.realm_access?.roles ?? [],
    orgUnit: typeof c.org_unit === 'string' && c.org_unit ? c.org_unit : null,
    department: typeof c.department === 'string' && c.department ? c.department : null,
    ...(typeof c.name === 'string' && c.name.trim() ? { name: c.name.trim() } : {}),
  };
}

/** Role names and lists live in @fengqiao/rules (workflow-safe); re-exported for the services. */
export { hasAnyRole } from '@fengqiao/rules';
