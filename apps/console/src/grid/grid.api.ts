import type { CheckInInput, CheckInView, FieldReportInput, FieldReportStatus, FieldReportView } from '@fengqiao/contracts';
import { queryString, type ApiClient } from '../api/api-client';

/** A page of field reports as `GET /api/v1/field-reports` answers it (libs/contracts field-report.ts). */
export interface FieldReportPage {
  items: FieldReportView[];
  total: number;
}

/** The grid worker's field routes of the gateway (docs/api.md "Daily check-in"; field reports per their contract). */
export function gridApi(api: ApiClient) {
  return {
    /** The caller's own check-in today; a repeat answers the first with `repeated: true`. */
    checkIn: (body: CheckInInput) => api.request<CheckInView>('POST', '/api/v1/check-ins', body),
    /** Field reports the caller sees (a grid worker: those of their grids and their own). */
    fieldReports: (q: { status?: FieldReportStatus; gridCode?: string; mine?: boolean; page?: number; pageSize?: number }) =>
      api.request<FieldReportPage>('GET', `/api/v1/field-reports${queryString({ ...q, mine: q.mine ? 'true' : undefined })}`),
    report: (body: FieldReportInput) => api.request<FieldReportView>('POST', '/api/v1/field-reports', body),
  };
}

export type GridApi = ReturnType<typeof gridApi>;
