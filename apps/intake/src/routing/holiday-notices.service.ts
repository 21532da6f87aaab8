import type { DataSource } from 'typeorm';
import { fail, ok, type Caller, type Reply } from '@fengqiao/contracts';
import { hasAnyRole } from '@fengqiao/auth';
import { ExpiringLoad } from '@fengqiao/persistence';
import { BUILT_IN_NOTICES, CalendarException, formatChinaTime, parseHolidayNotice, WorkCalendar, type HolidayNotice } from '@fengqiao/calendar';
import { HolidayNoticeEntity } from './routing.entities';
import { RoutingFailures } from './routing.failures';

/** Only an admin loads a year's notice (docs/deadlines.md). */
export const LOAD_ROLES = ['admin'];

export interface HolidayNoticeSummary {
  year: number;
  notice: string;
  publishedOn: string;
  builtIn: boolean;
  loadedBy?: string;
  loadedAt?: string;
}

/** What a load answers: the summary and the days as stored (sorted, validated). */
export type LoadedHolidayNotice = HolidayNoticeSummary & Pick<HolidayNotice, 'daysOff' | 'adjustedWorkdays'>;

/**
 * The working-day calendar: the notices shipped with the code plus the years an admin has
 * loaded. A loaded year is never replaced through the API; a mistake is a database repair,
 * since deadlines already computed from it would silently move.
 */
export class HolidayNoticesService {
  private readonly loadedCalendar: ExpiringLoad<{ extra: HolidayNotice[]; calendar: WorkCalendar }>;

  /** `ttlMs` bounds how long another instance's load stays unseen; this instance's own load refreshes at once. */
  constructor(
    private readonly ds: DataSource,
    ttlMs = 60_000,
    private readonly now: () => Date = () => new Date(),
    /** Tells the running cases (their provisional clocks are computed again); answers how many. */
    private readonly onLoaded: (notices: HolidayNotice[]) => Promise<number> = async () => 0,
  ) {
    this.loadedCalendar = new ExpiringLoad(async () => {
      const extra = (await this.loadedRows()).map((r) => r.data);
      return { extra, calendar: new WorkCalendar([...BUILT_IN_NOTICES, ...extra]) };
    }, ttlMs);
  }

  async calendar(): Promise<WorkCalendar> {
    return (await this.state()).calendar;
  }

  /** The loaded notices (not the built-in ones), by year ascending. */
  async extraNotices(): Promise<HolidayNotice[]> {
    return (await this.state()).extra;
  }

  async list(): Promise<HolidayNoticeSummary[]> {
    const rows = await this.ds.getRepository(HolidayNoticeEntity).find({ order: { year: 'ASC' } });
    const builtIn: HolidayNoticeSummary[] = BUILT_IN_NOTICES.map((n) => ({ year: n.year, notice: n.notice, publishedOn: n.publishedOn, builtIn: true }));
    return [...builtIn, ...rows.map(summaryOf)].sort((a, b) => a.year - b.year);
  }

  async load(body: unknown, caller: Caller): Promise<Reply<LoadedHolidayNotice>> {
    if (!hasAnyRole(caller, LOAD_ROLES)) {
      return RoutingFailures.fail('HOLIDAY_NOTICE_FORBIDDEN');
    }
    const parsed = parseHolidayNotice(body);
    if (!parsed.ok) {
      return RoutingFailures.fail(
        'HOLIDAY_NOTICE_INVALID',
        parsed.errors.map((e) => ({ path: e.path || '(body)', message: e.message })),
      );
    }
    const notice = parsed.notice;
    const builtIn = BUILT_IN_NOTICES.find((n) => n.year === notice.year);
    if (builtIn) {
      return RoutingFailures.fail('HOLIDAY_NOTICE_BUILT_IN', { year: notice.year, notice: builtIn.notice });
    }
    const loaded = await this.loadedRows();
    const existing = loaded.find((r) => r.year === notice.year);
    if (existing) return fail(this.alreadyLoaded(existing));
    try {
      new WorkCalendar([...BUILT_IN_NOTICES, ...loaded.map((r) => r.data), notice]);
    } catch (e) {
      if (!(e instanceof CalendarException)) throw e;
      return RoutingFailures.fail('HOLIDAY_NOTICE_MISFITS_CALENDAR', { reason: e.message }, [{ path: '(body)', message: e.message }]);
    }

    const row: HolidayNoticeEntity = {
      year: notice.year,
      notice: notice.notice,
      publishedOn: notice.publishedOn,
      data: notice,
      loadedBy: caller.username,
      loadedAt: this.now(),
    };
    // Two admins loading the same year at once: the primary key decides, the second gets the 409.
    const inserted = (await this.ds.query(
      `INSERT INTO intake.holiday_notices (year, notice, published_on, data, loaded_by, loaded_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6) ON CONFLICT (year) DO NOTHING RETURNING year`,
      [row.year, row.notice, row.publishedOn, JSON.stringify(row.data), row.loadedBy, row.loadedAt],
    )) as unknown[];
    if (inserted.length === 0) {
      const winner = await this.ds.getRepository(HolidayNoticeEntity).findOneBy({ year: notice.year });
      return fail(winner ? this.alreadyLoaded(winner) : RoutingFailures.problem('HOLIDAY_NOTICE_ALREADY_LOADED', { year: notice.year }));
    }
    this.loadedCalendar.clear();
    // Running cases learn the year before the admin's answer: their provisional clocks are computed again.
    await this.onLoaded(await this.extraNotices());
    return ok({ ...summaryOf(row), daysOff: notice.daysOff, adjustedWorkdays: notice.adjustedWorkdays });
  }

  private alreadyLoaded(existing: HolidayNoticeEntity) {
    return RoutingFailures.problem('HOLIDAY_NOTICE_LOADED_BY', {
      year: existing.year,
      at: formatChinaTime(existing.loadedAt),
      by: existing.loadedBy,
      notice: existing.notice,
    });
  }

  private loadedRows(): Promise<HolidayNoticeEntity[]> {
    return this.ds.getRepository(HolidayNoticeEntity).find({ order: { year: 'ASC' } });
  }

  private state(): Promise<{ extra: HolidayNotice[]; calendar: WorkCalendar }> {
    return this.loadedCalendar.get();
  }
}

function summaryOf(r: HolidayNoticeEntity): HolidayNoticeSummary {
  // The stored notice is the source; published_on is a copy for queries.
  return { year: r.year, notice: r.notice, publishedOn: r.data.publishedOn, builtIn: false, loadedBy: r.loadedBy, loadedAt: formatChinaTime(r.loadedAt) };
}
