import { isPassingOutage } from './passing-outage';
import { ServiceFailures } from './messaging.failures';

const withCode = (message: string, code: string | number, name = 'Error') => Object.assign(new Error(message), { code, name });

describe('isPassingOutage', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset connection', withCode('read ECONNRESET', 'ECONNRESET')],
    ['PostgreSQL shutting down', withCode('terminating connection due to administrator command', '57P01')],
    ['PostgreSQL starting up', withCode('the database system is starting up', '57P03')],
    ['a PostgreSQL connection exception', withCode('connection failure', '08006')],
    ['node-postgres losing its server', new Error('Connection terminated unexpectedly')],
    ['a pool client that broke', new Error('Client has encountered a connection error and is not queryable')],
    [
      'Temporal unavailable (gRPC 14) under its ServiceError',
      Object.assign(new Error('Failed to start'), { name: 'ServiceError', cause: withCode('14 UNAVAILABLE', 14) }),
    ],
    ['an update whose RPC timed out', Object.assign(new Error('timed out'), { name: 'WorkflowUpdateRPCTimeoutOrCancelledError' })],
    ['NATS closed', withCode('closed', 'CONNECTION_CLOSED', 'NatsError')],
    ['TypeORM wrapping a lost connection', Object.assign(new Error('query failed'), { driverError: withCode('x', '57P01') })],
    ['one of several causes', new AggregateError([new Error('nope'), withCode('x', 'ECONNREFUSED')])],
  ])('is true for %s', (_what, e) => {
    expect(isPassingOutage(e)).toBe(true);
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a constraint violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a syntax error in SQL', withCode('syntax error at or near "SELEC"', '42601')],
    ['a gRPC refusal that is not an outage (NOT_FOUND)', Object.assign(new Error('x'), { name: 'ServiceError', cause: withCode('5 NOT_FOUND', 5) })],
    ['nothing', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('is false for %s', (_what, e) => {
    expect(isPassingOutage(e)).toBe(false);
  });

  it('answers an outage with a 503 that says when to retry, in both languages', () => {
    expect(ServiceFailures.problem('DEPENDENCY_UNAVAILABLE')).toMatchObject({ status: 503, code: 'DEPENDENCY_UNAVAILABLE', retryAfter: 2 });
    expect(ServiceFailures.problem('DEPENDENCY_UNAVAILABLE').detail).toMatch(/^[^/]*[\u4e00-\u9fff].* \/ .*Idempotency-Key$/);
  });
});
