import { SetMetadata } from '@nestjs/common';
import type { Role } from '@fengqiao/auth';
import { PUBLIC_ROUTE_KEY } from '@fengqiao/observability';

export const ROLES_KEY = 'fq:roles';
/** Shared with libs/observability, whose health controller marks itself public. */
export const PUBLIC_KEY = PUBLIC_ROUTE_KEY;

/** The roles that may call a route (the "who" column of docs/api.md). A route without it is refused. */
export const RolesAllowed = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const API_KEY_KEY = 'fq:api-key';
/**
 * The route authenticates by an Open311 `api_key` (query or form parameter) instead of a bearer token:
 * the key is a Keycloak client's credentials, exchanged for that client's token (open311/api-keys.ts);
 * the route's roles apply to it as to any token.
 */
export const ApiKeyAuth = () => SetMetadata(API_KEY_KEY, true);

export const PUBLIC_READS_KEY = 'fq:public-reads';
/**
 * On an ApiKeyAuth route: a GET (or HEAD) without `api_key` is answered too, read as the platform's
 * public reader (its service account, open311/api-keys.ts), which must hold one of these roles; the
 * service behind decides what such a read shows. A key that is sent is still checked, never ignored.
 */
export const PublicReads = (...roles: Role[]) => SetMetadata(PUBLIC_READS_KEY, roles);

/** Health and API docs only. */
export const Public = () => SetMetadata(PUBLIC_ROUTE_KEY, true);
