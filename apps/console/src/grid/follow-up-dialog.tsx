import type { FieldReportView } from '@fengqiao/contracts';
import { Form, Input } from 'antd';
import { useAuth } from '../auth/auth';
import { useI18n } from '../i18n/i18n';
import { ActionModal } from '../key-persons/kp-parts';
import { gridApi } from './grid.api';
import { followUpBody, type FollowUpAction } from './grid.helpers';

/** One follow-up of an open field report: the result, the note for the centre or the reason it is untrue. */
export function FollowUpDialog({ report, action, onClose, onDone }: { report: FieldReportView; action: FollowUpAction; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const { api } = useAuth();
  // The field carries the body's own name, so the service's `errors[].path` lands on it.
  const field = action === 'settle' ? 'result' : action === 'reject' ? 'reason' : 'note';
  return (
    <ActionModal<Record<string, string>>
      title={t(`followUp.${action}`)}
      testId={`follow-up-${action}`}
      submit={(v) => gridApi(api).followUp(report.id, action, followUpBody(action, v[field]))}
      onClose={onClose}
      onDone={onDone}
    >
      <Form.Item name={field} label={t(`followUpField.${action}`)} rules={action === 'send' ? [] : [{ required: true, message: t('reportRequired') }]}>
        <Input.TextArea rows={4} maxLength={action === 'settle' ? 2000 : 500} />
      </Form.Item>
    </ActionModal>
  );
}
