import { problem } from '@fengqiao/contracts';
import { defineFailures } from './failures';

const F = defineFailures({
  CASE_NOT_FOUND: { status: 'notFound', zh: '案件不存在', en: 'Case not found' },
  ACTION_FORBIDDEN: { status: 'forbidden', zh: '当前角色不能执行 {action}', en: 'Your role may not {action}' },
  ORG_UNIT_REQUIRED: { status: 'validation', zh: '请指定单位', en: 'Give an org unit', field: { path: 'orgUnit', zh: '必填', en: 'orgUnit is required' } },
  UNKNOWN_ACTION: {
    status: 'validation',
    zh: '操作请求不合法',
    en: 'Invalid action request',
    field: { path: 'action', zh: '未知操作', en: 'unknown action {action}' },
  },
});

describe('defineFailures', () => {
  it('answers a code with the RFC 9457 problem of its kind, the bilingual detail and the code', () => {
    expect(F.problem('CASE_NOT_FOUND')).toEqual({ ...problem('notFound', '案件不存在 / Case not found'), code: 'CASE_NOT_FOUND' });
    expect(F.fail('CASE_NOT_FOUND')).toEqual({ ok: false, problem: F.problem('CASE_NOT_FOUND') });
  });

  it('fills placeholders from the params, in both languages', () => {
    expect(F.problem('ACTION_FORBIDDEN', { action: 'rate' })).toMatchObject({ status: 403, detail: '当前角色不能执行 rate / Your role may not rate' });
    expect(F.message('ACTION_FORBIDDEN', 'en', { action: 'close' })).toBe('Your role may not close');
    expect(F.message('CASE_NOT_FOUND', 'zh')).toBe('案件不存在');
  });

  it('never fills a placeholder twice (a param that looks like one stays as given)', () => {
    expect(F.message('ACTION_FORBIDDEN', 'zh', { action: '{action}' })).toBe('当前角色不能执行 {action}');
  });

  it('adds field errors after the fixed one a code carries', () => {
    expect(F.problem('ORG_UNIT_REQUIRED').errors).toEqual([{ path: 'orgUnit', message: '必填 / orgUnit is required' }]);
    expect(F.problem('CASE_NOT_FOUND', [{ path: 'id', message: 'x' }]).errors).toEqual([{ path: 'id', message: 'x' }]);
    expect(F.problem('UNKNOWN_ACTION', { action: 'fly' }).errors).toEqual([{ path: 'action', message: '未知操作 / unknown action fly' }]);
    expect(F.problem('CASE_NOT_FOUND')).not.toHaveProperty('errors');
  });

  it('carries the wait before a retry of a passing outage as retryAfter', () => {
    const T = defineFailures({
      BUS_DOWN: { status: 'unavailable', zh: '消息总线暂不可用', en: 'The bus is down', retryAfter: 2 },
      PLAIN: { status: 'unavailable', zh: '暂不可用', en: 'Unavailable' },
    });
    expect(T.problem('BUS_DOWN')).toMatchObject({ status: 503, code: 'BUS_DOWN', retryAfter: 2 });
    expect(T.problem('PLAIN')).not.toHaveProperty('retryAfter');
  });

  it('lists its codes as an enum', () => {
    expect(F.codes.CASE_NOT_FOUND).toBe('CASE_NOT_FOUND');
    expect(Object.keys(F.codes)).toEqual(['CASE_NOT_FOUND', 'ACTION_FORBIDDEN', 'ORG_UNIT_REQUIRED', 'UNKNOWN_ACTION']);
  });

  it('types the params a code needs, and refuses an unknown code', () => {
    // @ts-expect-error the action is required
    expect(F.problem('ACTION_FORBIDDEN').detail).toBe('当前角色不能执行 {action} / Your role may not {action}');
    // @ts-expect-error a code without placeholders takes no params
    expect(F.problem('CASE_NOT_FOUND', { action: 'x' })).not.toHaveProperty('errors');
    // @ts-expect-error an unknown code
    expect(() => F.problem('NOPE')).toThrow('unknown failure code NOPE');
  });
});
