import type { AttachmentSubjectKind, AttachmentView } from '@fengqiao/contracts';
import type { ApiClient } from '../api/api-client';
import { ApiError, localProblem } from '../api/problem';
import { ATTACHMENTS_EN, ATTACHMENTS_ZH } from './attachments.words';
import { startBody, subjectPath } from './attachments.helpers';

/** A presigned request as the gateway hands it out (docs/api.md "Attachments"). */
export interface Presigned {
  method: 'PUT' | 'GET';
  url: string;
  headers?: Record<string, string>;
  expiresAt: string;
}

export interface AttachmentSubject {
  kind: AttachmentSubjectKind;
  id: string;
}

const fill = (s: string, status: number) => s.replace('{status}', String(status));

/**
 * Attachments through the gateway: the file goes straight to the object store with the presigned PUT
 * (a URL on the console's own origin, proxied to the store), never through the API; the gateway then
 * checks and stores it. Every refusal is the API's problem (type, size, jurisdiction) or, for the PUT
 * itself, one in both languages.
 */
export function attachmentsApi(api: ApiClient) {
  const list = (s: AttachmentSubject) => api.request<AttachmentView[]>('GET', `${subjectPath(s.kind, s.id)}/attachments`);
  const get = (id: string) => api.request<{ attachment: AttachmentView; download: Presigned | null }>('GET', `/api/v1/attachments/${encodeURIComponent(id)}`);
  return {
    list,
    get,
    /** Start (type and size checked by the API), PUT the bytes, complete (checked by content, stored): the stored attachment. */
    async upload(s: AttachmentSubject, file: File): Promise<AttachmentView> {
      const started = await api.request<{ attachment: AttachmentView; upload: Presigned }>('POST', `${subjectPath(s.kind, s.id)}/attachments`, startBody(file));
      let put: Response;
      try {
        put = await fetch(started.upload.url, { method: 'PUT', headers: started.upload.headers ?? {}, body: file });
      } catch {
        throw new ApiError(0, localProblem(0, `${ATTACHMENTS_ZH.uploadNetworkFailed} / ${ATTACHMENTS_EN.uploadNetworkFailed}`));
      }
      if (!put.ok)
        throw new ApiError(
          put.status,
          localProblem(put.status, `${fill(ATTACHMENTS_ZH.uploadPutFailed, put.status)} / ${fill(ATTACHMENTS_EN.uploadPutFailed, put.status)}`),
        );
      return api.request<AttachmentView>('POST', `/api/v1/attachments/${encodeURIComponent(started.attachment.id)}/complete`);
    },
  };
}

export type AttachmentsApi = ReturnType<typeof attachmentsApi>;
