import {
  MAX_SPECIAL_PERIOD_DAYS,
  type KeyPersonObligation,
  type KeyPersonRiskLevel,
  type KeyPersonSupervisionInput,
  type KeyPersonSupervisionState,
  type ObligationRef,
  type SpecialPeriodRef,
  type SupervisionObligation,
} from '@fengqiao/contracts';
import { beijingDay, dailyReportDue, daysOf, keyPersonCadence, nextDue, obligationKey, type KeyPersonCadence } from '@fengqiao/rules';

/** What the run asks the key-persons service to do, in the order it happened (drained by the run). */
export type SupervisionEffect =
  | { kind: 'plan'; ref: ObligationRef }
  | { kind: 'met'; ref: ObligationRef; metAt: string }
  | { kind: 'warn'; ref: ObligationRef; colour: 'yellow' | 'red'; at: string };

type Periodic = Exclude<KeyPersonObligation, 'daily-report'>;

const iso = (ms: number) => new Date(ms).toISOString();
const later = (a: string | null, b: string): string => (a !== null && Date.parse(a) >= Date.parse(b) ? a : b);
/** The key a raised warning is remembered by: never twice for the same key, due time and colour. */
export const raisedKey = (key: string, dueAt: string, colour: 'yellow' | 'red') => `${key}@${dueAt}:${colour}`;

/**
 * The plan of one person's supervision, without I/O: obligations with their clocks, what has been
 * done, and the effects (plan, met, warn) the run still has to send. Pure and deterministic, so the
 * workflow stays a thin loop and every transition is testable without a server.
 */
export class SupervisionPlan {
  readonly cadence: KeyPersonCadence;
  readonly state: KeyPersonSupervisionState;
  readonly effects: SupervisionEffect[] = [];
  private readonly registeredAt: string;
  private readonly dailyReports: Set<string>;
  private readonly raised: Set<string>;

  /** `replanAll`: a fresh run tells the service every due time; a continuation already did. */
  constructor(input: KeyPersonSupervisionInput, replanAll: boolean) {
    this.cadence = keyPersonCadence(input.cadenceVersion);
    this.registeredAt = input.registeredAt;
    this.dailyReports = new Set(input.dailyReports ?? []);
    this.raised = new Set(input.raised ?? []);
    this.state = {
      personId: input.personId,
      orgUnit: input.orgUnit,
      riskLevel: input.riskLevel,
      cadenceVersion: this.cadence.version,
      lastContactAt: input.lastContactAt ?? null,
      lastAssessmentAt: input.lastAssessmentAt ?? null,
      lastSummaryAt: input.lastSummaryAt ?? null,
      obligations: [],
      specialPeriods: [],
      removed: false,
    };
    for (const o of ['contact', 'assessment', 'summary'] as const) this.replanPeriodic(o, replanAll);
    for (const p of input.specialPeriods ?? []) this.addSpecialPeriod(p, replanAll);
  }

  // ---- signals ----

  contactRecorded(at: string): void {
    this.done('contact', at, 'lastContactAt');
  }

  assessmentApproved(at: string, riskLevel: KeyPersonRiskLevel): void {
    this.done('assessment', at, 'lastAssessmentAt');
    this.state.riskLevel = riskLevel;
    this.replanPeriodic('contact');
  }

  /** The new interval counts from the last contact: a due already passed turns yellow/red at once (tick). */
  riskChanged(riskLevel: KeyPersonRiskLevel): void {
    this.state.riskLevel = riskLevel;
    this.replanPeriodic('contact');
  }

  summaryRecorded(at: string): void {
    this.done('summary', at, 'lastSummaryAt');
  }

  /** Every day of the period from the later of its start and the registration; a known period gains only new days. */
  addSpecialPeriod(p: SpecialPeriodRef, tell = true): void {
    const known = this.state.specialPeriods.findIndex((s) => s.periodId === p.periodId);
    if (known >= 0) this.state.specialPeriods[known] = { ...p };
    else this.state.specialPeriods.push({ ...p });
    const registered = beijingDay(Date.parse(this.registeredAt));
    const from = p.startsOn > registered ? p.startsOn : registered;
    // At most the longest period the API accepts, counted from its start: a period stored before that
    // bound (or sent by another client) must not plan more obligations than a workflow task can hold.
    for (const day of daysOf(p.startsOn, p.endsOn, MAX_SPECIAL_PERIOD_DAYS)) {
      if (day < from) continue;
      const key = obligationKey('daily-report', p.periodId, day);
      if (this.dailyReports.has(`${p.periodId}/${day}`) || this.find(key)) continue;
      const due = dailyReportDue(this.cadence, day);
      this.put({ key, obligation: 'daily-report', dueAt: iso(due.dueAt), redAt: iso(due.redAt), colour: 'green', periodId: p.periodId, day }, tell);
    }
  }

  dailyReportRecorded(periodId: string, day: string, at: string): void {
    this.dailyReports.add(`${periodId}/${day}`);
    const key = obligationKey('daily-report', periodId, day);
    const o = this.find(key);
    if (!o) return;
    this.effects.push({ kind: 'met', ref: this.ref(o), metAt: at });
    this.state.obligations = this.state.obligations.filter((x) => x.key !== key);
  }

  removed(): void {
    this.state.removed = true;
  }

  // ---- clocks ----

  /** Turns every obligation whose time has come yellow, then red; each warning is raised once. */
  tick(nowMs: number): void {
    for (const o of this.state.obligations) {
      if (nowMs >= Date.parse(o.dueAt) && o.colour === 'green') this.turn(o, 'yellow', nowMs);
      if (nowMs >= Date.parse(o.redAt) && o.colour !== 'red') this.turn(o, 'red', nowMs);
    }
  }

  /** The next instant a colour changes (undefined: nothing left to change). */
  nextChangeMs(): number | undefined {
    let next: number | undefined;
    for (const o of this.state.obligations) {
      const at = o.colour === 'green' ? Date.parse(o.dueAt) : o.colour === 'yellow' ? Date.parse(o.redAt) : undefined;
      if (at !== undefined && (next === undefined || at < next)) next = at;
    }
    return next;
  }

  /** The input of a continued run: what is done, the periods and the warnings that still matter. */
  continuation(input: KeyPersonSupervisionInput): KeyPersonSupervisionInput {
    const current = new Set(this.state.obligations.flatMap((o) => [raisedKey(o.key, o.dueAt, 'yellow'), raisedKey(o.key, o.dueAt, 'red')]));
    // A period's received reports keep its days from being planned again.
    const periods = new Set(this.state.specialPeriods.map((p) => p.periodId));
    return {
      ...input,
      riskLevel: this.state.riskLevel,
      cadenceVersion: this.cadence.version,
      lastContactAt: this.state.lastContactAt ?? undefined,
      lastAssessmentAt: this.state.lastAssessmentAt ?? undefined,
      lastSummaryAt: this.state.lastSummaryAt ?? undefined,
      specialPeriods: this.state.specialPeriods.map((p) => ({ ...p })),
      dailyReports: [...this.dailyReports].filter((r) => periods.has(r.slice(0, r.indexOf('/')))).sort(),
      raised: [...this.raised].filter((r) => current.has(r)).sort(),
    };
  }

  // ---- internals ----

  private done(obligation: Periodic, at: string, last: 'lastContactAt' | 'lastAssessmentAt' | 'lastSummaryAt'): void {
    const previous = this.state[last];
    // A late entry of an older one does not meet the open obligation (it counts from a later one).
    if (previous !== null && Date.parse(at) <= Date.parse(previous)) return;
    const o = this.find(obligation);
    if (o) this.effects.push({ kind: 'met', ref: this.ref(o), metAt: at });
    this.state[last] = later(previous, at);
    this.replanPeriodic(obligation);
  }

  private replanPeriodic(obligation: Periodic, tell = true): void {
    const last = obligation === 'contact' ? this.state.lastContactAt : obligation === 'assessment' ? this.state.lastAssessmentAt : this.state.lastSummaryAt;
    const due = nextDue(this.cadence, obligation, this.state.riskLevel, Date.parse(last ?? this.registeredAt));
    this.put({ key: obligationKey(obligation), obligation, dueAt: iso(due.dueAt), redAt: iso(due.redAt), colour: 'green' }, tell);
  }

  /** Sets (or re-plans) an obligation; an unchanged due time is not told again. The colour follows from the warnings raised. */
  private put(o: SupervisionObligation, tell: boolean): void {
    const existing = this.find(o.key);
    if (existing && existing.dueAt === o.dueAt && existing.redAt === o.redAt) return;
    o.colour = this.raised.has(raisedKey(o.key, o.dueAt, 'red')) ? 'red' : this.raised.has(raisedKey(o.key, o.dueAt, 'yellow')) ? 'yellow' : 'green';
    if (existing) Object.assign(existing, o);
    else this.state.obligations.push(o);
    if (tell) this.effects.push({ kind: 'plan', ref: this.ref(o) });
  }

  private turn(o: SupervisionObligation, colour: 'yellow' | 'red', nowMs: number): void {
    o.colour = colour;
    const k = raisedKey(o.key, o.dueAt, colour);
    if (this.raised.has(k)) return;
    this.raised.add(k);
    this.effects.push({ kind: 'warn', ref: this.ref(o), colour, at: iso(nowMs) });
  }

  private find(key: string): SupervisionObligation | undefined {
    return this.state.obligations.find((o) => o.key === key);
  }

  private ref(o: SupervisionObligation): ObligationRef {
    const ref: ObligationRef = { personId: this.state.personId, orgUnit: this.state.orgUnit, obligation: o.obligation, key: o.key, dueAt: o.dueAt };
    if (o.periodId !== undefined) ref.periodId = o.periodId;
    if (o.day !== undefined) ref.day = o.day;
    return ref;
  }
}
