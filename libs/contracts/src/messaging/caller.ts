/** Who is asking: travels with every command so services can check again (defence in depth). */
export interface Caller {
  userId: string;
  username: string;
  roles: string[];
  orgUnit: string | null;
  department: string | null;
  /** Display name (the token's `name`), shown in timelines and as assignee; the username when absent. */
  name?: string;
}

/** NATS header carrying the caller's bearer token. */
export const AUTH_HEADER = 'authorization';
export const REQUEST_ID_HEADER = 'x-request-id';
/** The client's Idempotency-Key, carried to the service that writes (one key, one result, whatever crashes). */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Why the caller reads (the `purpose` parameter or `X-Purpose` header), percent-encoded: recorded with the read. */
export const PURPOSE_HEADER = 'x-fq-purpose';
/** The caller's address as the gateway saw it: recorded with the read. */
export const SOURCE_IP_HEADER = 'x-fq-source-ip';
