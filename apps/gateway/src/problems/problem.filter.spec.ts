import { BadRequestException, ForbiddenException, HttpException, NotFoundException, ServiceUnavailableException, type ArgumentsHost } from '@nestjs/common';
import { problem, type Problem } from '@fengqiao/contracts';
import { JsonLogger } from '@fengqiao/observability';
import { ProblemException } from './problem.exception';
import { ProblemFilter } from './problem.filter';
import { GatewayFailures } from '../gateway.failures';

interface Sent {
  headers?: Record<string, string>;
  status?: number;
  contentType?: string;
  body?: string;
}

/** An express-like response recording status, type and body; a host that hands it out. */
function fakeHost(originalUrl = '/api/v1/cases?x=1') {
  const sent: Sent = {};
  const res = {
    status(code: number) {
      sent.status = code;
      return res;
    },
    type(t: string) {
      sent.contentType = t;
      return res;
    },
    setHeader(name: string, value: string) {
      sent.headers = { ...sent.headers, [name]: value };
      return res;
    },
    send(body: string) {
      sent.body = body;
      return res;
    },
  };
  const req = { path: '/api/v1/cases', originalUrl };
  const host = { switchToHttp: () => ({ getResponse: () => res, getRequest: () => req }) } as unknown as ArgumentsHost;
  return { host, sent, json: () => JSON.parse(sent.body ?? 'null') as Problem };
}

function setUp() {
  const logLines: string[] = [];
  const filter = new ProblemFilter(new JsonLogger('gateway', 'info', (line) => logLines.push(line)));
  const run = (exception: unknown, url?: string) => {
    const h = fakeHost(url);
    filter.catch(exception, h.host);
    return { ...h.sent, problem: h.json() };
  };
  return { run, logLines };
}

/** What body-parser passes to next(): an http-error with a `type`. */
const bodyParserError = (type: string, status: number, message: string) =>
  Object.assign(new Error(message), { type, status, statusCode: status, expose: true });

describe('ProblemFilter', () => {
  it('passes a ProblemException through unchanged, as application/problem+json with the instance', () => {
    const { run } = setUp();
    const p = problem('validation', 'bad fields', [{ path: 'parties[0].idNumber', message: 'check character' }]);
    const out = run(new ProblemException(p), '/api/v1/cases');
    expect(out.status).toBe(422);
    expect(out.contentType).toBe('application/problem+json');
    expect(out.problem).toEqual({ ...p, instance: '/api/v1/cases' });
  });

  it('answers body-parser entity.too.large with 413', () => {
    const out = setUp().run(bodyParserError('entity.too.large', 413, 'request entity too large'));
    expect(out.status).toBe(413);
    expect(out.contentType).toBe('application/problem+json');
    expect(out.problem).toMatchObject({ type: problem('tooLarge').type, status: 413 });
  });

  it('answers body-parser entity.parse.failed with 400 malformed at path (body)', () => {
    const out = setUp().run(bodyParserError('entity.parse.failed', 400, 'Unexpected token } in JSON at position 12'));
    expect(out.status).toBe(400);
    expect(out.problem).toMatchObject({
      type: problem('malformed').type,
      status: 400,
      errors: [{ path: '(body)', message: '不是合法的 JSON / malformed JSON' }],
    });
    expect(out.body).not.toContain('Unexpected token');
  });

  it.each(['encoding.unsupported', 'charset.unsupported'])('answers body-parser %s with 415', (type) => {
    const out = setUp().run(bodyParserError(type, 415, 'unsupported charset "LATIN-9"'));
    expect(out.status).toBe(415);
    expect(out.problem.type).toBe(problem('unsupportedMediaType').type);
    expect(out.problem.detail).toBe('请求体的编码或字符集不受支持 / unsupported charset "LATIN-9"');
  });

  it("answers Nest's BadRequestException with 400 malformed, errors at (body)", () => {
    const out = setUp().run(new BadRequestException('Unexpected end of JSON input'));
    expect(out.status).toBe(400);
    expect(out.contentType).toBe('application/problem+json');
    expect(out.problem).toMatchObject({ type: problem('malformed').type, status: 400, errors: [{ path: '(body)', message: expect.any(String) }] });
  });

  it.each<[HttpException, number, string]>([
    [new NotFoundException(), 404, problem('notFound').type],
    [new ForbiddenException(), 403, problem('forbidden').type],
    [new HttpException('Unauthorized', 401), 401, problem('unauthorized').type],
    [new HttpException('Payload Too Large', 413), 413, problem('tooLarge').type],
  ])('maps Nest %p to %d', (e, status, type) => {
    const out = setUp().run(e);
    expect(out.status).toBe(status);
    expect(out.problem.type).toBe(type);
  });

  it('keeps the readiness checks of a 503', () => {
    const checks = [{ name: 'nats', status: 'down' }];
    const out = setUp().run(new ServiceUnavailableException({ status: 'down', checks }));
    expect(out.status).toBe(503);
    expect(out.problem).toMatchObject({ type: problem('unavailable').type, checks });
    expect(out.headers).toEqual({ 'Retry-After': '1' });
  });

  it("sends a service's 503 with its own Retry-After", () => {
    const out = setUp().run(new ProblemException(GatewayFailures.problem('BUS_UNAVAILABLE')));
    expect(out.status).toBe(503);
    expect(out.headers).toEqual({ 'Retry-After': '2' });
    expect(out.problem).toMatchObject({ code: 'BUS_UNAVAILABLE', retryAfter: 2 });
  });

  it("answers the gateway's own database going away with a 503, not a 500", () => {
    const { run, logLines } = setUp();
    const out = run(Object.assign(new Error('Connection terminated unexpectedly'), { name: 'QueryFailedError' }));
    expect(out.status).toBe(503);
    expect(out.headers).toEqual({ 'Retry-After': '2' });
    expect(out.problem).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', status: 503 });
    expect(out.body).not.toContain('terminated');
    expect(logLines).toHaveLength(1);
  });

  it('answers another 4xx HttpException with its own status', () => {
    const out = setUp().run(new HttpException('Method Not Allowed', 405));
    expect(out.status).toBe(405);
    expect(out.problem).toEqual({ type: 'about:blank', title: '请求未被接受（HTTP 405） / Method Not Allowed', status: 405, instance: '/api/v1/cases?x=1' });
  });

  it('keeps a 4xx message that already has its Chinese half', () => {
    const out = setUp().run(new HttpException('请求过于频繁 / Too many requests', 429));
    expect(out.problem.title).toBe('请求过于频繁 / Too many requests');
  });

  it('answers an unknown Error with 500 and leaks neither its message nor its stack, but logs it', () => {
    const { run, logLines } = setUp();
    const e = new Error('relation "intake.cases" does not exist at /srv/app/dist/cases.service.js:42');
    const out = run(e);
    expect(out.status).toBe(500);
    expect(out.contentType).toBe('application/problem+json');
    expect(out.problem).toEqual({ ...GatewayFailures.problem('INTERNAL'), instance: '/api/v1/cases?x=1' });
    expect(out.body).not.toContain('relation');
    expect(out.body).not.toContain('cases.service.js');
    expect(out.body).not.toContain('stack');
    expect(logLines).toHaveLength(1);
    expect(JSON.parse(logLines[0] ?? '{}')).toMatchObject({ level: 'error', msg: 'request failed', path: '/api/v1/cases' });
  });

  it.each([['a string'], [null], [undefined], [{ status: 400 }]])('answers a thrown non-error %p with 500', (thrown) => {
    const out = setUp().run(thrown);
    expect(out.status).toBe(500);
    expect(out.problem.type).toBe(problem('internal').type);
  });

  it('answers a Nest 500 HttpException with the internal problem', () => {
    const out = setUp().run(new HttpException('database exploded', 500));
    expect(out.status).toBe(500);
    expect(out.body).not.toContain('database exploded');
  });

  it('logs nothing for client errors', () => {
    const { run, logLines } = setUp();
    run(new ProblemException(problem('forbidden')));
    run(new BadRequestException());
    expect(logLines).toEqual([]);
  });
});
