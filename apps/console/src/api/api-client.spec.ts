import type { Page } from './api.types';
import { MAX_PAGE_SIZE } from '@fengqiao/contracts';
import { allPages, ApiClient, filenameOf, MAX_LIST_ITEMS } from './api-client';

type Row = { id: string };
const rows = (from: number, n: number): Row[] => Array.from({ length: n }, (_, i) => ({ id: `c${from + i}` }));

/** A list endpoint over `all`, newest first, as intake serves it (offset paging, pageSize capped). */
function server(all: () => Row[], cap = MAX_PAGE_SIZE) {
  const asked: Array<[number, number]> = [];
  const fetchPage = async (page: number, pageSize: number): Promise<Page<Row>> => {
    asked.push([page, pageSize]);
    const size = Math.min(pageSize, cap);
    const list = all();
    return { items: list.slice((page - 1) * size, page * size), total: list.length, page, pageSize: size };
  };
  return { asked, fetchPage };
}

describe('loading a whole list', () => {
  it('asks page after page until total is reached', async () => {
    const s = server(() => rows(0, 450));
    const got = await allPages(s.fetchPage, (r) => r.id);
    expect(got).toHaveLength(450);
    expect(got[449]).toEqual({ id: 'c449' });
    expect(s.asked).toEqual([
      [1, 200],
      [2, 200],
      [3, 200],
    ]);
  });

  it('asks once when one page holds the list, and not again after an exactly full last page', async () => {
    const one = server(() => rows(0, 3));
    expect(await allPages(one.fetchPage, (r) => r.id)).toHaveLength(3);
    expect(one.asked).toEqual([[1, 200]]);
    const full = server(() => rows(0, 400));
    expect(await allPages(full.fetchPage, (r) => r.id)).toHaveLength(400);
    expect(full.asked).toHaveLength(2);
  });

  it('keeps a case once when one registered meanwhile shifts the next page down', async () => {
    let list = rows(1, 250);
    const s = server(() => list);
    const got = await allPages(
      async (page, size) => {
        const p = await s.fetchPage(page, size);
        if (page === 1) list = [{ id: 'new' }, ...list];
        return p;
      },
      (r) => r.id,
    );
    expect(got).toHaveLength(250);
    expect(new Set(got.map((r) => r.id)).size).toBe(250);
    expect(s.asked).toHaveLength(2);
  });

  it('stops at MAX_LIST_ITEMS however long the list is', async () => {
    const s = server(() => rows(0, 3_000));
    const got = await allPages(s.fetchPage, (r) => r.id);
    expect(got).toHaveLength(MAX_LIST_ITEMS);
    expect(s.asked).toHaveLength(MAX_LIST_ITEMS / MAX_PAGE_SIZE);
  });

  it('follows a server that serves smaller pages than asked for', async () => {
    const s = server(() => rows(0, 250), 100);
    expect(await allPages(s.fetchPage, (r) => r.id)).toHaveLength(250);
    expect(s.asked.map(([p]) => p)).toEqual([1, 2, 3]);
  });

  it('stops at a short page even if total promised more (cases left the filter meanwhile)', async () => {
    const got = await allPages(
      async (page) => ({ items: page === 1 ? rows(0, 200) : rows(200, 10), total: 500, page, pageSize: 200 }),
      (r) => r.id,
    );
    expect(got).toHaveLength(210);
  });
});

describe('ApiClient lists', () => {
  const fetchMock = jest.fn<Promise<Response>, [string, RequestInit?]>();
  const api = new ApiClient({ token: async () => 'tk', onUnauthorized: () => undefined });
  const page = (p: number, total: number, n: number) =>
    new Response(JSON.stringify({ items: rows((p - 1) * 200, n), total, page: p, pageSize: 200 }), { status: 200 });

  const realFetch = global.fetch;
  beforeEach(() => {
    fetchMock.mockReset();
    global.fetch = fetchMock as unknown as typeof fetch;
  });
  afterAll(() => {
    global.fetch = realFetch;
  });

  it('pages a case list query to its end, keeping its filters', async () => {
    fetchMock.mockImplementation(async (url) => page(Number(new URL(url, 'http://x').searchParams.get('page')), 201, url.includes('page=2') ? 1 : 200));
    expect(await api.allCases({ status: 'first-contact' })).toHaveLength(201);
    expect(fetchMock.mock.calls.map(([u]) => u)).toEqual([
      '/api/v1/cases?status=first-contact&page=1&pageSize=200',
      '/api/v1/cases?status=first-contact&page=2&pageSize=200',
    ]);
  });

  it('pages a drill-down query the board handed out, on the case list only', async () => {
    fetchMock.mockImplementation(async (url) => page(Number(new URL(url, 'http://x').searchParams.get('page')), 300, url.includes('page=2') ? 100 : 200));
    expect(await api.allCasesAt('/api/v1/cases?orgUnit=621102&open=true&warning=red&pageSize=20')).toHaveLength(300);
    expect(fetchMock.mock.calls[1]![0]).toBe('/api/v1/cases?orgUnit=621102&open=true&warning=red&pageSize=200&page=2');
  });
});

describe('filenameOf', () => {
  it('reads the Chinese name of a PDF (filename*), else the plain name, else none', () => {
    expect(filenameOf(`attachment; filename="legal-aid-grant-decision.pdf"; filename*=UTF-8''${encodeURIComponent('给予法律援助决定书.pdf')}`)).toBe(
      '给予法律援助决定书.pdf',
    );
    expect(filenameOf('attachment; filename="a.pdf"')).toBe('a.pdf');
    expect(filenameOf("attachment; filename*=UTF-8''%E0%A4%A; filename=b.pdf")).toBe('b.pdf');
    expect(filenameOf(null)).toBeNull();
  });
});
