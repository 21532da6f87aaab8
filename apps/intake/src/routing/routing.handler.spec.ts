import { parseVersionQuery } from './routing.handler';

describe('parseVersionQuery (getRoutingRules payload)', () => {
  it.each([
    [{}, { ok: true, history: false }],
    [undefined, { ok: true, history: false }],
    [{ version: 3 }, { ok: true, history: false, version: 3 }],
    [{ version: '12' }, { ok: true, history: false, version: 12 }],
    [{ history: true }, { ok: true, history: true }],
    [{ version: '' }, { ok: true, history: false }],
  ])('%j → %j', (payload, expected) => {
    expect(parseVersionQuery(payload)).toEqual(expected);
  });

  it.each([
    [{ version: 0 }],
    [{ version: -1 }],
    [{ version: 1.5 }],
    [{ version: 'abc' }],
    [{ version: '1e3' }],
    [{ version: ['1', '2'] }],
    [{ version: '9999999999' }],
  ])('refuses %j with a bilingual message', (payload) => {
    expect(parseVersionQuery(payload)).toEqual({ ok: false, message: expect.stringMatching(/正整数 .* positive integer/) });
  });
});
