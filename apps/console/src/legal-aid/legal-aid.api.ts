import type {
  EconomicStandard,
  EconomicStandardInput,
  LegalAidDocumentName,
  LegalAidFileView,
  ProviderInput,
  ProviderMatterView,
  ProviderView,
} from '@fengqiao/contracts';
import { queryString, type ApiClient, type Query } from '../api/api-client';

const cases = (id: string) => `/api/v1/cases/${encodeURIComponent(id)}`;

/** The legal-aid routes of the gateway (docs/api.md), through the console's API client (token, problems, idempotency). */
export function legalAidApi(api: ApiClient) {
  return {
    /** The application, its screening rule by rule, the material request, decision, provider, closure. */
    file: (caseId: string) => api.request<LegalAidFileView>('GET', `${cases(caseId)}/legal-aid`),
    /** An issued document as a PDF file. */
    document: (caseId: string, kind: LegalAidDocumentName) => api.file(`${cases(caseId)}/legal-aid/documents/${encodeURIComponent(kind)}`),
    /** The roster of the caller's subtree with each provider's load. */
    providers: (q: Query = {}) => api.request<ProviderView[]>('GET', `/api/v1/legal-aid/providers${queryString(q)}`),
    addProvider: (body: ProviderInput) => api.request<ProviderView>('POST', '/api/v1/legal-aid/providers', body),
    changeProvider: (id: string, body: ProviderInput) => api.request<ProviderView>('POST', `/api/v1/legal-aid/providers/${encodeURIComponent(id)}`, body),
    /** The signed-in provider's own matters. */
    myMatters: () => api.request<ProviderMatterView[]>('GET', '/api/v1/legal-aid/my-matters'),
    standards: (q: Query = {}) => api.request<EconomicStandard[]>('GET', `/api/v1/legal-aid/standards${queryString(q)}`),
    loadStandard: (body: EconomicStandardInput) => api.request<EconomicStandard>('POST', '/api/v1/legal-aid/standards', body),
  };
}

/** Saves a downloaded file under its name (the browser's download). */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
