import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, NatsContext, Payload, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { headers as natsHeaders } from 'nats';
import { lastValueFrom } from 'rxjs';
import { AUTH_HEADER, ok, REQUEST_ID_HEADER, type Caller, type Reply } from '@fengqiao/contracts';
import { Roles, type Role } from '@fengqiao/auth';
import { currentLogContext } from '@fengqiao/observability';
import { ANY_AUTHENTICATED, Guarded, guardedRoles, SystemEvent, SYSTEM_EVENT_KEY, type GuardedHandler } from './guarded';

/** Tokens are "good~<username>~<role+role>"; anything else fails verification like a forged token. */
const fakeTokens = {
  verify: async (token: string): Promise<Caller> => {
    const m = /^good~([^~]+)~(.*)$/.exec(token);
    if (!m) throw new Error('bad signature');
    return { userId: `id-${m[1]}`, username: m[1]!, roles: m[2] ? m[2].split('+') : [], orgUnit: null, department: null };
  },
};

function natsCtx(authorization?: string, requestId?: string): NatsContext {
  const h = natsHeaders();
  if (authorization !== undefined) h.set(AUTH_HEADER, authorization);
  if (requestId) h.set(REQUEST_ID_HEADER, requestId);
  return new NatsContext(['fq.test.cmd', h]);
}

interface Seen {
  caller: Caller;
  payload: unknown;
  subject: string;
  log: Record<string, unknown>;
}

class Probe implements GuardedHandler {
  readonly tokens = fakeTokens;
  readonly events: Array<{ message: string; fields: Record<string, unknown> | undefined; level: string | undefined }> = [];
  readonly logger = {
    event: (message: string, fields?: Record<string, unknown>, level?: 'info' | 'warn' | 'error') => void this.events.push({ message, fields, level }),
  };
  readonly seen: Seen[] = [];

  @Guarded('fq.test.clerks', { roles: [Roles.clerk, Roles.leader] })
  async clerks(caller: Caller, payload: { n?: number }, ctx: NatsContext): Promise<Reply<number>> {
    this.seen.push({ caller, payload, subject: ctx.getSubject(), log: { ...currentLogContext() } });
    return ok((payload?.n ?? 0) + 1);
  }

  @Guarded('fq.test.anyone', { roles: ANY_AUTHENTICATED })
  async anyone(caller: Caller) {
    return ok(caller.username);
  }

  @Guarded('fq.test.broken', { roles: [Roles.admin] })
  async broken(): Promise<Reply<never>> {
    throw new Error('database on fire');
  }

  @Guarded('fq.test.outage', { roles: [Roles.admin] })
  async outage(): Promise<Reply<never>> {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  }
}

// Nest calls the entry point with the message's data and context; so do these tests.
const call = (probe: Probe, method: 'clerks' | 'anyone' | 'broken' | 'outage', data: unknown, ctx: NatsContext) =>
  (probe[method] as unknown as (d: unknown, c: NatsContext) => Promise<Reply<unknown>>).call(probe, data, ctx);

describe('@Guarded', () => {
  it('hands the verified caller, the data and the context to the method, inside the log context', async () => {
    const probe = new Probe();
    expect(await call(probe, 'clerks', { n: 41 }, natsCtx('Bearer good~clerk.1~clerk', 'req-7'))).toEqual({ ok: true, value: 42 });
    expect(probe.seen).toEqual([
      {
        caller: expect.objectContaining({ username: 'clerk.1', roles: ['clerk'] }),
        payload: { n: 41 },
        subject: 'fq.test.cmd',
        log: expect.objectContaining({ requestId: 'req-7', user: 'clerk.1' }),
      },
    ]);
  });

  it.each([
    ['no Authorization header', undefined],
    ['an empty bearer', 'Bearer '],
    ['the Basic scheme', 'Basic Y2xlcms6cGFzcw=='],
    ['a token that fails verification', 'Bearer forged.token.sig'],
  ])('answers 401 and never runs the method for %s', async (_label, authorization) => {
    const probe = new Probe();
    const reply = await call(probe, 'clerks', { n: 1 }, natsCtx(authorization));
    expect(reply).toMatchObject({ ok: false, problem: { status: 401, type: expect.stringContaining('unauthorized') } });
    expect(probe.seen).toEqual([]);
  });

  it('answers 403 to a valid token without a declared role, and logs the refusal', async () => {
    const probe = new Probe();
    for (const roles of ['mediator+resident', '']) {
      const reply = await call(probe, 'clerks', { n: 1 }, natsCtx(`Bearer good~someone~${roles}`));
      expect(reply).toMatchObject({ ok: false, problem: { status: 403, type: expect.stringContaining('forbidden') } });
    }
    expect(probe.seen).toEqual([]);
    expect(probe.events).toEqual([
      { message: 'command refused: role', fields: { pattern: 'fq.test.clerks', roles: 'mediator,resident' }, level: 'warn' },
      { message: 'command refused: role', fields: { pattern: 'fq.test.clerks', roles: '' }, level: 'warn' },
    ]);
  });

  it('admits any valid token, even without roles, where the handler says any-authenticated', async () => {
    const probe = new Probe();
    expect(await call(probe, 'anyone', {}, natsCtx('Bearer good~nobody~'))).toEqual({ ok: true, value: 'nobody' });
    expect(await call(probe, 'anyone', {}, natsCtx()).then((r) => !r.ok && r.problem.status)).toBe(401);
  });

  it('answers a plain 500 problem when the method throws, and logs the error', async () => {
    const probe = new Probe();
    const reply = await call(probe, 'broken', {}, natsCtx('Bearer good~admin~admin'));
    expect(reply).toMatchObject({ ok: false, problem: { status: 500 } });
    expect(JSON.stringify(reply)).not.toContain('database on fire');
    expect(probe.events).toEqual([{ message: 'command failed', fields: { error: 'database on fire' }, level: 'error' }]);
  });

  it('answers a 503 with a retry time when PostgreSQL or Temporal is away, and logs a warning', async () => {
    const probe = new Probe();
    const reply = await call(probe, 'outage', {}, natsCtx('Bearer good~admin~admin'));
    expect(reply).toMatchObject({ ok: false, problem: { status: 503, code: 'DEPENDENCY_UNAVAILABLE', retryAfter: 2 } });
    expect(JSON.stringify(reply)).not.toContain('5432');
    expect(probe.events).toEqual([
      { message: 'command failed: dependency unavailable', fields: { error: 'connect ECONNREFUSED 127.0.0.1:5432' }, level: 'warn' },
    ]);
  });

  it('registers the message pattern and the declared roles on the entry point', () => {
    const proto = Probe.prototype as unknown as Record<string, unknown>;
    expect(Reflect.getMetadata(PATTERN_METADATA, proto['clerks'] as object)).toEqual(['fq.test.clerks']);
    expect(guardedRoles(proto['clerks'])).toEqual(['clerk', 'leader']);
    expect(guardedRoles(proto['anyone'])).toBe(ANY_AUTHENTICATED);
    expect(guardedRoles(() => undefined)).toBeUndefined();
  });

  it('refuses at class definition a handler without roles, with empty or unknown roles', () => {
    expect(() => Guarded('fq.test.x', {} as never)).toThrow(/declares no roles/);
    expect(() => Guarded('fq.test.x', undefined as never)).toThrow(/declares no roles/);
    expect(() => Guarded('fq.test.x', { roles: [] })).toThrow(/declares no roles/);
    expect(() => Guarded('fq.test.x', { roles: 'anyone' as never })).toThrow(/declares no roles/);
    expect(() => Guarded('fq.test.x', { roles: ['clerk ' as Role] })).toThrow(/unknown roles: clerk /);
  });

  it('refuses parameter decorators, whose positions would shift the arguments', () => {
    expect(() => {
      class Decorated implements GuardedHandler {
        readonly tokens = fakeTokens;
        readonly logger = { event: () => undefined };

        @Guarded('fq.test.decorated', { roles: [Roles.clerk] })
        async m(@Payload() _caller: Caller, @Ctx() _payload: unknown) {
          return ok(1);
        }
      }
      return Decorated;
    }).toThrow(/drop @Payload\/@Ctx/);
  });

  it('does not compile on a class that keeps its verifier private', () => {
    class Hidden {
      constructor(private readonly tokens = fakeTokens) {}

      // @ts-expect-error the decorator needs public `tokens` and `logger` (GuardedHandler)
      @Guarded('fq.test.hidden', { roles: [Roles.clerk] })
      async m() {
        return ok(this.tokens === fakeTokens);
      }
    }
    expect(Hidden).toBeDefined();
  });
});

describe('@SystemEvent', () => {
  it('registers an event pattern and marks the handler as a system one', () => {
    class Events {
      @SystemEvent('fq.evt.test.>')
      async on() {
        return undefined;
      }
    }
    const fn = (Events.prototype as unknown as Record<string, object>)['on']!;
    expect(Reflect.getMetadata(PATTERN_METADATA, fn)).toEqual(['fq.evt.test.>']);
    expect(Reflect.getMetadata(SYSTEM_EVENT_KEY, fn)).toBe(true);
  });
});

/** A transport that listens nowhere: Nest registers the handlers, the test invokes them as a server would. */
class InMemoryServer extends Server implements CustomTransportStrategy {
  listen(callback: () => void) {
    callback();
  }
  close() {
    return undefined;
  }
  on() {
    return undefined;
  }
  unwrap<T>(): T {
    throw new Error('no broker');
  }
}

describe('@Guarded inside Nest', () => {
  it('is registered under its pattern and receives the message as Nest delivers it', async () => {
    const probe = new Probe();
    @Controller()
    class ProbeController implements GuardedHandler {
      readonly tokens = fakeTokens;
      readonly logger = probe.logger;

      @Guarded('fq.test.nest', { roles: [Roles.clerk] })
      async handle(caller: Caller, payload: { n: number }, ctx: NatsContext) {
        return ok({ user: caller.username, n: payload.n, subject: ctx.getSubject() });
      }
    }
    @Module({ controllers: [ProbeController] })
    class ProbeModule {}

    const server = new InMemoryServer();
    const app = await NestFactory.createMicroservice(ProbeModule, { strategy: server, logger: false });
    await app.listen();
    try {
      const handler = server.getHandlerByPattern('fq.test.nest');
      expect(handler).toBeTruthy();
      const send = async (authorization: string | undefined) => lastValueFrom(server.transformToObservable(await handler!({ n: 5 }, natsCtx(authorization))));
      expect(await send('Bearer good~clerk.1~clerk')).toEqual({ ok: true, value: { user: 'clerk.1', n: 5, subject: 'fq.test.cmd' } });
      expect(await send('Bearer good~res~resident')).toMatchObject({ ok: false, problem: { status: 403 } });
      expect(await send(undefined)).toMatchObject({ ok: false, problem: { status: 401 } });
    } finally {
      await app.close();
    }
  });
});
