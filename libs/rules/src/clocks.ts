import type { Period, WorkCalendar } from '@fengqiao/calendar';
import type { CaseClock, PeriodName, RoutingRule, WarningColour } from '@fengqiao/contracts';

/** What starts a clock; the rule gives its period and yellow point. */
export interface ClockSpec {
  id: string;
  kind: CaseClock['kind'];
  owner: string;
  orgUnit: string;
  period: PeriodName;
  /** False for windows that do not colour the case (the parties' judicial-confirmation window, the rating wait). */
  counts?: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The routing period each kind of clock runs on (a petition's clocks run on the regulation's periods instead). */
const PERIOD_OF: Partial<Record<CaseClock['kind'], PeriodName>> = {
  'first-reply': 'firstReply',
  'first-contact': 'firstContact',
  mediation: 'mediation',
  'joint-handling': 'jointHandling',
  'report-in': 'reportIn',
  'department-result': 'departmentResult',
  feedback: 'feedback',
  rating: 'rating',
  'judicial-confirmation': 'judicialConfirmation',
  'return-visit': 'returnVisit',
};

/** A new green clock from `at` (epoch ms), its due date computed by the calendar in the rule's unit. */
export function startClock(calendar: WorkCalendar, rule: RoutingRule, spec: ClockSpec, at: number): CaseClock {
  return startClockOn(calendar, rule.periods[spec.period], rule.yellowAt, spec, at);
}

/** A clock on a period given as data, not by a routing rule (the petition regulation's periods). */
export function startClockOn(calendar: WorkCalendar, period: Period, yellowAt: number, spec: Omit<ClockSpec, 'period'>, at: number): CaseClock {
  const { due, provisional } = calendar.addPeriod(new Date(at), period);
  const dueMs = Math.max(at, due.getTime());
  return {
    id: spec.id,
    kind: spec.kind,
    owner: spec.owner,
    orgUnit: spec.orgUnit,
    startedAt: iso(at),
    yellowAt: iso(at + Math.round((dueMs - at) * yellowAt)),
    due: iso(dueMs),
    colour: 'green',
    provisional,
    counts: spec.counts ?? true,
  };
}

/** Yellow once the yellow point is reached, red only once the due instant has passed; a stopped clock keeps its colour. */
export function colourAt(clock: CaseClock, now: number): WarningColour {
  if (clock.pausedAt) return clock.colour;
  if (now > Date.parse(clock.due)) return 'red';
  return now >= Date.parse(clock.yellowAt) ? 'yellow' : 'green';
}

/** When the clock next changes colour, or undefined once it is red. */
export function nextChangeAt(clock: CaseClock): number | undefined {
  if (clock.pausedAt) return undefined;
  if (clock.colour === 'green') return Date.parse(clock.yellowAt);
  if (clock.colour === 'yellow') return Date.parse(clock.due) + 1;
  return undefined;
}

/** The earliest colour change among the running clocks. */
export function nextChange(clocks: readonly CaseClock[]): number | undefined {
  let next: number | undefined;
  for (const c of clocks) {
    const at = nextChangeAt(c);
    if (at !== undefined && (next === undefined || at < next)) next = at;
  }
  return next;
}

const RANK: Record<WarningColour, number> = { green: 0, yellow: 1, red: 2 };

/** The case's colour: the worst of the clocks that count. */
export function worstColour(clocks: readonly CaseClock[]): WarningColour {
  let worst: WarningColour = 'green';
  for (const c of clocks) if (c.counts && RANK[c.colour] > RANK[worst]) worst = c.colour;
  return worst;
}

/**
 * When a case is next expected to move (Open311's `expected_datetime`): the earliest due time of its
 * running clocks that colour it — a stopped clock has no due time yet, a parties' window or the rating
 * wait is not the platform's to keep — and none once the case is closed.
 */
export function expectedDue(c: { status: string; clocks: readonly CaseClock[] }): string | null {
  if (c.status === 'closed') return null;
  let earliest: number | undefined;
  for (const k of c.clocks) {
    if (k.counts === false || k.pausedAt) continue;
    const due = Date.parse(k.due);
    if (earliest === undefined || due < earliest) earliest = due;
  }
  return earliest === undefined ? null : iso(earliest);
}

export const partClockId = (kind: 'report-in' | 'department-result', department: string, orgUnit: string) => `${kind}:${department}@${orgUnit}`;

/** The clock every case starts with: the first reply (首问), from registration, in the centre's unit. */
export function firstReplyClock(calendar: WorkCalendar, rule: RoutingRule, orgUnit: string, registeredAt: number): CaseClock {
  return startClock(calendar, rule, { id: 'first-reply', kind: 'first-reply', owner: 'centre', orgUnit, period: 'firstReply' }, registeredAt);
}

/** Stops a clock from `at` (epoch ms): it keeps its colour and no longer counts. */
export function pauseClock(clock: CaseClock, at: number, reason: string): void {
  if (clock.pausedAt) return;
  clock.pausedAt = iso(at);
  clock.pauseReason = reason;
}

/** Resumes a stopped clock at `at`: the stop is excluded from the period (due and yellow point move by it). */
export function resumeClock(clock: CaseClock, at: number): number {
  if (!clock.pausedAt) return 0;
  const stopped = Math.max(0, at - Date.parse(clock.pausedAt));
  clock.pausedMs = (clock.pausedMs ?? 0) + stopped;
  clock.due = iso(Date.parse(clock.due) + stopped);
  clock.yellowAt = iso(Date.parse(clock.yellowAt) + stopped);
  clock.pausedAt = null;
  clock.pauseReason = null;
  return stopped;
}

/** The yellow point as the same share of the (new) period. */
function rescale(clock: CaseClock, newDue: number): void {
  const start = Date.parse(clock.startedAt);
  const oldDue = Date.parse(clock.due);
  const share = oldDue > start ? (Date.parse(clock.yellowAt) - start) / (oldDue - start) : 0.8;
  clock.due = iso(newDue);
  clock.yellowAt = iso(start + Math.round((newDue - start) * share));
}

/** An approved extension: `days` calendar days on the due date (§203 roll-over on a holiday). */
export function extendClock(clock: CaseClock, calendar: WorkCalendar, days: number): void {
  const { due, provisional } = calendar.addPeriod(new Date(Date.parse(clock.due)), { amount: days, unit: 'days' });
  rescale(clock, due.getTime());
  clock.extendedDays = (clock.extendedDays ?? 0) + days;
  clock.provisional = clock.provisional || provisional;
}

/**
 * A clock computed into a year whose holidays were not loaded (weekends only) is computed again once
 * they are, with its stops and extensions kept. Returns whether its due date moved. `period`: the
 * clock's own period when it is not a routing rule's (a petition's).
 */
export function recomputeProvisional(clock: CaseClock, calendar: WorkCalendar, rule: RoutingRule | null, period?: Period): boolean {
  const name = PERIOD_OF[clock.kind];
  const basePeriod = period ?? (rule && name ? rule.periods[name] : undefined);
  if (!clock.provisional || !basePeriod) return false;
  const base = calendar.addPeriod(new Date(Date.parse(clock.startedAt)), basePeriod);
  let due = base.due.getTime();
  let provisional = base.provisional;
  if (clock.extendedDays) {
    const ext = calendar.addPeriod(new Date(due), { amount: clock.extendedDays, unit: 'days' });
    due = ext.due.getTime();
    provisional = provisional || ext.provisional;
  }
  due += clock.pausedMs ?? 0;
  const before = clock.due;
  rescale(clock, Math.max(Date.parse(clock.startedAt), due));
  clock.provisional = provisional;
  return clock.due !== before;
}

/** A 12345 work order's deadline is warned of this long before it falls (the centre's own clock; docs/hotline-12345.md). */
export const HOTLINE_DEADLINE_WARNING_LEAD_MS = 24 * 60 * 60 * 1000;

/** When a 12345 order's deadline run warns: the lead time before the deadline, or at once if that has passed. */
export function hotlineDeadlineWarnAt(deadlineMs: number, nowMs: number): number {
  return Math.max(nowMs, deadlineMs - HOTLINE_DEADLINE_WARNING_LEAD_MS);
}
