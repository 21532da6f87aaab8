import { MAP_ROLES } from '@fengqiao/contracts';
import { keyPersonPowers } from '../key-persons/key-persons.helpers';
import { pointsPowers } from '../points/points.helpers';

/** Who is signed in, from the access token's claims (realm roles, org_unit, department). */
export interface Session {
  username: string;
  name: string;
  roles: string[];
  orgUnit: string | null;
  department: string | null;
}

export interface TokenClaims {
  preferred_username?: string;
  name?: string;
  sub?: string;
  org_unit?: string;
  department?: string;
  realm_access?: { roles?: string[] };
}

export function sessionFromClaims(c: TokenClaims): Session {
  const username = c.preferred_username ?? c.sub ?? '';
  return {
    username,
    // Shown in the header: the person's name (Keycloak's profile scope), the login when the token has none.
    name: c.name?.trim() || username,
    roles: c.realm_access?.roles ?? [],
    orgUnit: c.org_unit || null,
    department: c.department || null,
  };
}

export type Screen =
  | 'resident'
  | 'clerk'
  | 'petitions'
  | 'legal-aid'
  | 'legal-aid-apply'
  | 'my-matters'
  | 'mediator'
  | 'department'
  | 'leader'
  | 'key-persons'
  | 'kp-leader'
  | 'kp-tasks'
  | 'map'
  | 'grid-home'
  | 'points'
  | 'cases';

/** The screens a person sees, in menu order: the role decides. */
export function screensFor(roles: string[]): Screen[] {
  const has = (r: string) => roles.includes(r);
  const out: Screen[] = [];
  // The key-person screens follow the register's role lists (libs/rules), as the gateway does.
  const kp = keyPersonPowers(roles);
  if (has('leader') || has('admin')) out.push('leader');
  if (kp.decide) out.push('kp-leader');
  if (kp.readRegister) out.push('key-persons');
  // A grid worker's first screen on a phone: today's field work (check-in, report, tasks), then the people they stand responsible for.
  if (has('grid-worker')) out.push('grid-home', 'kp-tasks');
  if (has('clerk')) out.push('clerk');
  if (has('petition-officer')) out.push('petitions');
  // The legal-aid desk (queues, roster, economic standards); admins keep the roster and standards.
  if (has('legal-aid-officer') || has('admin')) out.push('legal-aid');
  if (has('legal-aid-provider')) out.push('my-matters');
  if (has('mediator')) out.push('mediator');
  if (has('dept-officer')) out.push('department');
  if (has('resident')) out.push('resident');
  // Applying for legal aid: the resident online, a clerk or the agency at the window.
  if (has('resident') || has('clerk') || has('legal-aid-officer')) out.push('legal-aid-apply');
  if (kp.tasks && !has('grid-worker')) out.push('kp-tasks');
  // The map (地图): the board's readers (leader, admin, clerk), as GET /api/v1/map allows.
  if (MAP_ROLES.some(has)) out.push('map');
  // Participation points (积分): a resident's own ledger; the residents' accounts for whoever reads them.
  const pts = pointsPowers(roles);
  if (pts.earn || pts.read) out.push('points');
  if (['clerk', 'mediator', 'dept-officer', 'leader', 'admin', 'grid-worker', 'petition-officer', 'legal-aid-officer'].some(has)) out.push('cases');
  return out;
}
