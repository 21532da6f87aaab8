import { SetMetadata } from '@nestjs/common';
import type { Role } from '@fengqiao/auth';
import { PUBLIC_ROUTE_KEY } from '@fengqiao/observability';

export const ROLES_KEY = 'fq:roles';
/** Shared with libs/observability, whose health controller marks itself public. */
export const PUBLIC_KEY = PUBLIC_ROUTE_KEY;

/** The roles that may call a route (the "who" column of docs/api.md). A route without it is refused. */
export const RolesAllowed = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Health and API docs only. */
export const Public = () => SetMetadata(PUBLIC_ROUTE_KEY, true);
