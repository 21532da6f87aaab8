import type {
  ContactInput,
  DailyReportInput,
  KeyPersonCategoryView,
  KeyPersonCreateInput,
  KeyPersonExportView,
  KeyPersonListItem,
  KeyPersonOpeningView,
  KeyPersonRecordView,
  KeyPersonRiskLevel,
  KeyPersonStatsView,
  KeyPersonTaskView,
  KeyPersonWarningView,
  MeasureInput,
  MissingDailyReportView,
  Page,
  ResponsiblePersonInput,
  SpecialPeriodInput,
  SpecialPeriodView,
} from '@fengqiao/contracts';
import type { AssessmentForm } from '@fengqiao/rules';
import { queryString, type ApiClient, type Query } from '../api/api-client';

const base = '/api/v1/key-persons';
const person = (id: string) => `${base}/${encodeURIComponent(id)}`;

/** The key-person routes of the gateway (KEY-PERSONS design, HTTP table), through the console's API client. */
export function keyPersonsApi(api: ApiClient) {
  return {
    categories: () => api.request<KeyPersonCategoryView[]>('GET', `${base}/categories`),
    assessmentForm: () => api.request<AssessmentForm>('GET', `${base}/assessment-form`),
    /** The register of the caller's jurisdiction, masked. */
    list: (q: Query) => api.request<Page<KeyPersonListItem>>('GET', `${base}${queryString(q)}`),
    create: (body: KeyPersonCreateInput) => api.request<KeyPersonListItem>('POST', base, body),
    /** The full record: every opening states a purpose and is audited. */
    open: (id: string, purpose: string) => api.request<KeyPersonRecordView>('GET', `${person(id)}${queryString({ purpose })}`),
    openings: (id: string) => api.request<KeyPersonOpeningView[]>('GET', `${person(id)}/openings`),
    contact: (id: string, body: ContactInput) => api.request<{ id: string; kind: string; at: string }>('POST', `${person(id)}/contacts`, body),
    changeRisk: (id: string, body: { riskLevel: KeyPersonRiskLevel; reason: string }) => api.request<KeyPersonListItem>('POST', `${person(id)}/risk`, body),
    assess: (id: string, body: { formVersion: number; answers: Record<string, string>; note?: string }) =>
      api.request<{ id: string; score: number; proposedLevel: KeyPersonRiskLevel; status: string }>('POST', `${person(id)}/assessments`, body),
    decideAssessment: (id: string, aid: string, body: { approve: boolean; riskLevel?: KeyPersonRiskLevel; comment?: string }) =>
      api.request<KeyPersonListItem>('POST', `${person(id)}/assessments/${encodeURIComponent(aid)}/decision`, body),
    setResponsible: (id: string, body: { responsible: ResponsiblePersonInput[]; reason: string }) =>
      api.request<KeyPersonListItem>('POST', `${person(id)}/responsible`, body),
    addMeasure: (id: string, body: MeasureInput) => api.request<{ id: string }>('POST', `${person(id)}/measures`, body),
    addSummary: (id: string, body: { year: number; text: string }) => api.request<{ id: string }>('POST', `${person(id)}/summaries`, body),
    requestRemoval: (id: string, reason: string) => api.request<KeyPersonListItem>('POST', `${person(id)}/removal`, { reason }),
    decideRemoval: (id: string, body: { approve: boolean; comment?: string }) => api.request<KeyPersonListItem>('POST', `${person(id)}/removal/decision`, body),
    dailyReport: (id: string, body: DailyReportInput) => api.request<{ id: string }>('POST', `${person(id)}/daily-reports`, body),
    warnings: (q: Query) => api.request<KeyPersonWarningView[]>('GET', `${base}/warnings${queryString(q)}`),
    tasks: () => api.request<KeyPersonTaskView[]>('GET', `${base}/tasks`),
    specialPeriods: () => api.request<SpecialPeriodView[]>('GET', `${base}/special-periods`),
    declareSpecialPeriod: (body: SpecialPeriodInput) => api.request<SpecialPeriodView>('POST', `${base}/special-periods`, body),
    missing: (periodId: string, day: string) =>
      api.request<MissingDailyReportView>('GET', `${base}/special-periods/${encodeURIComponent(periodId)}/missing${queryString({ day })}`),
    requestExport: (body: { orgUnit: string; purpose: string }) => api.request<KeyPersonExportView>('POST', `${base}/exports`, body),
    exports: () => api.request<KeyPersonExportView[]>('GET', `${base}/exports`),
    decideExport: (id: string, body: { approve: boolean; comment?: string }) =>
      api.request<KeyPersonExportView>('POST', `${base}/exports/${encodeURIComponent(id)}/decision`, body),
    exportFile: (id: string) => api.file(`${base}/exports/${encodeURIComponent(id)}/file`, 'text/csv, application/problem+json'),
    stats: (q: Query) => api.request<KeyPersonStatsView>('GET', `${base}/stats${queryString(q)}`),
  };
}

export type KeyPersonsApi = ReturnType<typeof keyPersonsApi>;
