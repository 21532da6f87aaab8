import { Button, Card, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import type { CaseView } from '../api/api.types';
import { useAuth } from '../auth/auth';
import { dueWithCountdown, WARNING_COLOURS } from '../cases/case.helpers';
import { StatusTag, WarningTag } from '../cases/case-tags';
import { useI18n } from '../i18n/i18n';
import { useLive } from '../live/use-live';
import { CaseDrawer } from '../shell/case-drawer';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';
import { inQueue, LEGAL_AID_QUEUES, nextClock } from './legal-aid.helpers';
import { ProvidersScreen } from './providers-screen';
import { StandardsScreen } from './standards-screen';

/** One queue: the most urgent first, each with the clock that runs on it and its colour. */
function QueueTable({ cases, loading, onOpen }: { cases: CaseView[]; loading: boolean; onOpen(c: CaseView): void }) {
  const { t, n, lang } = useI18n();
  const now = Date.now();
  return (
    <Table<CaseView>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={cases}
      scroll={{ x: true }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: t('noCases') }}
      onRow={(c) => ({ onDoubleClick: () => onOpen(c) })}
      columns={[
        {
          title: t('caseNo'),
          dataIndex: 'caseNo',
          render: (v: string, c) => (
            <Button type="link" style={{ padding: 0 }} onClick={() => onOpen(c)}>
              {v}
            </Button>
          ),
        },
        { title: t('title'), dataIndex: 'title', ellipsis: true },
        { title: t('status'), dataIndex: 'status', render: (s: CaseView['status']) => <StatusTag s={s} /> },
        { title: t('warning'), dataIndex: 'warning', render: (w: CaseView['warning']) => <WarningTag w={w} /> },
        {
          title: t('deadlines'),
          key: 'clock',
          render: (_: unknown, c) => {
            const k = nextClock(c);
            return k ? (
              <Tag color={WARNING_COLOURS[k.colour]} data-clock={k.id}>
                {n(k.id)} · {dueWithCountdown(c, k.due, now, lang, (left) => ` · ${left}`)}
              </Tag>
            ) : (
              '—'
            );
          },
        },
        { title: t('orgUnit'), dataIndex: 'orgUnit', render: (v: string) => n(v) },
      ]}
    />
  );
}

/**
 * The legal-aid officer's desk: open applications by where the process stands (review, materials,
 * assignment, aid, closure filing, quality review, refusals and objections), a case's file and
 * actions in the drawer; the provider roster and the economic standards beside them.
 */
export function LegalAidPage() {
  const { t } = useI18n();
  const { api, session } = useAuth();
  const officer = (session?.roles ?? []).includes('legal-aid-officer');
  const [openId, setOpenId] = useState<string | null>(null);
  const open = useLoad(() => (officer ? api.allCases({ kind: 'legal-aid', open: 'true' }) : Promise.resolve([] as CaseView[])), [officer]);
  useLive('/api/v1/events', open.reload);
  const cases = open.data ?? [];

  const queues = (
    <Card size="small" data-testid="legal-aid-queues">
      {open.error && <ProblemAlert error={open.error} onRetry={open.reload} />}
      <Tabs
        items={LEGAL_AID_QUEUES.map((q) => ({
          key: q.key,
          label: `${t(q.label)} (${inQueue(cases, q.statuses).length})`,
          children: (
            <div data-testid={`legal-aid-queue-${q.key}`}>
              <QueueTable cases={inQueue(cases, q.statuses)} loading={open.loading} onOpen={(c) => setOpenId(c.id)} />
            </div>
          ),
        }))}
      />
    </Card>
  );

  return (
    <>
      <Tabs
        destroyInactiveTabPane
        items={[
          ...(officer ? [{ key: 'queues', label: t('laQueues'), children: queues }] : []),
          { key: 'providers', label: t('laRoster'), children: <ProvidersScreen /> },
          { key: 'standards', label: t('laStandards'), children: <StandardsScreen /> },
        ]}
      />
      <CaseDrawer id={openId} onClose={() => setOpenId(null)} onChanged={open.reload} />
    </>
  );
}
