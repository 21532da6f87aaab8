import { ProblemException } from '../problems/problem.exception';
import { revealReason } from './reveal-reason';

describe('revealReason', () => {
  it('passes the reason on unchecked (the service checks it and audits a refusal)', () => {
    expect(revealReason({ reason: '调解需要联系 / to call for the mediation' })).toBe('调解需要联系 / to call for the mediation');
    expect(revealReason({})).toBeUndefined();
    expect(revealReason(undefined)).toBeUndefined();
  });

  it('refuses any other field with 422 naming it', () => {
    let thrown: unknown;
    try {
      revealReason({ reason: 'x', 'x-schemathesis-unknown-property': 42 });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ProblemException);
    const { problem } = thrown as ProblemException;
    expect(problem.status).toBe(422);
    expect(problem.code).toBe('BODY_INVALID');
  });
});
