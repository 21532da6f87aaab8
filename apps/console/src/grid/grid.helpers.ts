import { formatChinaTime } from '@fengqiao/calendar';
import type { FieldPosition, FieldReportInput, FieldReportKind, FieldReportView, KeyPersonTaskView } from '@fengqiao/contracts';
import type { CaseView } from '../api/api.types';
import { taskGroups } from '../key-persons/key-persons.helpers';

/** `hh:mm` of an instant in Beijing time (the check-in's "checked in at"). */
export function beijingClock(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return formatChinaTime(new Date(t)).slice(11, 16);
}

/** Why the phone gave no position, as the words the card shows (GeolocationPositionError codes 1–3; 0: no geolocation at all). */
export type GeoProblem = 'geoDenied' | 'geoUnavailable' | 'geoTimeout' | 'geoUnsupported';
export function geoProblem(code: number): GeoProblem {
  return code === 1 ? 'geoDenied' : code === 2 ? 'geoUnavailable' : code === 3 ? 'geoTimeout' : 'geoUnsupported';
}

/** The phone's reading as the API's position: WGS84 degrees, accuracy in whole metres within the contract's bound. */
export function fieldPosition(c: { longitude: number; latitude: number; accuracy?: number | null }): FieldPosition {
  const p: FieldPosition = { lng: c.longitude, lat: c.latitude };
  if (typeof c.accuracy === 'number' && Number.isFinite(c.accuracy) && c.accuracy >= 0) p.accuracy = Math.min(100_000, Math.round(c.accuracy));
  return p;
}

/** The report form's values (field names follow the body, so the API's `errors[].path` land on them). */
export interface ReportValues {
  kind?: FieldReportKind;
  category?: string;
  text?: string;
  position?: { lng?: number | null; lat?: number | null; accuracy?: number | null };
  address?: string;
  settle?: boolean;
  settledOnSpot?: { result?: string };
}

const trimmed = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** The body of `POST /api/v1/field-reports` from the form: empty optional fields left out, the on-the-spot result only when settling. */
export function fieldReportBody(v: ReportValues): FieldReportInput {
  const body: FieldReportInput = {
    kind: v.kind as FieldReportKind,
    category: trimmed(v.category),
    text: trimmed(v.text),
    position: { lng: Number(v.position?.lng), lat: Number(v.position?.lat) },
  };
  const accuracy = v.position?.accuracy;
  if (typeof accuracy === 'number' && Number.isFinite(accuracy)) body.position.accuracy = accuracy;
  const address = trimmed(v.address);
  if (address) body.address = address;
  const result = trimmed(v.settledOnSpot?.result);
  if (v.settle && result) body.settledOnSpot = { result };
  return body;
}

/** Field reports waiting for the grid worker (open), oldest first: the longest waiting is followed up first. */
export function reportsToFollowUp(reports: readonly FieldReportView[]): FieldReportView[] {
  return reports.filter((r) => r.status === 'open').sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** Key-person obligations due by the end of today (overdue, due today, special-period daily reports), most urgent first. */
export function keyPersonTasksDue(tasks: readonly KeyPersonTaskView[]): KeyPersonTaskView[] {
  const g = taskGroups(tasks);
  return [...g.overdue, ...g.today, ...g.special];
}

/** Cases with a return visit (回访) due, the soonest due first: the case's running `return-visit` clock says so. */
export function returnVisitsDue(cases: readonly CaseView[]): Array<{ case: CaseView; due: string }> {
  const out: Array<{ case: CaseView; due: string }> = [];
  for (const c of cases) {
    const clock = (c.clocks ?? []).find((k) => k.kind === 'return-visit');
    if (clock) out.push({ case: c, due: clock.due });
  }
  return out.sort((a, b) => Date.parse(a.due) - Date.parse(b.due) || a.case.caseNo.localeCompare(b.case.caseNo));
}

/** What a grid worker does with an open report: settle it on the spot, send it to the centre, or reject a resident's as untrue. */
export type FollowUpAction = 'settle' | 'send' | 'reject';

/** The follow-up actions that fit a report: only open ones; rejecting is for residents' reports only (the contract's rule). */
export function followUpActions(r: Pick<FieldReportView, 'status' | 'reporter'>): FollowUpAction[] {
  if (r.status !== 'open') return [];
  return r.reporter.role === 'resident' ? ['settle', 'send', 'reject'] : ['settle', 'send'];
}

/** The body of a follow-up action from its dialog's one text field (`result`, `note` or `reason`); an empty note is left out. */
export function followUpBody(action: FollowUpAction, text: string | undefined): Record<string, string> {
  const v = trimmed(text);
  if (action === 'settle') return { result: v };
  if (action === 'reject') return { reason: v };
  return v ? { note: v } : {};
}
