import type { AttachmentView } from '@fengqiao/contracts';
import { FilePdfOutlined } from '@ant-design/icons';
import { Button, Empty, Image, Skeleton, Space, Typography } from 'antd';
import { useAuth } from '../auth/auth';
import { formatTime } from '../cases/case.helpers';
import { useI18n } from '../i18n/i18n';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';
import { attachmentsApi, type AttachmentSubject } from './attachments.api';
import { humanSize, isPhoto } from './attachments.helpers';

/**
 * One stored photo: a thumbnail from its short-lived download URL (asked of the gateway, which checks
 * the caller may see it), opening the whole image on a tap.
 */
function PhotoThumb({ a }: { a: AttachmentView }) {
  const { api } = useAuth();
  const { t } = useI18n();
  const got = useLoad(() => attachmentsApi(api).get(a.id), [a.id]);
  const url = got.data?.download?.url;
  return (
    <div data-testid="attachment" data-kind="photo" data-id={a.id} style={{ width: 96 }}>
      {url ? (
        <Image src={url} alt={a.fileName} width={96} height={96} style={{ objectFit: 'cover', borderRadius: 6 }} data-testid="attachment-thumb" />
      ) : got.error ? (
        <Typography.Text type="danger" style={{ fontSize: 12 }}>
          {t('photosLoadFailed')}
        </Typography.Text>
      ) : (
        <Skeleton.Image active style={{ width: 96, height: 96 }} />
      )}
    </div>
  );
}

/** One stored document: its name, opened (downloaded) with its short-lived URL. */
function DocumentLink({ a }: { a: AttachmentView }) {
  const { api } = useAuth();
  const { t } = useI18n();
  const open = async () => {
    const { download } = await attachmentsApi(api).get(a.id);
    if (download) window.open(download.url, '_blank', 'noopener');
  };
  return (
    <Space data-testid="attachment" data-kind="document" data-id={a.id} wrap>
      <FilePdfOutlined />
      <span>{a.fileName}</span>
      <Typography.Text type="secondary">
        {humanSize(a.size)} · {t('attachmentUploadedBy')} {a.uploadedBy.name} · {formatTime(a.createdAt)}
      </Typography.Text>
      <Button size="small" onClick={() => void open()}>
        {t('attachmentOpen')}
      </Button>
    </Space>
  );
}

/** A subject's stored attachments: photos as thumbnails (tap to open), documents as links. */
export function AttachmentGallery({ subject, tick = 0, testId = 'attachments' }: { subject: AttachmentSubject; tick?: number; testId?: string }) {
  const { api } = useAuth();
  const { t } = useI18n();
  const list = useLoad(() => attachmentsApi(api).list(subject), [subject.kind, subject.id, tick]);
  if (list.error) return <ProblemAlert error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Skeleton active paragraph={{ rows: 1 }} />;
  const photos = list.data.filter((a) => isPhoto(a.contentType));
  const documents = list.data.filter((a) => !isPhoto(a.contentType));
  return (
    <div data-testid={testId} data-count={list.data.length}>
      {list.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(subject.kind === 'case' ? 'attachmentsNone' : 'photosNone')} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {photos.length > 0 && (
            <Image.PreviewGroup>
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
                {photos.map((a) => (
                  <PhotoThumb key={a.id} a={a} />
                ))}
              </div>
            </Image.PreviewGroup>
          )}
          {documents.map((a) => (
            <DocumentLink key={a.id} a={a} />
          ))}
        </Space>
      )}
    </div>
  );
}
