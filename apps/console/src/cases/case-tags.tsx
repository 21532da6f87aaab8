import { Tag } from 'antd';
import type { CaseStatus, WarningColour } from '../api/api.types';
import { useI18n } from '../i18n/i18n';
import { WARNING_COLOURS } from './case.helpers';

export function WarningTag({ w }: { w: WarningColour }) {
  const { t } = useI18n();
  return (
    <Tag color={WARNING_COLOURS[w]} data-warning={w}>
      {t(w)}
    </Tag>
  );
}

export function StatusTag({ s }: { s: CaseStatus }) {
  const { n } = useI18n();
  const colour = s === 'closed' ? 'default' : s === 'joint-handling' ? 'purple' : s === 'mediation' ? 'blue' : s === 'awaiting-feedback' ? 'cyan' : 'gold';
  return (
    <Tag color={colour} data-status={s}>
      {n(s)}
    </Tag>
  );
}
