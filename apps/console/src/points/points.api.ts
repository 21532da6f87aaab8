import type { PointsAccountSummary, PointsLedgerView, PointsRedemption, PointsRulesVersion } from '@fengqiao/contracts';
import { queryString, type ApiClient } from '../api/api-client';

const base = '/api/v1/points';
const resident = (sub: string) => `${base}/residents/${encodeURIComponent(sub)}`;

/** The participation-points routes of the gateway (docs/api.md "Participation points"), through the console's API client. */
export function pointsApi(api: ApiClient) {
  return {
    mine: () => api.request<PointsLedgerView>('GET', `${base}/me`),
    accounts: (username?: string) => api.request<PointsAccountSummary[]>('GET', `${base}/residents${queryString({ username })}`),
    ledger: (sub: string) => api.request<PointsLedgerView>('GET', resident(sub)),
    redeem: (sub: string, body: PointsRedemption) => api.request<PointsLedgerView>('POST', `${resident(sub)}/redemptions`, body),
    rules: () => api.request<PointsRulesVersion>('GET', `${base}/rules`),
  };
}
