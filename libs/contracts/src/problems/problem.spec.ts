import { fail, ok, problem, ProblemTypes, type ProblemKind } from './problem';

describe('problem', () => {
  it('builds an RFC 9457 document from the kind: type URI, title and status', () => {
    expect(problem('validation')).toEqual({
      type: 'https://fengqiao.dev/problems/validation',
      title: ProblemTypes.validation.title,
      status: 422,
    });
  });

  it('adds detail and errors only when given', () => {
    const p = problem('malformed', 'not JSON', [{ path: '(body)', message: 'malformed JSON' }]);
    expect(p).toEqual({
      type: 'https://fengqiao.dev/problems/malformed-request',
      title: ProblemTypes.malformed.title,
      status: 400,
      detail: 'not JSON',
      errors: [{ path: '(body)', message: 'malformed JSON' }],
    });
    expect(Object.keys(problem('notFound'))).toEqual(['type', 'title', 'status']);
    expect(Object.keys(problem('notFound', 'gone'))).toEqual(['type', 'title', 'status', 'detail']);
  });

  it.each<[ProblemKind, number]>([
    ['validation', 422],
    ['malformed', 400],
    ['tooLarge', 413],
    ['unauthorized', 401],
    ['forbidden', 403],
    ['notFound', 404],
    ['methodNotAllowed', 405],
    ['conflict', 409],
    ['idempotencyMismatch', 422],
    ['unsupportedMediaType', 415],
    ['unavailable', 503],
    ['internal', 500],
  ])('%s answers with status %d', (kind, status) => {
    const p = problem(kind);
    expect(p.status).toBe(status);
    expect(p.type).toBe(`https://fengqiao.dev/problems/${ProblemTypes[kind].slug}`);
  });

  it('gives every kind its own type URI', () => {
    const types = (Object.keys(ProblemTypes) as ProblemKind[]).map((k) => problem(k).type);
    expect(new Set(types).size).toBe(types.length);
  });
});

describe('Reply helpers', () => {
  it('wraps a value or a problem', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
    const p = problem('conflict');
    expect(fail(p)).toEqual({ ok: false, problem: p });
  });
});
