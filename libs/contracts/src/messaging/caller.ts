/** Who is asking: travels with every command so services can check again (defence in depth). */
export interface Caller {
  userId: string;
  username: string;
  roles: string[];
  orgUnit: string | null;
  department: string | null;
}

/** NATS header carrying the caller's bearer token. */
export const AUTH_HEADER = 'authorization';
export const REQUEST_ID_HEADER = 'x-request-id';
