import {
  KEY_PERSON_DECIDER_ROLES,
  KEY_PERSON_OFFICER_ROLES,
  KEY_PERSON_REGISTER_READER_ROLES,
  KEY_PERSON_RESPONSIBLE_STAFF_ROLES,
  KEY_PERSON_STATS_ROLES,
  beijingDay,
  daysOf,
  type AssessmentForm,
} from '@fengqiao/rules';
import type {
  ContactInput,
  DailyReportInput,
  KeyPersonCreateInput,
  KeyPersonRiskLevel,
  KeyPersonTaskView,
  MeasureInput,
  ResponsiblePersonInput,
  SpecialPeriodView,
} from '@fengqiao/contracts';
import { beijingInstant } from '../legal-aid/legal-aid.helpers';

/** What the signed-in person may do on the register, from the role lists of libs/rules (the gateway checks the same lists). */
export function keyPersonPowers(roles: readonly string[]) {
  const has = (list: readonly string[]) => list.some((r) => roles.includes(r));
  return {
    /** The masked register of their jurisdiction. */
    readRegister: has(KEY_PERSON_REGISTER_READER_ROLES),
    /** Add, assess, change risk, assign responsible persons, request removal, request an export. */
    keep: has(KEY_PERSON_OFFICER_ROLES),
    /** Approve assessments, removals, exports; declare special periods. */
    decide: has(KEY_PERSON_DECIDER_ROLES),
    /** May stand responsible for a person, so has a task list. */
    tasks: has(KEY_PERSON_RESPONSIBLE_STAFF_ROLES),
    stats: has(KEY_PERSON_STATS_ROLES),
  };
}

/** A contact may be recorded up to this far ahead of now (clocks differ a little); the service allows the same. */
export const CONTACT_CLOCK_SKEW_MS = 5 * 60_000;

export type TaskGroupKey = 'overdue' | 'today' | 'week' | 'special' | 'later';
export const TASK_GROUPS: readonly TaskGroupKey[] = ['overdue', 'today', 'week', 'special', 'later'];

/**
 * The responsible person's list in the order they work it: overdue first, then due today, this
 * week, the special-period daily reports not yet overdue, later. Each group by due time, most
 * urgent first. An overdue daily report stays with the overdue: it is late like any other.
 */
export function taskGroups(tasks: readonly KeyPersonTaskView[]): Record<TaskGroupKey, KeyPersonTaskView[]> {
  const out: Record<TaskGroupKey, KeyPersonTaskView[]> = { overdue: [], today: [], week: [], special: [], later: [] };
  for (const t of tasks) {
    if (t.bucket === 'overdue') out.overdue.push(t);
    else if (t.obligation === 'daily-report') out.special.push(t);
    else out[t.bucket].push(t);
  }
  for (const k of TASK_GROUPS) out[k].sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.personId.localeCompare(b.personId));
  return out;
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const opt = (v: unknown): string | undefined => str(v) || undefined;

export interface ContactValues {
  kind?: ContactInput['kind'];
  /** `YYYY-MM-DDTHH:mm` in Beijing time (a datetime-local input). */
  at?: string;
  place?: string;
  note?: string;
}

/**
 * The contact body from the form, or the field that is wrong: the time may not lie in the future
 * (the service says so too — CONTACT_IN_FUTURE — this only spares a field worker the round trip).
 */
export function contactBody(v: ContactValues, now: number): { body: ContactInput } | { error: { field: 'at'; key: 'kpContactFuture' } } {
  const at = beijingInstant(v.at);
  const t = Date.parse(at);
  if (!Number.isNaN(t) && t > now + CONTACT_CLOCK_SKEW_MS) return { error: { field: 'at', key: 'kpContactFuture' } };
  const body: ContactInput = { kind: v.kind as ContactInput['kind'], at, note: str(v.note) };
  const place = opt(v.place);
  if (place) body.place = place;
  return { body };
}

/** Now, in Beijing wall time, for a datetime-local input (`YYYY-MM-DDTHH:mm`). */
export function beijingLocalNow(now: number): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 16);
}

export interface CreateValues {
  name?: string;
  idNumber?: string;
  phone?: string;
  gender?: 'female' | 'male';
  address?: string;
  description?: string;
  category?: string;
  riskLevel?: KeyPersonRiskLevel;
  orgUnit?: string;
  reason?: string;
  responsible?: Array<Partial<ResponsiblePersonInput> | undefined>;
  measures?: Array<Partial<MeasureInput> | undefined>;
}

/** The create body from the form: text trimmed, empty optionals and half-filled rows left out. */
export function createBody(v: CreateValues): KeyPersonCreateInput {
  const body = {
    name: str(v.name),
    description: str(v.description),
    category: str(v.category),
    riskLevel: v.riskLevel as KeyPersonRiskLevel,
    orgUnit: str(v.orgUnit),
    reason: str(v.reason),
    responsible: (v.responsible ?? [])
      .filter((r): r is Partial<ResponsiblePersonInput> => !!r && !!str(r.username))
      .map((r) => ({ username: str(r.username), role: r.role as ResponsiblePersonInput['role'] })),
  } as KeyPersonCreateInput;
  const idNumber = opt(v.idNumber)?.toUpperCase();
  if (idNumber) body.idNumber = idNumber;
  const phone = opt(v.phone);
  if (phone) body.phone = phone;
  if (v.gender) body.gender = v.gender;
  const address = opt(v.address);
  if (address) body.address = address;
  const measures = (v.measures ?? [])
    .filter((m): m is Partial<MeasureInput> => !!m && !!str(m.text))
    .map((m) => ({ kind: m.kind as MeasureInput['kind'], text: str(m.text) }));
  if (measures.length) body.measures = measures;
  return body;
}

export type AssessmentPreview = { complete: true; score: number; proposedLevel: KeyPersonRiskLevel } | { complete: false; score: number; unanswered: string[] };

/**
 * The score so far of the form the API handed out (GET /assessment-form), and the level it would
 * propose once every question is answered. The service scores it again: this is only the preview.
 */
export function assessmentPreview(form: AssessmentForm, answers: Record<string, string | undefined>): AssessmentPreview {
  let score = 0;
  const unanswered: string[] = [];
  for (const q of form.questions) {
    const o = q.options.find((x) => x.id === answers[q.id]);
    if (o) score += o.score;
    else unanswered.push(q.id);
  }
  if (unanswered.length) return { complete: false, score, unanswered };
  const proposedLevel: KeyPersonRiskLevel = score >= form.thresholds.high ? 'high' : score >= form.thresholds.medium ? 'medium' : 'low';
  return { complete: true, score, proposedLevel };
}

/** The answers to send: only the form's questions, only those answered (a missing one gets the service's field error). */
export function assessmentAnswers(form: AssessmentForm, answers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const q of form.questions) {
    const a = answers[q.id];
    if (a) out[q.id] = a;
  }
  return out;
}

/** The days of a special period a leader can ask about: from its start up to today (Beijing), latest first. */
export function periodDaysSoFar(p: Pick<SpecialPeriodView, 'startsOn' | 'endsOn'>, now: number): string[] {
  const today = beijingDay(now);
  return daysOf(p.startsOn, p.endsOn)
    .filter((d) => d <= today)
    .reverse();
}

/** A daily report's body for the task it answers. */
export function dailyReportBody(
  task: Pick<KeyPersonTaskView, 'periodId' | 'day'>,
  v: { status?: DailyReportInput['status']; note?: string },
): DailyReportInput {
  return { periodId: task.periodId ?? '', day: task.day ?? '', status: v.status ?? 'stable', note: str(v.note) };
}

/** `{n}` and friends in a word. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
