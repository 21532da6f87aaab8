import type { FieldReportView } from '@fengqiao/contracts';
import { Form, Input } from 'antd';
import { useState } from 'react';
import { storedIds } from '../attachments/attachments.helpers';
import { PhotoPicker, uploadPhotos, type PickedPhoto } from '../attachments/photo-picker';
import { useAuth } from '../auth/auth';
import { useI18n } from '../i18n/i18n';
import { ActionModal } from '../key-persons/kp-parts';
import { gridApi } from './grid.api';
import { followUpBody, type FollowUpAction } from './grid.helpers';

/**
 * One follow-up of an open field report: the result (with photos of it: uploaded to the report, then
 * named by the settlement), the note for the centre or the reason it is untrue.
 */
export function FollowUpDialog({ report, action, onClose, onDone }: { report: FieldReportView; action: FollowUpAction; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const { api } = useAuth();
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  // The field carries the body's own name, so the service's `errors[].path` lands on it.
  const field = action === 'settle' ? 'result' : action === 'reject' ? 'reason' : 'note';
  const submit = async (v: Record<string, string>) => {
    const body: Record<string, unknown> = followUpBody(action, v[field]);
    if (action === 'settle' && photos.length) {
      const after = await uploadPhotos(api, { kind: 'field-report', id: report.id }, photos, setPhotos);
      // A refused photo: its problem (in the current language) above the buttons; it stays to remove or replace.
      const refused = after.find((p) => p.state === 'failed');
      if (refused?.error) throw refused.error;
      body['attachmentIds'] = storedIds(after);
    }
    return gridApi(api).followUp(report.id, action, body);
  };
  return (
    <ActionModal<Record<string, string>> title={t(`followUp.${action}`)} testId={`follow-up-${action}`} submit={submit} onClose={onClose} onDone={onDone}>
      <Form.Item name={field} label={t(`followUpField.${action}`)} rules={action === 'send' ? [] : [{ required: true, message: t('reportRequired') }]}>
        <Input.TextArea rows={4} maxLength={action === 'settle' ? 2000 : 500} />
      </Form.Item>
      {action === 'settle' && (
        <Form.Item label={t('settlePhotoLabel')}>
          <PhotoPicker photos={photos} onChange={setPhotos} testId="settle-photos" hint="settlePhotoHint" />
        </Form.Item>
      )}
    </ActionModal>
  );
}
