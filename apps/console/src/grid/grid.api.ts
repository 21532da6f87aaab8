import type { CheckInInput, CheckInView, FieldReportInput, MyCheckInView, FieldReportStatus, FieldReportView } from '@fengqiao/contracts';
import { queryString, type ApiClient } from '../api/api-client';
import type { FollowUpAction } from './grid.helpers';

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
    /** The caller's own check-in of today (China day), or `checkIn: null`: the same on every phone and browser. */
    myCheckIn: () => api.request<MyCheckInView>('GET', '/api/v1/check-ins/mine'),
    /** Field reports the caller sees (a grid worker: those of their grids and their own). */
    fieldReports: (q: { status?: FieldReportStatus; gridCode?: string; mine?: boolean; page?: number; pageSize?: number }) =>
      api.request<FieldReportPage>('GET', `/api/v1/field-reports${queryString({ ...q, mine: q.mine ? 'true' : undefined })}`),
    report: (body: FieldReportInput) => api.request<FieldReportView>('POST', '/api/v1/field-reports', body),
    /** Following a report up: settled on the spot (a result), sent to the centre (becomes a case), or a resident's found untrue. */
    followUp: (id: string, action: FollowUpAction, body: Record<string, unknown>) =>
      api.request<FieldReportView>('POST', `/api/v1/field-reports/${encodeURIComponent(id)}/${action}`, body),
  };
}

export type GridApi = ReturnType<typeof gridApi>;
