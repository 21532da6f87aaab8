import type { ApplicationFacts, EconomicStandard, EconomicStandardInput, LegalAidMatter, ProviderInput, ProviderView } from '@fengqiao/contracts';
import { kindModule, legalAidAllowedActions } from '@fengqiao/rules';
import type { CaseView } from '../api/api.types';

/** The application form's values as antd holds them (dates as the inputs give them). */
export interface ApplicationValues {
  matter?: LegalAidMatter;
  matterDescription?: string;
  /** 'yes' | 'no' from the radio; unanswered, the API says it is required. */
  hasOwnLawyer?: 'yes' | 'no';
  section32Ground?: string;
  exemptions?: string[];
  household?: { members?: number | null; monthlyIncome?: number | null };
  notificationOn?: boolean;
  notification?: { body?: string; bodyName?: string; receivedAt?: string };
  custodyOn?: boolean;
  custody?: { facility?: string; handedAt?: string; forwardedAt?: string };
  limitationEndsOn?: string;
  urgentPreservation?: boolean;
  statementSigned?: boolean;
}

/** Matters the applicant must describe in words: the law names them only in general. */
export function needsDescription(m: LegalAidMatter | undefined): boolean {
  return m === 'other-civil' || m === 'not-covered';
}

const str = (s: string | undefined) => (typeof s === 'string' ? s.trim() : '');

/** `<input type="datetime-local">` (Beijing wall time) → ISO 8601 with +08:00; anything else as typed (the API judges it). */
export function beijingInstant(local: string | undefined): string {
  const s = str(local);
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(s);
  return m ? `${m[1]}T${m[2]}${m[3] ?? ':00'}+08:00` : s;
}

/**
 * The `apply` body from the form: empty optionals left out, the household sent only when a number
 * was given, staff-only parts (§36 notification, §39 custody) only when switched on and the caller
 * is staff. Wrong or missing values are still sent, so the API's field messages land on the fields.
 */
export function factsBody(v: ApplicationValues, staff: boolean): Partial<ApplicationFacts> & Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (v.matter) body['matter'] = v.matter;
  if (str(v.matterDescription)) body['matterDescription'] = str(v.matterDescription);
  if (v.hasOwnLawyer) body['hasOwnLawyer'] = v.hasOwnLawyer === 'yes';
  if (v.section32Ground) body['section32Ground'] = v.section32Ground;
  if (v.exemptions?.length) body['exemptions'] = [...v.exemptions];
  const members = v.household?.members;
  const income = v.household?.monthlyIncome;
  const num = (x: number | null | undefined) => typeof x === 'number' && Number.isFinite(x);
  if (num(members) || num(income)) body['household'] = { ...(num(members) ? { members } : {}), ...(num(income) ? { monthlyIncome: income } : {}) };
  if (staff && v.notificationOn) {
    const n = v.notification ?? {};
    body['notification'] = { body: n.body, bodyName: str(n.bodyName), receivedAt: beijingInstant(n.receivedAt) };
  }
  if (staff && v.custodyOn) {
    const c = v.custody ?? {};
    body['custody'] = { facility: str(c.facility), handedAt: beijingInstant(c.handedAt), forwardedAt: beijingInstant(c.forwardedAt) };
  }
  if (str(v.limitationEndsOn)) body['limitationEndsOn'] = str(v.limitationEndsOn);
  if (v.urgentPreservation) body['urgentPreservation'] = true;
  // Unsigned is sent as false: the API answers with §41's message on this field.
  body['statementSigned'] = v.statementSigned === true;
  return body;
}

/** The officer's queues by where the process stands, in the order the work flows. */
export const LEGAL_AID_QUEUES = [
  { key: 'review', label: 'laQueueReview', statuses: ['legal-aid-review'] },
  { key: 'materials', label: 'laQueueMaterials', statuses: ['awaiting-materials'] },
  { key: 'assignment', label: 'laQueueAssignment', statuses: ['assignment'] },
  { key: 'aid', label: 'laQueueAid', statuses: ['aid'] },
  { key: 'closure', label: 'laQueueClosure', statuses: ['closure-filing'] },
  { key: 'quality', label: 'laQueueQuality', statuses: ['quality-review'] },
  { key: 'objection', label: 'laQueueObjection', statuses: ['refused', 'terminated', 'objection'] },
] as const;

const WARNING_ORDER: Record<string, number> = { red: 0, yellow: 1, green: 2 };

/** A queue's cases: the most urgent colour first, then the soonest due clock, then the case number. */
export function inQueue(cases: readonly CaseView[], statuses: readonly string[]): CaseView[] {
  const due = (c: CaseView) => Math.min(...(c.clocks ?? []).filter((k) => k.counts !== false).map((k) => Date.parse(k.due)), Number.POSITIVE_INFINITY);
  return cases
    .filter((c) => statuses.includes(c.status))
    .sort((a, b) => (WARNING_ORDER[a.warning] ?? 3) - (WARNING_ORDER[b.warning] ?? 3) || due(a) - due(b) || a.caseNo.localeCompare(b.caseNo));
}

/** The clock a queue row shows: the soonest due that counts (a staff deadline), else the soonest. */
export function nextClock(c: Pick<CaseView, 'clocks'>) {
  const sorted = [...(c.clocks ?? [])].sort((a, b) => Date.parse(a.due) - Date.parse(b.due));
  return sorted.find((k) => k.counts !== false) ?? sorted[0] ?? null;
}

/** A provider as a choice: name, organisation, unit, specialities and load against capacity (a full one is shown, not offered). */
export function providerOption(p: ProviderView, name: (code: string) => string): { value: string; label: string; disabled: boolean } {
  const specialities = p.specialities.map(name).join('、');
  return {
    value: p.id,
    label: `${p.name} · ${p.organisation} · ${name(p.orgUnit)} · ${specialities} · ${p.load}/${p.capacity}`,
    disabled: !p.active || p.load >= p.capacity,
  };
}

/**
 * What a provider may do on one of their matters (the matter list knows the status only): the state
 * machine's actions for the status that the kind lets the provider's roles take.
 */
export function providerActions(status: string, roles: readonly string[]): string[] {
  const actions = kindModule('legal-aid')?.actions ?? {};
  return legalAidAllowedActions({ status: status as CaseView['status'], joint: null, feedbackRecorded: false, clocks: [] }).filter((a) =>
    (actions[a]?.roles ?? []).some((r) => roles.includes(r)),
  );
}

export type ProviderValues = Partial<Omit<ProviderInput, 'username'>> & { username?: string | null };

/** The form's values as the API's body: text trimmed, an empty login left out. */
export function providerBody(v: ProviderValues): ProviderInput {
  const username = typeof v.username === 'string' ? v.username.trim() : '';
  return {
    name: (v.name ?? '').trim(),
    type: v.type as ProviderInput['type'],
    organisation: (v.organisation ?? '').trim(),
    specialities: v.specialities ?? [],
    orgUnit: v.orgUnit ?? '',
    capacity: v.capacity as number,
    ...(username ? { username } : {}),
    active: v.active ?? true,
  };
}

/** The form's values as the API's body (numbers as typed; a missing one is sent, the API names it). */
export function standardBody(v: Partial<EconomicStandardInput>): EconomicStandardInput {
  return {
    orgUnit: v.orgUnit ?? '',
    minimumLivingMonthly: v.minimumLivingMonthly as number,
    multiplier: v.multiplier as number,
    effectiveFrom: (v.effectiveFrom ?? '').trim(),
    source: (v.source ?? '').trim(),
  };
}

/** Income per head up to which a household counts as in hardship. */
export const thresholdOf = (s: Pick<EconomicStandard, 'minimumLivingMonthly' | 'multiplier'>) => Math.round(s.minimumLivingMonthly * s.multiplier * 100) / 100;
