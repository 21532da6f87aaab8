/** RFC 9457 problem details, as every service replies on error and the gateway serves. */
export interface FieldError {
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const PROBLEM_BASE = 'https://fengqiao.dev/problems/';

export const ProblemTypes = {
  validation: { slug: 'validation', status: 422, title: '请求内容不合法 / Request is not valid' },
  malformed: { slug: 'malformed-request', status: 400, title: '请求格式错误 / Malformed request' },
  tooLarge: { slug: 'payload-too-large', status: 413, title: '请求体过大 / Request body too large' },
  unauthorized: { slug: 'unauthorized', status: 401, title: '未登录或令牌无效 / Not authenticated' },
  forbidden: { slug: 'forbidden', status: 403, title: '无权操作 / Forbidden' },
  notFound: { slug: 'not-found', status: 404, title: '未找到 / Not found' },
  methodNotAllowed: { slug: 'method-not-allowed', status: 405, title: '该接口不支持此方法 / Method not allowed' },
  conflict: { slug: 'conflict', status: 409, title: '当前状态不允许该操作 / Action not allowed now' },
  idempotencyMismatch: {
    slug: 'idempotency-key-reused',
    status: 422,
    title: '幂等键已用于不同的请求 / Idempotency-Key was used with a different request',
  },
  unsupportedMediaType: { slug: 'unsupported-media-type', status: 415, title: '不支持的内容类型 / Unsupported media type' },
  unavailable: { slug: 'service-unavailable', status: 503, title: '服务暂不可用 / Service unavailable' },
  internal: { slug: 'internal', status: 500, title: '内部错误 / Internal error' },
} as const;

export type ProblemKind = keyof typeof ProblemTypes;

export function problem(kind: ProblemKind, detail?: string, errors?: FieldError[]): Problem {
  const t = ProblemTypes[kind];
  const p: Problem = { type: PROBLEM_BASE + t.slug, title: t.title, status: t.status };
  if (detail !== undefined) p.detail = detail;
  if (errors !== undefined) p.errors = errors;
  return p;
}

/** A command's answer over NATS: a value or a problem, never a thrown stack trace. */
export type Reply<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export const ok = <T>(value: T): Reply<T> => ({ ok: true, value });
export const fail = <T = never>(p: Problem): Reply<T> => ({ ok: false, problem: p });
