import type { WorkCalendar } from '@fengqiao/calendar';
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

/** A new green clock from `at` (epoch ms), its due date computed by the calendar in the rule's unit. */
export function startClock(calendar: WorkCalendar, rule: RoutingRule, spec: ClockSpec, at: number): CaseClock {
  const { due, provisional } = calendar.addPeriod(new Date(at), rule.periods[spec.period]);
  const dueMs = Math.max(at, due.getTime());
  return {
    id: spec.id,
    kind: spec.kind,
    owner: spec.owner,
    orgUnit: spec.orgUnit,
    startedAt: iso(at),
    yellowAt: iso(at + Math.round((dueMs - at) * rule.yellowAt)),
    due: iso(dueMs),
    colour: 'green',
    provisional,
    counts: spec.counts ?? true,
  };
}

/** Yellow once the yellow point is reached, red only once the due instant has passed. */
export function colourAt(clock: CaseClock, now: number): WarningColour {
  if (now > Date.parse(clock.due)) return 'red';
  return now >= Date.parse(clock.yellowAt) ? 'yellow' : 'green';
}

/** When the clock next changes colour, or undefined once it is red. */
export function nextChangeAt(clock: CaseClock): number | undefined {
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

export const partClockId = (kind: 'report-in' | 'department-result', department: string, orgUnit: string) => `${kind}:${department}@${orgUnit}`;

/** The clock every case starts with: the first reply (首问), from registration, in the centre's unit. */
export function firstReplyClock(calendar: WorkCalendar, rule: RoutingRule, orgUnit: string, registeredAt: number): CaseClock {
  return startClock(calendar, rule, { id: 'first-reply', kind: 'first-reply', owner: 'centre', orgUnit, period: 'firstReply' }, registeredAt);
}
