import type { BoardView, CaseAction, CaseView, NewCase, Page, Stats, SupervisionItem } from './api.types';
import { ApiError, toProblem } from './problem';

export interface ApiDeps {
  /** A fresh access token (refreshed if about to expire); throws when the session is gone. */
  token(): Promise<string>;
  /** Called on every 401, so the shell can ask for a new login. */
  onUnauthorized(): void;
}

export type Query = Record<string, string | number | undefined | null>;

export function queryString(q: Query): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * `/api/v1/cases?…` as the board hands it out, with `extra` set on it. Anything but the case
 * list is refused: the console follows only the query it was given, never another path.
 */
export function caseListPath(query: string, extra: Query = {}): string {
  const u = new URL(query, 'http://console.invalid');
  if (u.origin !== 'http://console.invalid' || u.pathname !== '/api/v1/cases') throw new Error(`not a case list query: ${query}`);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, String(v));
  return `${u.pathname}${u.search}`;
}

/** The public API through the console's own origin (`/api` is proxied to the gateway). */
export class ApiClient {
  constructor(private readonly deps: ApiDeps) {}

  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let token: string;
    try {
      token = await this.deps.token();
    } catch {
      this.deps.onUnauthorized();
      throw new ApiError(401, { title: '未登录或令牌无效 / Not authenticated', status: 401 });
    }
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (method === 'POST') {
      headers['content-type'] = 'application/json';
      headers['idempotency-key'] = crypto.randomUUID();
    }
    let res: Response;
    try {
      res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, { title: '网络连接失败，请检查网络后重试 / Network error, check your connection and retry', status: 0 });
    }
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!res.ok) {
      if (res.status === 401) this.deps.onUnauthorized();
      throw new ApiError(res.status, toProblem(res.status, parsed));
    }
    return parsed as T;
  }

  listCases(q: Query) {
    return this.request<Page<CaseView>>('GET', `/api/v1/cases${queryString(q)}`);
  }
  getCase(id: string) {
    return this.request<CaseView>('GET', `/api/v1/cases/${encodeURIComponent(id)}`);
  }
  createCase(body: NewCase) {
    return this.request<CaseView>('POST', '/api/v1/cases', body);
  }
  act(id: string, action: CaseAction, body: unknown) {
    return this.request<CaseView>('POST', `/api/v1/cases/${encodeURIComponent(id)}/actions/${action}`, body);
  }
  stats(q: Query) {
    return this.request<Stats>('GET', `/api/v1/stats${queryString(q)}`);
  }
  board(q: Query) {
    return this.request<BoardView>('GET', `/api/v1/board${queryString(q)}`);
  }
  /** A case list query the API handed out (the board's drill-down), with `extra` parameters added. */
  casesAt(query: string, extra: Query = {}) {
    return this.request<Page<CaseView>>('GET', caseListPath(query, extra));
  }
  supervision(q: Query) {
    return this.request<Page<SupervisionItem>>('GET', `/api/v1/supervision${queryString(q)}`);
  }
}
