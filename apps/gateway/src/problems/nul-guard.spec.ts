import type { NextFunction, Request, Response } from 'express';
import { refuseNul } from './nul-guard';

function call(query: unknown, body: unknown) {
  const sent: { status?: number; body?: Record<string, unknown>; next: boolean } = { next: false };
  const res = {
    status(s: number) {
      sent.status = s;
      return this;
    },
    type() {
      return this;
    },
    send(b: string) {
      sent.body = JSON.parse(b) as Record<string, unknown>;
      return this;
    },
  } as unknown as Response;
  refuseNul({ query, body, originalUrl: '/x' } as unknown as Request, res, (() => (sent.next = true)) as NextFunction);
  return sent;
}

describe('refuseNul', () => {
  it('lets a request without U+0000 through', () => {
    expect(call({ q: '邻里' }, { title: 'a', parties: [{ name: '王' }] }).next).toBe(true);
  });

  it('answers 422 naming each query value and body string holding U+0000', () => {
    const r = call({ q: 'a\u0000' }, { title: 'ok', parties: [{ name: 'x\u0000' }] });
    expect(r.next).toBe(false);
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'NUL_CHARACTER', errors: [{ path: 'q' }, { path: 'parties[0].name' }] });
  });
});
