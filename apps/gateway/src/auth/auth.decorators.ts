import { SetMetadata } from '@nestjs/common';
import type { Role } from '@fengqiao/auth';

export const ROLES_KEY = 'fq:roles';
export { PUBLIC_ROUTE_KEY as PUBLIC_KEY } from '@fengqiao/observability';
import { PUBLIC_ROUTE_KEY } from '@fengqiao/observability';

/** The roles that may call a route (API.md's "who" column). A route without it is refused. */
export const RolesAllowed = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Health and API docs only. */
export const Public = () => SetMetadata(PUBLIC_ROUTE_KEY, true);
