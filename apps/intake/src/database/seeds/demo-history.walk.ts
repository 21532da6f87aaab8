import { defaultCalendar, type Period } from '@fengqiao/calendar';
import {
  defaultRoutingRules,
  type CaseClock,
  type CaseKind,
  type CaseStatus,
  type ProcessResume,
  type RoutingRule,
  type Severity,
  type WarningColour,
  type CaseStepType,
} from '@fengqiao/contracts';
import { startClock, startClockOn } from '@fengqiao/rules';

/**
 * One case of the demo history walked along its path (demo-history.plan.ts decides what happens):
 * its steps with the state after each, the clocks that turn yellow and red between steps, and where
 * an open case stands at the end — what its process starts from.
 */

export const SYSTEM = 'system';

export interface PlannedStep {
  seq: number;
  type: CaseStepType;
  actor: string;
  at: number;
  detail: Record<string, unknown>;
  status: string;
  outcome: string | null;
  warning: WarningColour;
  rating: number | null;
}

export interface PlannedMediator {
  id: string;
  name: string;
  team: string;
  username: string | null;
}

export interface PlannedCase {
  id: string;
  orgUnit: string;
  kind: CaseKind;
  category: string;
  severity: Severity;
  channel: string;
  title: string;
  description: string;
  registeredAt: number;
  registeredBy: string;
  parties: Array<{ role: 'applicant' | 'respondent'; name: string }>;
  rule: RoutingRule | null;
  firstReplyDue: number;
  mediationDue: number | null;
  jointHandlingDue: number | null;
  steps: PlannedStep[];
  /** The state after the last step before the end. */
  status: string;
  outcome: string | null;
  warning: WarningColour;
  rating: number | null;
  mediator: PlannedMediator | null;
  joint: {
    leadOrgUnit: string;
    reason: string;
    parts: Array<{ department: string; orgUnit: string; reportedInAt: string | null; resultAt: string | null }>;
  } | null;
  clocks: CaseClock[];
  /** Red clocks still running at the end: open supervision items (督办). */
  supervision: Array<{ clockId: string; orgUnit: string; reason: string; due: number; openedAt: number }>;
  /** Where an open case stands at the end (its process starts there); null once closed. */
  resume: ProcessResume | null;
}

interface SimClock {
  id: string;
  kind: CaseClock['kind'];
  owner: string;
  orgUnit: string;
  startedAt: number;
  yellowAt: number;
  due: number;
  colour: WarningColour;
  counts: boolean;
  provisional: boolean;
}

const RANK: Record<WarningColour, number> = { green: 0, yellow: 1, red: 2 };

/** One case walked along its path; steps at or after `end` are not recorded (the case is still there). */
export class CaseWalk {
  readonly steps: PlannedStep[] = [];
  clocks: SimClock[] = [];
  status = 'first-contact';
  outcome: string | null = null;
  rating: number | null = null;
  cut = false;
  private readonly calendar = defaultCalendar();

  constructor(
    private readonly c: { orgUnit: string; rule: RoutingRule | null },
    private readonly end: number,
  ) {}

  warning(): WarningColour {
    return this.clocks.filter((k) => k.counts).reduce<WarningColour>((w, k) => (RANK[k.colour] > RANK[w] ? k.colour : w), 'green');
  }

  /** A clock as the processes start it (libs/rules startClock): the same due and yellow instants. */
  start(
    id: string,
    kind: CaseClock['kind'],
    period: keyof RoutingRule['periods'],
    at: number,
    o: { owner?: string; orgUnit?: string; counts?: boolean } = {},
  ): SimClock {
    const rule = this.c.rule ?? defaultRoutingRules([])[0]!;
    const k = startClock(
      this.calendar,
      rule,
      { id, kind, owner: o.owner ?? 'centre', orgUnit: o.orgUnit ?? this.c.orgUnit, period, counts: o.counts ?? true },
      at,
    );
    return this.keep(k, at);
  }

  /** A clock on a period given as data (the petition regulation's), as the petition process starts it. */
  startOn(id: string, period: Period, yellowAt: number, at: number, o: { owner?: string; counts?: boolean } = {}): SimClock {
    const k = startClockOn(
      this.calendar,
      period,
      yellowAt,
      { id, kind: id as CaseClock['kind'], owner: o.owner ?? 'centre', orgUnit: this.c.orgUnit, counts: o.counts ?? true },
      at,
    );
    return this.keep(k, at);
  }

  private keep(k: CaseClock, at: number): SimClock {
    const clock: SimClock = { ...k, startedAt: at, yellowAt: Date.parse(k.yellowAt), due: Date.parse(k.due), counts: k.counts };
    this.clocks = [...this.clocks.filter((x) => x.id !== k.id), clock];
    return clock;
  }

  stop(id: string) {
    this.clocks = this.clocks.filter((k) => k.id !== id);
  }

  /** A step at `at`: first the colour changes of the clocks that ran out before it. */
  step(type: CaseStepType, actor: string, at: number, detail: Record<string, unknown>, change: () => void = () => undefined): boolean {
    if (this.cut) return false;
    this.tick(Math.min(at, this.end));
    if (at >= this.end) {
      this.cut = true;
      return false;
    }
    change();
    this.record(type, actor, at, detail);
    return true;
  }

  private tick(until: number) {
    for (;;) {
      const next = this.clocks
        .filter((k) => k.counts && k.colour !== 'red')
        .map((k) => ({
          k,
          t: k.colour === 'green' ? k.yellowAt : k.due,
          to: (k.colour === 'green' ? (k.yellowAt >= k.due ? 'red' : 'yellow') : 'red') as WarningColour,
        }))
        .filter((x) => x.t < until)
        .sort((a, b) => a.t - b.t)[0];
      if (!next) return;
      const from = next.k.colour;
      next.k.colour = next.to;
      this.record('warning-changed', SYSTEM, next.t, {
        clock: next.k.id,
        kind: next.k.kind,
        owner: next.k.owner,
        orgUnit: next.k.orgUnit,
        from,
        to: next.to,
        due: new Date(next.k.due).toISOString(),
      });
    }
  }

  private record(type: CaseStepType, actor: string, at: number, detail: Record<string, unknown>) {
    this.steps.push({
      seq: this.steps.length + 1,
      type,
      actor,
      at,
      detail,
      status: this.status,
      outcome: this.outcome,
      warning: this.warning(),
      rating: this.rating,
    });
  }

  caseClocks(): CaseClock[] {
    const iso = (ms: number) => new Date(ms).toISOString();
    return this.clocks.map((k) => ({
      id: k.id,
      kind: k.kind,
      owner: k.owner,
      orgUnit: k.orgUnit,
      startedAt: iso(k.startedAt),
      yellowAt: iso(k.yellowAt),
      due: iso(k.due),
      colour: k.colour,
      provisional: k.provisional,
      counts: k.counts,
    }));
  }
}

/**
 * Steps that begin the stage a case is then in, so its clock runs from them: the reply (first
 * contact goes on from it, or feedback is due), the assignment (mediation), the escalation (joint
 * handling), the conclusion (feedback), the feedback (the rating wait), the rating (a low one: review).
 */
const STAGE_STARTS = new Set(['replied', 'assigned', 'escalated', 'concluded', 'feedback-recorded', 'rated', 'petition-accepted', 'petition-replied']);
/** A petition's rating does not begin a stage: its review window runs from the reply. */
const PETITION_STATUSES_RATED_IN: readonly string[] = ['replied'];

/** Where an open case stands after its steps: what its process takes over (null once closed). */
export function resumeOf(c: Pick<PlannedCase, 'status' | 'outcome' | 'mediator' | 'registeredAt' | 'steps'>): ProcessResume | null {
  if (c.status === 'closed') return null;
  const stageStart = [...c.steps].reverse().find((s) => STAGE_STARTS.has(s.type) && !(s.type === 'rated' && PETITION_STATUSES_RATED_IN.includes(c.status)));
  return {
    status: c.status as CaseStatus,
    seq: c.steps.length ? c.steps[c.steps.length - 1]!.seq : 0,
    stageStartedAt: new Date(stageStart?.at ?? c.registeredAt).toISOString(),
    outcome: c.outcome as ProcessResume['outcome'],
    mediator: c.mediator,
    feedbackRecorded: c.steps.some((s) => s.type === 'feedback-recorded'),
  };
}
