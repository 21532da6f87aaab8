import type { AttachmentView } from '@fengqiao/contracts';
import { CameraOutlined, CloseOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import type { ApiClient } from '../api/api-client';
import { ApiError, describeProblem, localProblem, type Lang } from '../api/problem';
import { useI18n } from '../i18n/i18n';
import { attachmentsApi, type AttachmentSubject } from './attachments.api';

/** A photo picked on the phone: its preview, then its upload's fate (the API's refusal in the current language). */
export interface PickedPhoto {
  key: string;
  file: File;
  preview: string;
  state: 'new' | 'uploading' | 'stored' | 'failed';
  attachment?: AttachmentView;
  /** The API's problem, kept whole so it reads in whichever language is chosen later. */
  error?: ApiError;
}

let seq = 0;
const picked = (file: File): PickedPhoto => ({ key: `p${++seq}`, file, preview: URL.createObjectURL(file), state: 'new' });

/**
 * Uploads every photo not stored yet to `subject`, one after another, telling each state as it goes;
 * answers the photos as they end (a refused one keeps its problem, the others go on).
 */
export async function uploadPhotos(
  api: ApiClient,
  subject: AttachmentSubject,
  photos: PickedPhoto[],
  onChange: (p: PickedPhoto[]) => void,
): Promise<PickedPhoto[]> {
  let now = photos;
  const set = (key: string, patch: Partial<PickedPhoto>) => {
    now = now.map((p) => (p.key === key ? { ...p, ...patch } : p));
    onChange(now);
  };
  for (const p of photos) {
    if (p.state === 'stored') continue;
    set(p.key, { state: 'uploading', error: undefined });
    try {
      set(p.key, { state: 'stored', attachment: await attachmentsApi(api).upload(subject, p.file) });
    } catch (e) {
      set(p.key, { state: 'failed', error: e instanceof ApiError ? e : new ApiError(0, localProblem(0, String(e))) });
    }
  }
  return now;
}

export const photoProblem = (p: PickedPhoto, lang: Lang) => (p.error ? describeProblem(p.error.problem, lang).text : '');

/**
 * Photos from the phone's camera (`capture`: the back camera at once) or its gallery, several, each
 * with its preview; nothing is uploaded here (the form uploads them to the report once it exists).
 */
export function PhotoPicker({
  photos,
  onChange,
  disabled,
  testId = 'photos',
  hint = 'photosHint',
}: {
  photos: PickedPhoto[];
  onChange(p: PickedPhoto[]): void;
  disabled?: boolean;
  testId?: string;
  hint?: 'photosHint' | 'settlePhotoHint';
}) {
  const { t, lang } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const latest = useRef(photos);
  latest.current = photos;
  // The previews are the page's own blobs: let them go with the picker.
  useEffect(() => () => latest.current.forEach((p) => URL.revokeObjectURL(p.preview)), []);
  const remove = (p: PickedPhoto) => {
    URL.revokeObjectURL(p.preview);
    onChange(photos.filter((x) => x.key !== p.key));
  };
  return (
    <div data-testid={testId}>
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        style={{ display: 'none' }}
        data-testid={`${testId}-input`}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length) onChange([...photos, ...files.map(picked)]);
        }}
      />
      <Space direction="vertical" style={{ width: '100%' }}>
        <Button block size="large" icon={<CameraOutlined />} disabled={disabled} onClick={() => input.current?.click()} data-testid={`${testId}-take`}>
          {t('photosTake')}
        </Button>
        {photos.length > 0 && (
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
            {photos.map((p) => (
              <div key={p.key} data-testid="picked-photo" data-state={p.state} style={{ width: 96 }}>
                <div style={{ position: 'relative', width: 96, height: 96 }}>
                  <img
                    src={p.preview}
                    alt={p.file.name}
                    style={{
                      width: 96,
                      height: 96,
                      objectFit: 'cover',
                      borderRadius: 6,
                      opacity: p.state === 'uploading' ? 0.5 : 1,
                      border: p.state === 'failed' ? '2px solid #ff4d4f' : undefined,
                    }}
                  />
                  {p.state !== 'stored' && p.state !== 'uploading' && !disabled && (
                    <Button
                      size="small"
                      shape="circle"
                      icon={<CloseOutlined />}
                      // Its own say, not the form's: a filed report's form is disabled, its photos still to fix.
                      disabled={false}
                      aria-label={`${t('photoRemove')} ${p.file.name}`}
                      onClick={() => remove(p)}
                      style={{ position: 'absolute', top: 2, right: 2 }}
                    />
                  )}
                </div>
                <Typography.Text type={p.state === 'failed' ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                  {p.state === 'uploading' ? t('photoUploading') : p.state === 'stored' ? t('photoStored') : p.state === 'failed' ? t('photoFailed') : ''}
                </Typography.Text>
                {p.error && (
                  <Typography.Text type="danger" role="alert" data-testid="photo-error" style={{ display: 'block', fontSize: 12 }}>
                    {photoProblem(p, lang)}
                  </Typography.Text>
                )}
              </div>
            ))}
          </div>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t(hint)}
        </Typography.Text>
      </Space>
    </div>
  );
}
