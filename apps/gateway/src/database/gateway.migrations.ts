import { CreateIdempotencyKeys1763900001000 } from './migrations/1763900001000-create-idempotency-keys';

export const gatewayMigrations = [CreateIdempotencyKeys1763900001000];
export const GATEWAY_SCHEMA = 'gateway';
