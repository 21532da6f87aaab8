import type { FieldError, Problem } from './api.types';

export type Lang = 'zh' | 'en';

/** An API answer that was not 2xx, with its problem+json body (or one made up for it). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }
}

/** A problem the console makes up (no answer, or not problem+json); RFC 9457's type when none is given. */
export function localProblem(status: number, title: string): Problem {
  return { type: 'about:blank', title, status };
}

/** Reads a problem+json body; anything else (an HTML 502 from a proxy, empty) becomes a plain problem. */
export function toProblem(status: number, body: unknown): Problem {
  if (body && typeof body === 'object' && typeof (body as Problem).title === 'string') {
    const p = body as Problem;
    return { ...p, type: typeof p.type === 'string' ? p.type : 'about:blank', status: typeof p.status === 'number' ? p.status : status };
  }
  return localProblem(status, status >= 500 ? '服务暂不可用 / Service unavailable' : `请求失败（HTTP ${status}） / Request failed (HTTP ${status})`);
}

/**
 * The services write bilingual messages, "中文 / English". Picks the half for the language;
 * a message with no separator is shown as it is.
 */
export function pickLang(message: string | undefined, lang: Lang): string {
  if (!message) return '';
  const i = message.indexOf(' / ');
  if (i < 0) return message;
  return lang === 'zh' ? message.slice(0, i).trim() : message.slice(i + 3).trim();
}

/**
 * Turns `errors[].path` ("parties[0].idNumber") into antd form field names
 * (["parties", 0, "idNumber"]) with the message in the chosen language.
 */
export function fieldErrors(errors: FieldError[] | undefined, lang: Lang): Array<{ name: Array<string | number>; errors: string[] }> {
  const byPath = new Map<string, { name: Array<string | number>; errors: string[] }>();
  for (const e of errors ?? []) {
    const name = parsePath(e.path);
    const key = JSON.stringify(name);
    const entry = byPath.get(key) ?? { name, errors: [] };
    entry.errors.push(pickLang(e.message, lang));
    byPath.set(key, entry);
  }
  return [...byPath.values()];
}

export function parsePath(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[1] !== undefined) out.push(/^\d+$/.test(m[1]) ? Number(m[1]) : m[1]);
  }
  return out;
}

/** What the user should read for a failed call, and what they can do about it. */
export function describeProblem(
  p: Pick<Problem, 'title' | 'status' | 'detail'>,
  lang: Lang,
): { kind: 'session' | 'forbidden' | 'conflict' | 'validation' | 'missing' | 'unavailable' | 'other'; text: string } {
  const detail = pickLang(p.detail, lang) || pickLang(p.title, lang);
  switch (p.status) {
    case 401:
      return { kind: 'session', text: lang === 'zh' ? '登录已过期，请重新登录。' : 'Your session has expired. Please sign in again.' };
    case 403:
      return {
        kind: 'forbidden',
        text:
          lang === 'zh'
            ? `您的角色或辖区无权执行此操作（${detail}）。如需权限请联系管理员。`
            : `Your role or jurisdiction does not allow this (${detail}). Ask an administrator if you need access.`,
      };
    case 409:
      return { kind: 'conflict', text: detail };
    case 404:
      return { kind: 'missing', text: lang === 'zh' ? `未找到（${detail}）。` : `Not found (${detail}).` };
    case 400:
    case 422:
      return { kind: 'validation', text: detail };
    default:
      if (p.status >= 500)
        return {
          kind: 'unavailable',
          text: lang === 'zh' ? `服务暂不可用，请稍后重试（${detail}）。` : `The service is unavailable, please retry shortly (${detail}).`,
        };
      return { kind: 'other', text: detail };
  }
}
