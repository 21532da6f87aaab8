import type { FieldReportView } from '@fengqiao/contracts';
import { Descriptions, Drawer, Tag, Typography } from 'antd';
import { AttachmentGallery } from '../attachments/attachment-gallery';
import { formatTime } from '../cases/case.helpers';
import { useI18n } from '../i18n/i18n';

/** One field report as filed and handled, with its photos (the reporter's and the settlement's). */
export function ReportDrawer({ report, onClose }: { report: FieldReportView | null; onClose(): void }) {
  const { t, n } = useI18n();
  return (
    <Drawer open={!!report} onClose={onClose} title={t('reportDetailTitle')} width="min(560px, 100vw)" destroyOnClose styles={{ body: { padding: 12 } }}>
      {report && (
        <div data-testid="report-detail" data-report={report.id} data-status={report.status}>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'kind', label: t('reportKind'), children: <Tag color="volcano">{t(`reportKind.${report.kind}`)}</Tag> },
              { key: 'cat', label: t('reportCategory'), children: n(report.category) },
              { key: 'status', label: t('reportStatus'), children: <span data-testid="report-status">{t(`reportStatus.${report.status}`)}</span> },
              { key: 'text', label: t('reportText'), children: <Typography.Paragraph style={{ marginBottom: 0 }}>{report.text}</Typography.Paragraph> },
              {
                key: 'where',
                label: t('reportPosition'),
                children: `${n(report.gridCode)}${report.address ? ` · ${report.address}` : ''}`,
              },
              { key: 'at', label: t('reportAt'), children: formatTime(report.createdAt) },
              ...(report.settlement
                ? [{ key: 'result', label: t('reportSettlementResult'), children: `${report.settlement.result} · ${formatTime(report.settlement.at)}` }]
                : []),
              ...(report.caseId ? [{ key: 'case', label: t('reportCase'), children: report.caseId }] : []),
            ]}
          />
          <Typography.Title level={5}>{t('photosLabel')}</Typography.Title>
          <AttachmentGallery subject={{ kind: 'field-report', id: report.id }} testId="report-photos" />
        </div>
      )}
    </Drawer>
  );
}
