import type { DataSource } from 'typeorm';
import type { Caller } from '@fengqiao/contracts';
import { CN_2026 } from '@fengqiao/calendar';
import { HolidayNoticeEntity } from './routing.entities';
import { HolidayNoticesService } from './holiday-notices.service';

const admin: Caller = { userId: 'u-admin', username: 'admin.test', roles: ['admin'], orgUnit: '621100', department: null };
const clerk: Caller = { userId: 'u-clerk', username: 'clerk.test', roles: ['clerk'], orgUnit: '621102101', department: null };

/** A made-up 2027 notice (the real one was not published when this was written). */
const notice2027 = (overrides: Record<string, unknown> = {}) => ({
  year: 2027,
  notice: '测试通知〔2026〕99号',
  publishedOn: '2026-11-10',
  daysOff: ['2027-01-01', '2027-01-02', '2027-01-03'],
  adjustedWorkdays: ['2027-01-09'],
  ...overrides,
});

/** holiday_notices in memory: find / findOneBy through the repository, the insert as SQL (ON CONFLICT DO NOTHING). */
function fakeDataSource() {
  const rows: HolidayNoticeEntity[] = [];
  let reads = 0;
  const ds = {
    getRepository: (entity: unknown) => {
      if (entity !== HolidayNoticeEntity) throw new Error('unexpected entity');
      return {
        find: async () => {
          reads++;
          return [...rows].sort((a, b) => a.year - b.year);
        },
        findOneBy: async ({ year }: { year: number }) => rows.find((r) => r.year === year) ?? null,
      };
    },
    query: async (sql: string, params: unknown[]) => {
      if (!/INSERT INTO intake\.holiday_notices[\s\S]*ON CONFLICT \(year\) DO NOTHING RETURNING year/.test(sql)) throw new Error(`unexpected SQL ${sql}`);
      const [year, notice, publishedOn, data, loadedBy, loadedAt] = params as [number, string, string, string, string, Date];
      if (rows.some((r) => r.year === year)) return [];
      rows.push({ year, notice, publishedOn, data: JSON.parse(data), loadedBy, loadedAt });
      return [{ year }];
    },
  } as unknown as DataSource;
  return { ds, rows, reads: () => reads };
}

const at = () => new Date('2026-11-12T01:00:00Z');

describe('HolidayNoticesService.load', () => {
  it('refuses anyone but an admin (403)', async () => {
    const f = fakeDataSource();
    const r = await new HolidayNoticesService(f.ds).load(notice2027(), clerk);
    expect(r).toMatchObject({ ok: false, problem: { status: 403 } });
    expect(f.rows).toEqual([]);
  });

  it('answers a malformed notice with every issue as a field error (422)', async () => {
    const r = await new HolidayNoticesService(fakeDataSource().ds).load(
      notice2027({ daysOff: ['2027-01-01', '2027-02-30', '2026-12-31'], adjustedWorkdays: ['2027-01-04'], extra: 1 }),
      admin,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.status).toBe(422);
    expect(r.problem.errors?.map((e) => e.path).sort()).toEqual(['adjustedWorkdays[0]', 'daysOff[1]', 'daysOff[2]', 'extra']);
  });

  it('gives a body that is not an object a (body) path, not an empty one', async () => {
    const r = await new HolidayNoticesService(fakeDataSource().ds).load('2027', admin);
    expect(r).toMatchObject({ ok: false, problem: { status: 422, errors: [{ path: '(body)' }] } });
  });

  it('refuses to replace a built-in year (409)', async () => {
    const r = await new HolidayNoticesService(fakeDataSource().ds).load(
      { ...CN_2026, daysOff: [...CN_2026.daysOff], adjustedWorkdays: [...CN_2026.adjustedWorkdays] },
      admin,
    );
    expect(r).toMatchObject({ ok: false, problem: { status: 409, detail: expect.stringMatching(/built in/) } });
  });

  it('stores a new year, answers its summary and days, and puts it into the calendar at once', async () => {
    const f = fakeDataSource();
    const svc = new HolidayNoticesService(f.ds, 60_000, at);
    const before = await svc.calendar();
    expect(before.isLoaded(2027)).toBe(false);
    const r = await svc.load(notice2027(), admin);
    expect(r).toEqual({
      ok: true,
      value: {
        year: 2027,
        notice: '测试通知〔2026〕99号',
        publishedOn: '2026-11-10',
        builtIn: false,
        loadedBy: 'admin.test',
        loadedAt: '2026-11-12T09:00:00+08:00',
        daysOff: ['2027-01-01', '2027-01-02', '2027-01-03'],
        adjustedWorkdays: ['2027-01-09'],
      },
    });
    const after = await svc.calendar();
    expect(after.isLoaded(2027)).toBe(true);
    expect((await svc.extraNotices()).map((n) => n.year)).toEqual([2027]);
    // Fri 31 Dec 2026 + 1 working day: 1–3 Jan off, so Mon 4 Jan, and not provisional any more.
    const due = after.addWorkingDays('2026-12-31T10:00:00+08:00', 1);
    expect(due).toEqual({ due: new Date('2027-01-04T15:59:59.000Z'), provisional: false });
  });

  it('never silently replaces a loaded year (409, and says so)', async () => {
    const f = fakeDataSource();
    const svc = new HolidayNoticesService(f.ds, 60_000, at);
    expect((await svc.load(notice2027(), admin)).ok).toBe(true);
    const again = await svc.load(notice2027({ notice: '更正通知', daysOff: ['2027-01-01'] }), admin);
    expect(again).toMatchObject({ ok: false, problem: { status: 409, detail: expect.stringMatching(/already loaded[\s\S]*not silently replaced/) } });
    expect(f.rows).toHaveLength(1);
    expect(f.rows[0]!.notice).toBe('测试通知〔2026〕99号');
  });

  it('answers 409 to the loser of two simultaneous loads (the primary key decides)', async () => {
    const f = fakeDataSource();
    const a = new HolidayNoticesService(f.ds, 60_000, at);
    const b = new HolidayNoticesService(f.ds, 60_000, at);
    const [ra, rb] = await Promise.all([a.load(notice2027(), admin), b.load(notice2027(), admin)]);
    expect([ra.ok, rb.ok].sort()).toEqual([false, true]);
    expect([ra, rb].find((r) => !r.ok)).toMatchObject({ problem: { status: 409 } });
  });
});

describe('HolidayNoticesService reads', () => {
  it('lists the built-in years and the loaded ones, by year', async () => {
    const f = fakeDataSource();
    const svc = new HolidayNoticesService(f.ds, 60_000, at);
    await svc.load(notice2027(), admin);
    const list = await svc.list();
    expect(list.map((n) => [n.year, n.builtIn])).toEqual([
      [2025, true],
      [2026, true],
      [2027, false],
    ]);
    expect(list[0]).toEqual({ year: 2025, notice: '国办发明电〔2024〕12号', publishedOn: '2024-11-12', builtIn: true });
    expect(list[2]).toMatchObject({ loadedBy: 'admin.test', loadedAt: '2026-11-12T09:00:00+08:00' });
  });

  it('reads the loaded notices once while the cache is fresh', async () => {
    const f = fakeDataSource();
    const svc = new HolidayNoticesService(f.ds, 60_000);
    await svc.calendar();
    await svc.extraNotices();
    await svc.calendar();
    expect(f.reads()).toBe(1);
  });
});
