import { ApiError, describeProblem, fieldErrors, localProblem, parsePath, pickLang, toProblem } from './problem';
import { queryString } from './api-client';

describe('problem+json in the console', () => {
  it('picks the Chinese or the English half of a bilingual message', () => {
    expect(pickLang('不能为空 / title must not be empty', 'zh')).toBe('不能为空');
    expect(pickLang('不能为空 / title must not be empty', 'en')).toBe('title must not be empty');
    expect(pickLang('身份证号校验失败', 'en')).toBe('身份证号校验失败');
    expect(pickLang(undefined, 'zh')).toBe('');
  });

  it('turns errors[].path into form field names, merging messages of one field', () => {
    expect(parsePath('parties[0].idNumber')).toEqual(['parties', 0, 'idNumber']);
    expect(parsePath('title')).toEqual(['title']);
    expect(parsePath('departments.1')).toEqual(['departments', 1]);
    expect(
      fieldErrors(
        [
          { path: 'title', message: '不能为空 / title must not be empty' },
          { path: 'parties[0].idNumber', message: '身份证号码无效 / idNumber is not valid' },
          { path: 'title', message: '太长 / too long' },
        ],
        'zh',
      ),
    ).toEqual([
      { name: ['title'], errors: ['不能为空', '太长'] },
      { name: ['parties', 0, 'idNumber'], errors: ['身份证号码无效'] },
    ]);
  });

  it('reads a problem body, and makes one up for a body that is not a problem', () => {
    expect(toProblem(409, { title: 'x', status: 409, detail: 'd', allowedActions: ['rate'] })).toMatchObject({
      status: 409,
      detail: 'd',
      allowedActions: ['rate'],
    });
    expect(toProblem(502, '<html>')).toMatchObject({ status: 502, type: 'about:blank' });
    // Shown to the user through pickLang: both halves, like the services' messages.
    expect(pickLang(toProblem(404, '').title, 'zh')).toBe('请求失败（HTTP 404）');
    expect(pickLang(toProblem(404, '').title, 'en')).toBe('Request failed (HTTP 404)');
    expect(toProblem(409, { type: 'https://fengqiao.dev/problems/conflict', title: 'x', status: 409 }).type).toBe('https://fengqiao.dev/problems/conflict');
    expect(toProblem(404, { title: 'x' })).toEqual({ type: 'about:blank', title: 'x', status: 404 });
    expect(new ApiError(403, localProblem(403, 't')).status).toBe(403);
  });

  it('tells the user what to do for each failure', () => {
    expect(describeProblem({ title: 'a', status: 401 }, 'zh')).toEqual({ kind: 'session', text: '登录已过期，请重新登录。' });
    expect(describeProblem({ title: '无权操作 / Forbidden', status: 403, detail: '当前角色无权执行此操作 / Your role may not do this' }, 'zh').text).toContain(
      '当前角色无权执行此操作',
    );
    expect(describeProblem({ title: 't', status: 409, detail: '当前状态只允许 rate / only rate now' }, 'en')).toEqual({
      kind: 'conflict',
      text: 'only rate now',
    });
    expect(describeProblem({ title: 't', status: 503 }, 'zh').kind).toBe('unavailable');
  });

  it('builds a query string without empty parameters', () => {
    expect(queryString({ status: 'first-contact', q: '', orgUnit: undefined, page: 1 })).toBe('?status=first-contact&page=1');
    expect(queryString({})).toBe('');
  });
});
