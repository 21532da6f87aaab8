import { UploadOutlined } from '@ant-design/icons';
import { ATTACHMENT_ROLES } from '@fengqiao/rules';
import { Button, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { ApiError, localProblem } from '../api/problem';
import { useAuth } from '../auth/auth';
import { useI18n } from '../i18n/i18n';
import { ProblemAlert } from '../shell/problem-alert';
import { AttachmentGallery } from './attachment-gallery';
import { attachmentsApi } from './attachments.api';

/**
 * A case's attachments (附件): its photos (a sent field report's among them) and documents such as a
 * signed mediation agreement, listed for whoever reads the case and uploaded by whoever may
 * (ATTACHMENT_ROLES; the case's jurisdiction is the API's to check). A refusal (type, size) reads in
 * the current language.
 */
export function CaseAttachments({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const { api, session } = useAuth();
  const input = useRef<HTMLInputElement>(null);
  const [tick, setTick] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const may = session?.roles.some((r) => (ATTACHMENT_ROLES as readonly string[]).includes(r)) ?? false;
  if (!may) return null;
  const upload = async (files: File[]) => {
    setBusy(true);
    setError(null);
    try {
      for (const f of files) await attachmentsApi(api).upload({ kind: 'case', id: caseId }, f);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, localProblem(0, String(e))));
    } finally {
      setBusy(false);
      setTick((x) => x + 1);
    }
  };
  return (
    <div data-testid="case-attachments" style={{ marginTop: 16 }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('attachmentsTitle')}
        </Typography.Title>
        <input
          ref={input}
          type="file"
          accept="image/*,application/pdf"
          multiple
          style={{ display: 'none' }}
          data-testid="case-attachments-input"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length) void upload(files);
          }}
        />
        <Button icon={<UploadOutlined />} loading={busy} onClick={() => input.current?.click()} data-testid="case-attachments-upload">
          {t('attachmentsUpload')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 8px' }}>
        {t('attachmentsHint')}
      </Typography.Paragraph>
      {error && (
        <div style={{ marginBottom: 8 }}>
          <ProblemAlert error={error} />
        </div>
      )}
      <AttachmentGallery subject={{ kind: 'case', id: caseId }} tick={tick} testId="case-attachment-list" />
    </div>
  );
}
