import { MAX_PAGE_SIZE } from '@fengqiao/contracts';
import type {
  BoardView,
  CaseView,
  CategoryView,
  CreateCaseInput,
  DisputeAction,
  MapView,
  MediatorView,
  OrgUnitView,
  Page,
  PersonFileView,
  StatsView,
  SupervisionItem,
} from './api.types';
import { ApiError, localProblem, toProblem } from './problem';

export interface ApiDeps {
  /** A fresh access token (refreshed if about to expire); throws when the session is gone. */
  token(): Promise<string>;
  /** Called on every 401, so the shell can ask for a new login. */
  onUnauthorized(): void;
}

export type Query = Record<string, string | number | undefined | null>;

/** Work lists (a desk's queue, a mediator's cases) stop here: beyond it a screen pages on the server. */
export const MAX_LIST_ITEMS = 1_000;

/**
 * The items of a paged list, up to `MAX_LIST_ITEMS`: asks page after page until `total` is
 * reached or a page comes back short. A case registered meanwhile shifts the rest down a place
 * and shows up twice (`key` drops the repeat); one that leaves the list meanwhile can shift one
 * item past a page boundary, which the next live refresh brings back.
 */
export async function allPages<T>(fetchPage: (page: number, pageSize: number) => Promise<Page<T>>, key: (item: T) => string): Promise<T[]> {
  const seen = new Map<string, T>();
  for (let page = 1; ; page++) {
    const p = await fetchPage(page, MAX_PAGE_SIZE);
    for (const item of p.items) if (!seen.has(key(item))) seen.set(key(item), item);
    // The server's pageSize, should it serve smaller pages than asked for.
    const size = p.pageSize > 0 ? p.pageSize : MAX_PAGE_SIZE;
    if (p.items.length < size || page * size >= p.total || seen.size >= MAX_LIST_ITEMS) break;
  }
  return [...seen.values()].slice(0, MAX_LIST_ITEMS);
}

/** The filename of a Content-Disposition header (RFC 6266 `filename*` first, for Chinese names). */
export function filenameOf(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain?.[1]?.trim() ?? null;
}

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

  /** One call with the session's token; a non-2xx answer throws its problem (a 401 also tells the shell). */
  private async send(method: 'GET' | 'POST', path: string, body: unknown, accept: string): Promise<Response> {
    let token: string;
    try {
      token = await this.deps.token();
    } catch {
      this.deps.onUnauthorized();
      throw new ApiError(401, localProblem(401, '未登录或令牌无效 / Not authenticated'));
    }
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept };
    if (method === 'POST') {
      headers['content-type'] = 'application/json';
      headers['idempotency-key'] = crypto.randomUUID();
    }
    let res: Response;
    try {
      res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, localProblem(0, '网络连接失败，请检查网络后重试 / Network error, check your connection and retry'));
    }
    if (!res.ok) {
      const text = await res.text();
      let parsed: unknown = undefined;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      if (res.status === 401) this.deps.onUnauthorized();
      throw new ApiError(res.status, toProblem(res.status, parsed));
    }
    return res;
  }

  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const text = await (await this.send(method, path, body, 'application/json')).text();
    try {
      return (text ? JSON.parse(text) : undefined) as T;
    } catch {
      return undefined as T;
    }
  }

  /** A file (a PDF document, a CSV export) with the name its Content-Disposition gives, if any. */
  async file(path: string, accept = 'application/pdf, application/problem+json'): Promise<{ blob: Blob; filename: string | null }> {
    const res = await this.send('GET', path, undefined, accept);
    return { blob: await res.blob(), filename: filenameOf(res.headers.get('content-disposition')) };
  }

  listCases(q: Query) {
    return this.request<Page<CaseView>>('GET', `/api/v1/cases${queryString(q)}`);
  }
  /** Every case the query matches, however many pages that takes. */
  allCases(q: Query) {
    return allPages(
      (page, pageSize) => this.listCases({ ...q, page, pageSize }),
      (c) => c.id,
    );
  }
  getCase(id: string) {
    return this.request<CaseView>('GET', `/api/v1/cases/${encodeURIComponent(id)}`);
  }
  createCase(body: CreateCaseInput) {
    return this.request<CaseView>('POST', '/api/v1/cases', body);
  }
  /** An action of the case's kind (a dispute's, a petition's, legal aid's…). */
  act(id: string, action: DisputeAction | string, body: unknown) {
    return this.request<CaseView>('POST', `/api/v1/cases/${encodeURIComponent(id)}/actions/${action}`, body);
  }
  /** The person file (一人一档) reached from one of the person's cases. */
  personFile(caseId: string) {
    return this.request<PersonFileView>('GET', `/api/v1/person-file${queryString({ caseId })}`);
  }
  /** The same matter brought twice: case `id` stops and joins `intoCaseId`. */
  merge(id: string, intoCaseId: string, reason: string) {
    return this.request<CaseView>('POST', `/api/v1/cases/${encodeURIComponent(id)}/merge`, { intoCaseId, reason });
  }
  stats(q: Query) {
    return this.request<StatsView>('GET', `/api/v1/stats${queryString(q)}`);
  }
  board(q: Query) {
    return this.request<BoardView>('GET', `/api/v1/board${queryString(q)}`);
  }
  /** The map of a unit's children (a village's grids): GeoJSON with counts and cards. */
  map(q: Query) {
    return this.request<MapView>('GET', `/api/v1/map${queryString(q)}`);
  }
  /** Every case of a case list query the API handed out (the board's drill-down), with `extra` parameters added. */
  allCasesAt(query: string, extra: Query = {}) {
    return allPages(
      (page, pageSize) => this.request<Page<CaseView>>('GET', caseListPath(query, { ...extra, page, pageSize })),
      (c) => c.id,
    );
  }
  /** The org tree, parents first. */
  orgUnits() {
    return this.request<OrgUnitView[]>('GET', '/api/v1/org-units');
  }
  /** Active case categories with their routing. */
  categories() {
    return this.request<CategoryView[]>('GET', '/api/v1/categories');
  }
  /** The mediator roster of the caller's subtree (the service answers at most 1,000, ordered by unit). */
  mediators(q: Query = {}) {
    return this.request<MediatorView[]>('GET', `/api/v1/mediators${queryString(q)}`);
  }
  /** Every supervision item the query matches. */
  allSupervision(q: Query) {
    return allPages(
      (page, pageSize) => this.request<Page<SupervisionItem>>('GET', `/api/v1/supervision${queryString({ ...q, page, pageSize })}`),
      (s) => s.id,
    );
  }
}
