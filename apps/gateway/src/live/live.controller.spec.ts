import type { NextFunction, Request, Response } from 'express';
import { parseCaseEvent, tokenFromQuery } from './live.controller';

describe('live case events', () => {
  it('reads a case transition CloudEvent and keeps only what the browser needs', () => {
    const raw = JSON.stringify({
      specversion: '1.0', id: 'x', source: 'intake', type: 'cn.fengqiao.case.assigned.v1', time: '2026-11-20T10:00:00+08:00',
      data: { caseId: 'c1', caseNo: '621102101-2026-000001', orgPath: '/621100/621102/621102101/', type: 'assigned', status: 'mediation', warning: 'green', at: '2026-11-20T10:00:00+08:00', detail: { secret: 1 } },
    });
    expect(parseCaseEvent(raw)).toEqual({ caseId: 'c1', caseNo: '621102101-2026-000001', type: 'assigned', status: 'mediation', warning: 'green', at: '2026-11-20T10:00:00+08:00', orgPath: '/621100/621102/621102101/' });
    expect(parseCaseEvent(JSON.stringify({ type: 'cn.fengqiao.case.registered.v1', time: 't', data: { caseId: 'c2' } }))?.type).toBe('registered');
    expect(parseCaseEvent('not json')).toBeNull();
    expect(parseCaseEvent(JSON.stringify({ data: {} }))).toBeNull();
  });

  it('turns ?access_token= into the bearer token and takes it out of the URL', () => {
    const req = { originalUrl: '/api/v1/cases/c1/events?access_token=abc.def.ghi', url: '/api/v1/cases/c1/events?access_token=abc.def.ghi', headers: {} } as unknown as Request;
    const next = jest.fn() as NextFunction;
    tokenFromQuery(req, {} as Response, next);
    expect(req.headers.authorization).toBe('Bearer abc.def.ghi');
    expect(req.originalUrl).toBe('/api/v1/cases/c1/events');
    expect(req.url).toBe('/api/v1/cases/c1/events');
    expect(next).toHaveBeenCalled();
  });

  it('never overrides an Authorization header', () => {
    const req = { originalUrl: '/api/v1/events?x=1&access_token=q', url: '/api/v1/events?x=1&access_token=q', headers: { authorization: 'Bearer h' } } as unknown as Request;
    tokenFromQuery(req, {} as Response, jest.fn());
    expect(req.headers.authorization).toBe('Bearer h');
    expect(req.originalUrl).toBe('/api/v1/events?x=1');
  });
});
