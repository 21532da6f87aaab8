import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { connect } from 'nats';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import type { GatewayConfig } from '../config/gateway.config';
import type { ServiceClient } from '../service-client/service-client';
import { LiveController, LiveEvents, parseCaseEvent, tokenFromQuery, type RelayedCaseEvent } from './live.controller';

jest.mock('nats', () => ({ ...jest.requireActual('nats'), connect: jest.fn() }));

describe('live case events', () => {
  it('reads a case transition CloudEvent and keeps only what the browser needs', () => {
    const raw = JSON.stringify({
      specversion: '1.0',
      id: 'x',
      source: 'intake',
      type: 'cn.fengqiao.case.assigned.v1',
      time: '2026-11-20T10:00:00+08:00',
      data: {
        caseId: 'c1',
        caseNo: '621102101-2026-000001',
        orgPath: '/621100/621102/621102101/',
        type: 'assigned',
        status: 'mediation',
        warning: 'green',
        at: '2026-11-20T10:00:00+08:00',
        detail: { secret: 1 },
      },
    });
    expect(parseCaseEvent(raw)).toEqual({
      caseId: 'c1',
      caseNo: '621102101-2026-000001',
      type: 'assigned',
      status: 'mediation',
      warning: 'green',
      at: '2026-11-20T10:00:00+08:00',
      orgPath: '/621100/621102/621102101/',
    });
    expect(parseCaseEvent(JSON.stringify({ type: 'cn.fengqiao.case.registered.v1', time: 't', data: { caseId: 'c2' } }))?.type).toBe('registered');
    expect(parseCaseEvent('not json')).toBeNull();
    expect(parseCaseEvent(JSON.stringify({ data: {} }))).toBeNull();
  });

  it('turns ?access_token= into the bearer token and takes it out of the URL', () => {
    const req = {
      originalUrl: '/api/v1/cases/c1/events?access_token=abc.def.ghi',
      url: '/api/v1/cases/c1/events?access_token=abc.def.ghi',
      headers: {},
    } as unknown as Request;
    const next = jest.fn() as NextFunction;
    tokenFromQuery(req, {} as Response, next);
    expect(req.headers.authorization).toBe('Bearer abc.def.ghi');
    expect(req.originalUrl).toBe('/api/v1/cases/c1/events');
    expect(req.url).toBe('/api/v1/cases/c1/events');
    expect(next).toHaveBeenCalled();
  });

  it('never overrides an Authorization header', () => {
    const req = {
      originalUrl: '/api/v1/events?x=1&access_token=q',
      url: '/api/v1/events?x=1&access_token=q',
      headers: { authorization: 'Bearer h' },
    } as unknown as Request;
    tokenFromQuery(req, {} as Response, jest.fn());
    expect(req.headers.authorization).toBe('Bearer h');
    expect(req.originalUrl).toBe('/api/v1/events?x=1');
  });
});

const config = { NATS_URL: 'nats://unused', FQ_PREFIX: 'test' } as GatewayConfig;
const event = (caseId: string, type = 'assigned'): RelayedCaseEvent => ({
  caseId,
  caseNo: `no-${caseId}`,
  type,
  status: 'mediation',
  warning: 'green',
  at: '2026-11-20T10:00:00+08:00',
  orgPath: '/621100/621102/621102101/',
});
const quietLogger = () => ({ error: jest.fn() });

describe('live events fan-out', () => {
  it("hands an event to every other stream when one stream's listener throws, and logs it", () => {
    const logger = quietLogger();
    const live = new LiveEvents(config, logger);
    const first = jest.fn();
    const last = jest.fn();
    const broken = jest.fn(() => {
      throw new Error('socket gone');
    });
    const endBroken = jest.fn();
    live.add(first, jest.fn());
    live.add(broken, endBroken);
    live.add(last, jest.fn());

    live.dispatch(event('c1'));
    live.dispatch(event('c2'));

    expect(first.mock.calls.map(([e]) => e.caseId)).toEqual(['c1', 'c2']);
    expect(last.mock.calls.map(([e]) => e.caseId)).toEqual(['c1', 'c2']);
    // The failing stream is ended once and gets no further events.
    expect(endBroken).toHaveBeenCalledTimes(1);
    expect(broken).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error.mock.calls[0][0]).toContain('c1');
    expect(logger.error.mock.calls[0][0]).toContain('socket gone');
  });

  it('keeps reading the NATS subscription after a listener threw', async () => {
    const raw = (caseId: string) => JSON.stringify({ type: 'cn.fengqiao.case.assigned.v1', time: '2026-11-20T10:00:00+08:00', data: { caseId } });
    const messages = [raw('c1'), raw('c2'), raw('c3')];
    const subscribe = jest.fn(async function* () {
      for (const m of messages) yield { string: () => m };
    });
    jest.mocked(connect).mockResolvedValue({ subscribe, drain: async () => undefined } as never);
    const live = new LiveEvents(config, quietLogger());
    const seen: string[] = [];
    const all = new Promise<void>((resolve) => {
      live.add((e) => {
        seen.push(e.caseId);
        if (seen.length === messages.length) resolve();
      }, jest.fn());
    });
    live.add((e) => {
      if (e.caseId === 'c1') throw new Error('boom');
    }, jest.fn());

    await live.start();
    let bail: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      all,
      new Promise((_, reject) => (bail = setTimeout(() => reject(new Error(`the subscription loop stopped after ${seen.join(', ')}`)), 1000))),
    ]);
    clearTimeout(bail);

    expect(subscribe).toHaveBeenCalledWith('test.fq.evt.*.case.>');
    expect(seen).toEqual(['c1', 'c2', 'c3']);
  });
});

describe('a live stream of one case', () => {
  /** An Express response as far as the stream uses it; 'close' is the client leaving. */
  class FakeResponse extends EventEmitter {
    destroyed = false;
    writableEnded = false;
    readonly written: string[] = [];
    status = jest.fn(() => this);
    setHeader = jest.fn();
    flushHeaders = jest.fn();
    write = jest.fn((chunk: string) => {
      this.written.push(chunk);
      return true;
    });
    end = jest.fn(() => {
      this.writableEnded = true;
      this.emit('close');
    });
    leave() {
      this.destroyed = true;
      this.emit('close');
    }
  }

  const req = { token: 'not-a-jwt', requestId: 'r1', caller: { orgUnit: '621102101' } } as unknown as AuthenticatedRequest;

  function setUp() {
    const live = new LiveEvents(config, quietLogger());
    let allow!: () => void;
    const check = new Promise<unknown>((resolve) => (allow = () => resolve({ id: 'c1' })));
    const intake = { request: jest.fn(() => check) } as unknown as ServiceClient;
    const res = new FakeResponse();
    const controller = new LiveController(intake, live);
    const caseEvents = () => controller.caseEvents('c1', req, res as unknown as Response);
    const eventsSent = () => res.written.filter((w) => w.startsWith('event: case'));
    return { live, res, allow, caseEvents, eventsSent };
  }

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('streams the events of its case once the caller may read it, and only those', async () => {
    const { live, res, allow, caseEvents, eventsSent } = setUp();
    const done = caseEvents();
    allow();
    await done;

    live.dispatch(event('c1'));
    live.dispatch(event('c2'));

    expect(res.flushHeaders).toHaveBeenCalled();
    expect(eventsSent()).toHaveLength(1);
    expect(eventsSent()[0]).toContain('"caseId":"c1"');
    expect(eventsSent()[0]).not.toContain('orgPath');
    res.leave();
  });

  it('leaves no listener and no timer behind when the client disconnects during the access check', async () => {
    const { live, res, allow, caseEvents, eventsSent } = setUp();
    const done = caseEvents();
    res.leave();
    allow();
    await done;

    live.dispatch(event('c1'));

    expect(eventsSent()).toEqual([]);
    expect(res.flushHeaders).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('removes its listener and timers when the client disconnects while streaming', async () => {
    const { live, res, allow, caseEvents, eventsSent } = setUp();
    const done = caseEvents();
    allow();
    await done;
    expect(jest.getTimerCount()).toBe(2);

    res.leave();
    live.dispatch(event('c1'));

    expect(eventsSent()).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });
  it('streams the subtree of the caller unit, and every unit to an admin (the jurisdiction rule)', () => {
    const at = (caseId: string, orgPath: string): RelayedCaseEvent => ({ ...event(caseId), orgPath });
    const sent = (caller: object) => {
      const live = new LiveEvents(config, quietLogger());
      const res = new FakeResponse();
      new LiveController({} as ServiceClient, live).events({ ...req, caller } as unknown as AuthenticatedRequest, res as unknown as Response);
      live.dispatch(at('town', '/621100/621102/621102101/'));
      live.dispatch(at('sibling', '/621100/621102/621102102/'));
      live.dispatch(at('city', '/621100/'));
      res.leave();
      return res.written.filter((w) => w.startsWith('event: case')).map((w) => /"caseId":"(\w+)"/.exec(w)![1]);
    };
    expect(sent({ roles: ['clerk'], orgUnit: '621102101' })).toEqual(['town']);
    expect(sent({ roles: ['leader'], orgUnit: '621100' })).toEqual(['town', 'sibling', 'city']);
    expect(sent({ roles: ['admin'], orgUnit: '621102101' })).toEqual(['town', 'sibling', 'city']);
  });
});
