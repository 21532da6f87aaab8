/** Node's socket errors of a peer that went away or is not there yet. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** PostgreSQL: connection exceptions (class 08), shutdown and start-up (57P01–57P03), no connection slot (53300). */
const PG_STATES = /^(08...|57P0[123]|53300)$/;
/** node-postgres and its pool, when the server went away under a client. */
const PG_MESSAGES = /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|terminating connection/i;
/** gRPC (Temporal): UNAVAILABLE, DEADLINE_EXCEEDED. */
const GRPC_CODES = new Set([14, 4]);
/** nats.js: the connection is down or closing, or nobody answered. */
const NATS_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_DRAINING', 'DISCONNECT', 'TIMEOUT', 'CONNECTION_REFUSED', '503']);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  driverError?: unknown;
  errors?: unknown;
}

/**
 * A failure of PostgreSQL, Temporal or NATS being away for a moment (killed, restarting, not yet
 * reachable): worth a 503 and a retry with the same Idempotency-Key, not a 500. Looks through
 * the wrappers (TypeORM's driverError, `cause`, AggregateError).
 */
export function isPassingOutage(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 5) return false;
  const x = e as ErrorLike;
  if (typeof x.code === 'string' && (SOCKET_CODES.has(x.code) || PG_STATES.test(x.code) || (x.name === 'NatsError' && NATS_CODES.has(x.code)))) return true;
  if (typeof x.code === 'number' && GRPC_CODES.has(x.code) && x.name !== 'NatsError') return true;
  if (typeof x.message === 'string' && PG_MESSAGES.test(x.message)) return true;
  // Temporal's client: an update whose RPC timed out (the server was away while it waited).
  if (x.name === 'WorkflowUpdateRPCTimeoutOrCancelledError') return true;
  const inner = [x.cause, x.driverError, ...(Array.isArray(x.errors) ? x.errors : [])];
  return inner.some((i) => isPassingOutage(i, depth + 1));
}
