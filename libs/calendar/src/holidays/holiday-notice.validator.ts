import { formatDayNumber, isWeekend, parseCivilDate, toDayNumber } from '../civil-date';
import type { HolidayNotice } from './holiday-notice';

export interface NoticeIssue {
  /** Where the problem is, e.g. `daysOff[3]`; '' for the whole document. */
  readonly path: string;
  /** zh-CN first, then English. */
  readonly message: string;
}

export type ParseNoticeResult = { readonly ok: true; readonly notice: HolidayNotice } | { readonly ok: false; readonly errors: readonly NoticeIssue[] };

interface ListedDay {
  readonly day: number;
  readonly path: string;
}

const KNOWN_KEYS = new Set(['year', 'notice', 'publishedOn', 'daysOff', 'adjustedWorkdays']);
const MIN_YEAR = 1949;
const MAX_YEAR = 2999;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a notice an admin uploads (JSON) before it may change any deadline.
 * Collects every problem instead of stopping at the first, so one round trip fixes them all.
 */
export function parseHolidayNotice(json: unknown): ParseNoticeResult {
  const errors: NoticeIssue[] = [];
  const issue = (path: string, zh: string, en: string): void => {
    errors.push({ path, message: `${zh} / ${en}` });
  };

  if (!isRecord(json)) {
    issue('', '节假日通知应为 JSON 对象', 'a holiday notice must be a JSON object');
    return { ok: false, errors };
  }
  for (const key of Object.keys(json)) {
    // Reject typos such as "adjustedWorkday" instead of silently dropping the data.
    if (!KNOWN_KEYS.has(key)) issue(key, `未知字段“${key}”`, `unknown field "${key}"`);
  }

  const year = json['year'];
  const validYear = typeof year === 'number' && Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR ? year : undefined;
  if (validYear === undefined) {
    issue('year', `年份应为 ${MIN_YEAR}–${MAX_YEAR} 之间的整数`, `year must be an integer between ${MIN_YEAR} and ${MAX_YEAR}`);
  }

  const notice = json['notice'];
  if (typeof notice !== 'string' || notice.trim() === '') {
    issue('notice', '通知文号不能为空', 'notice (document number) must be a non-empty string');
  }

  const publishedOn = json['publishedOn'];
  if (typeof publishedOn !== 'string' || !parseCivilDate(publishedOn)) {
    issue('publishedOn', '发布日期应为有效的 YYYY-MM-DD 日期', 'publishedOn must be a valid YYYY-MM-DD date');
  }

  const readDates = (field: 'daysOff' | 'adjustedWorkdays'): ListedDay[] => {
    const value = json[field];
    if (!Array.isArray(value)) {
      issue(field, '应为日期字符串数组', 'must be an array of YYYY-MM-DD strings');
      return [];
    }
    const seen = new Set<number>();
    const days: ListedDay[] = [];
    value.forEach((item: unknown, i) => {
      const path = `${field}[${i}]`;
      const date = typeof item === 'string' ? parseCivilDate(item) : undefined;
      if (!date) {
        issue(path, `“${String(item)}”不是有效的 YYYY-MM-DD 日期`, `"${String(item)}" is not a valid YYYY-MM-DD date`);
        return;
      }
      if (validYear !== undefined && date.year !== validYear) {
        issue(path, `${String(item)} 不在 ${validYear} 年内`, `${String(item)} is not in year ${validYear}`);
      }
      const day = toDayNumber(date);
      if (seen.has(day)) {
        issue(path, `${String(item)} 重复列出`, `${String(item)} is listed twice`);
        return;
      }
      seen.add(day);
      days.push({ day, path });
    });
    return days;
  };

  const daysOff = readDates('daysOff');
  const adjusted = readDates('adjustedWorkdays');

  if (Array.isArray(json['daysOff']) && json['daysOff'].length === 0) {
    issue('daysOff', '放假日期不能为空', 'daysOff must not be empty');
  }
  const off = new Set(daysOff.map((d) => d.day));
  for (const { day, path } of adjusted) {
    const date = formatDayNumber(day);
    if (off.has(day)) {
      issue(path, `${date} 同时被列为放假日和调休上班日`, `${date} is both a day off and an adjusted working day`);
    }
    if (!isWeekend(day)) {
      issue(path, `调休上班日 ${date} 不是周六或周日`, `adjusted working day ${date} is not a Saturday or Sunday`);
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  const sorted = (days: ListedDay[]): readonly string[] =>
    Object.freeze(
      days
        .map((d) => d.day)
        .sort((a, b) => a - b)
        .map(formatDayNumber),
    );
  return {
    ok: true,
    notice: Object.freeze({
      year: validYear as number,
      notice: (notice as string).trim(),
      publishedOn: publishedOn as string,
      daysOff: sorted(daysOff),
      adjustedWorkdays: sorted(adjusted),
    }),
  };
}
