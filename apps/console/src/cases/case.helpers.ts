import type { DisputeAction } from '@fengqiao/contracts';
import { kindModule } from '@fengqiao/rules';
import type { BoardReason, BoardView, CaseView, LiveCaseEvent, WarningColour } from '../api/api.types';

export const WARNING_COLOURS: Record<WarningColour, string> = { green: '#389e0d', yellow: '#d48806', red: '#cf1322' };
/** The colours in the order the screens list them: the most urgent first. */
export const WARNINGS: WarningColour[] = ['red', 'yellow', 'green'];

/** When the first reply is due: the running clock if there is one, else the registered deadline. */
export function firstReplyDue(c: CaseView): string | null {
  return c.clocks?.find((k) => k.kind === 'first-reply')?.due ?? c.deadlines?.firstReplyDue ?? null;
}

/** The first-contact queue: the soonest due first; a case with no due time last. */
export function byFirstReplyDue(cases: CaseView[]): CaseView[] {
  const t = (c: CaseView) => {
    const d = firstReplyDue(c);
    return d ? Date.parse(d) : Number.POSITIVE_INFINITY;
  };
  return [...cases].sort((a, b) => t(a) - t(b) || a.caseNo.localeCompare(b.caseNo));
}

/** A mediator's own cases: the list API answers the whole subtree, the mediator filters by name. */
export function assignedTo(cases: CaseView[], username: string): CaseView[] {
  return cases.filter((c) => c.mediator?.username === username);
}

/** The whistle inbox (吹哨): joint-handling cases that summon the officer's department. */
export function summoning(cases: CaseView[], department: string | null | undefined): CaseView[] {
  if (!department) return [];
  return cases.filter((c) => c.status === 'joint-handling' && (c.joint?.parts ?? []).some((p) => p.department === department));
}

/** The officer's part of a case: reported in? result filed? */
export function partOf(c: CaseView, department: string | null | undefined) {
  return (c.joint?.parts ?? []).find((p) => p.department === department) ?? null;
}

/**
 * The newer of two views of a case: its timeline only grows (every change adds a step), so the
 * longer one; at a tie the one updated later, else the one arriving.
 */
export function newerView(held: CaseView | undefined, next: CaseView): CaseView {
  if (!held || held.id !== next.id) return next;
  if (held.timeline.length !== next.timeline.length) return held.timeline.length > next.timeline.length ? held : next;
  return Date.parse(held.updatedAt) > Date.parse(next.updatedAt) ? held : next;
}

/**
 * Whether live events tell of something the view does not show yet. A step the view's timeline
 * has (same type, same instant), such as the answer to one's own action, needs no refetch;
 * null (the stream (re)opened) or an event without a time may hide anything.
 */
export function needsRefetch(view: CaseView | undefined, events: Array<Pick<LiveCaseEvent, 'type' | 'at'>> | null): boolean {
  if (!view || !events) return true;
  return events.some((e) => {
    const at = e.at ? Date.parse(e.at) : Number.NaN;
    return Number.isNaN(at) || !view.timeline.some((s) => s.type === e.type && Date.parse(s.at) === at);
  });
}

/** Clocks that colour the case, soonest due first. */
export function runningClocks(c: CaseView) {
  return [...(c.clocks ?? [])].sort((a, b) => Date.parse(a.due) - Date.parse(b.due));
}

export interface BoardRow {
  orgUnit: string;
  parent: string | null;
  level: number;
  red: number;
  yellow: number;
  green: number;
  total: number;
  complaints: number;
  card: WarningColour;
  reasons: BoardReason[];
  /** The case list query behind each count, as the API gave it. */
  cases: Record<WarningColour | 'complaints', string>;
}

/**
 * The three-colour board's rows from `GET /api/v1/board`, in the API's order (the unit asked
 * about, then its subtree in path order). Counts are the API's, not recounted from case lists.
 */
export function boardRows(view: Pick<BoardView, 'units'> | null | undefined): BoardRow[] {
  return (view?.units ?? []).map((u) => ({
    orgUnit: u.orgUnit,
    parent: u.parent,
    level: u.level,
    red: u.open.red ?? 0,
    yellow: u.open.yellow ?? 0,
    green: u.open.green ?? 0,
    total: (u.open.red ?? 0) + (u.open.yellow ?? 0) + (u.open.green ?? 0),
    complaints: u.complaints,
    card: u.card,
    reasons: u.reasons,
    cases: u.cases,
  }));
}

/** "2026-11-20T09:30:00+08:00" → "2026-11-20 09:30" in Beijing time, whatever the browser's zone. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/** Time left until `due` in words ("剩余 2天3小时" / "已超时 5小时"). */
export function timeLeft(due: string | null | undefined, now: number, lang: 'zh' | 'en'): string {
  if (!due) return '';
  const ms = Date.parse(due) - now;
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86_400_000);
  const hours = Math.floor((abs % 86_400_000) / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const span =
    lang === 'zh'
      ? (days ? `${days}天` : '') + (days || hours ? `${hours}小时` : `${minutes}分钟`)
      : (days ? `${days}d ` : '') + (days || hours ? `${hours}h` : `${minutes}m`);
  if (lang === 'zh') return ms >= 0 ? `剩余 ${span}` : `已超时 ${span}`;
  return ms >= 0 ? `${span} left` : `${span} overdue`;
}

/** The countdown shown beside a due time: none once the case is closed (nothing is due any more). */
export function countdown(c: Pick<CaseView, 'status'>, due: string | null | undefined, now: number, lang: 'zh' | 'en'): string {
  return c.status === 'closed' ? '' : timeLeft(due, now, lang);
}

/** "due（countdown）", or the due time alone for a closed case. */
export function dueWithCountdown(
  c: Pick<CaseView, 'status'>,
  due: string | null | undefined,
  now: number,
  lang: 'zh' | 'en',
  join: (left: string) => string = (left) => `（${left}）`,
): string {
  const left = countdown(c, due, now, lang);
  return `${formatTime(due)}${left ? join(left) : ''}`;
}

/** The `from`/`to` of a stats query for the last `days` days, ending today (Beijing). */
export function periodOf(days: number, now: number): { from: string; to: string } {
  const day = (t: number) => new Date(t + 8 * 3600_000).toISOString().slice(0, 10);
  return { from: day(now - (days - 1) * 86_400_000), to: day(now) };
}

export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  return `${(rate * 100).toFixed(1)}%`;
}

/** Now as ISO 8601 with the +08:00 offset the API expects (Beijing time). */
export function beijingIso(now: number): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00';
}

/**
 * The buttons to show: allowed now, the person's role may take it (the kind's declaration in
 * libs/rules, as intake checks it), and for officers their own part is still open.
 */
export function actionsFor(c: CaseView, roles: string[], department: string | null): DisputeAction[] {
  const part = partOf(c, department);
  const actions = kindModule(c.kind)?.actions ?? {};
  // The stage's actions, then the clock controls (pause, resume, extension) open now.
  return [...(c.allowedActions ?? []), ...(c.clockActions ?? [])].filter((a): a is DisputeAction => {
    if (!(actions[a]?.roles ?? []).some((r) => roles.includes(r))) return false;
    if (a === 'report-in') return !!part && !part.reportedInAt;
    if (a === 'dept-result') return !!part && !!part.reportedInAt && !part.resultAt;
    return true;
  });
}
