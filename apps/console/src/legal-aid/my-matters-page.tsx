import { Button, Card, Grid, List, Space, Table, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import type { ProviderMatterView } from '@fengqiao/contracts';
import { useAuth } from '../auth/auth';
import { ActionDialog } from '../cases/action-form';
import { actionLabel } from '../cases/action-fields';
import { formatTime } from '../cases/case.helpers';
import { StatusTag } from '../cases/case-tags';
import { useI18n } from '../i18n/i18n';
import { useLive } from '../live/use-live';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';
import { legalAidApi } from './legal-aid.api';
import { providerActions } from './legal-aid.helpers';

/**
 * A provider's matters (the lawyer's login): each with what they may record now — the court's
 * filing, the matter's end, the closure materials — through the case's actions like every kind.
 */
export function MyMattersPage() {
  const { t, n, lang } = useI18n();
  const { api, session } = useAuth();
  const roles = session?.roles ?? [];
  const matters = useLoad(() => legalAidApi(api).myMatters(), []);
  useLive('/api/v1/events', matters.reload);
  const phone = !Grid.useBreakpoint().md;
  const [acting, setActing] = useState<{ m: ProviderMatterView; action: string } | null>(null);

  const buttons = (m: ProviderMatterView) => (
    <Space wrap data-testid={`matter-actions-${m.caseNo}`}>
      {providerActions(m.status, roles).map((a, i) => (
        <Button key={a} size="small" type={i === 0 ? 'primary' : 'default'} data-action={a} onClick={() => setActing({ m, action: a })}>
          {actionLabel('legal-aid', a, lang)}
        </Button>
      ))}
    </Space>
  );

  return (
    <Card title={t('laMyMatters')} size="small" data-testid="my-matters" styles={{ body: { padding: 8 } }}>
      {matters.error && <ProblemAlert error={matters.error} onRetry={matters.reload} />}
      {/* A table on a desk, a list on a phone. */}
      {!phone ? (
        <Table<ProviderMatterView>
          size="small"
          rowKey="caseId"
          loading={matters.loading}
          dataSource={matters.data ?? []}
          scroll={{ x: true }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('laNoMatters') }}
          columns={[
            { title: t('caseNo'), dataIndex: 'caseNo' },
            { title: t('laMatter'), dataIndex: 'matter', render: (v: string) => n(v) },
            { title: t('orgUnit'), dataIndex: 'orgUnit', render: (v: string) => n(v) },
            { title: t('laAssignedAt'), dataIndex: 'assignedAt', render: (v: string) => formatTime(v) },
            { title: t('status'), dataIndex: 'status', render: (s: string) => <StatusTag s={s as never} /> },
            { title: t('actions'), key: 'actions', render: (_: unknown, m) => buttons(m) },
          ]}
        />
      ) : (
        <List
          loading={matters.loading}
          dataSource={matters.data ?? []}
          locale={{ emptyText: t('laNoMatters') }}
          renderItem={(m) => (
            <List.Item key={m.caseId}>
              <Space direction="vertical" size={4}>
                <Typography.Text strong>{m.caseNo}</Typography.Text>
                <span>
                  <StatusTag s={m.status as never} />
                  <Tag>{n(m.matter)}</Tag>
                  {formatTime(m.assignedAt)}
                </span>
                {buttons(m)}
              </Space>
            </List.Item>
          )}
        />
      )}
      {acting && (
        <ActionDialog
          c={{ id: acting.m.caseId, kind: 'legal-aid', caseNo: acting.m.caseNo, orgUnit: acting.m.orgUnit }}
          action={acting.action}
          onClose={() => setActing(null)}
          onDone={() => {
            setActing(null);
            void message.success(t('actionDone'));
            matters.reload();
          }}
        />
      )}
    </Card>
  );
}
