import { Card, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { useAuth } from '../auth/auth';
import { CaseTable } from './case-list';
import { useI18n } from '../i18n/i18n';
import { useLive } from '../live/use-live';
import { CaseDrawer } from '../shell/case-drawer';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';

const STATUSES = ['first-contact', 'mediation', 'joint-handling', 'awaiting-feedback', 'review', 'closed'];

/** Any case of the person's subtree, by text, status and colour. */
export function CasesPage() {
  const { t, n } = useI18n();
  const { api } = useAuth();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<string | undefined>();
  const [warning, setWarning] = useState<string | undefined>();
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useLoad(() => api.listCases({ q, status, warning, pageSize: 100 }), [q, status, warning]);
  useLive('/api/v1/events', list.reload);
  return (
    <Card size="small" title={t('casesSearch')}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={`${t('caseNo')} / ${t('title')}`} onSearch={setQ} style={{ width: 240 }} aria-label={t('search')} />
        <Select allowClear placeholder={t('status')} style={{ width: 140 }} value={status} onChange={setStatus} options={STATUSES.map((s) => ({ value: s, label: n(s) }))} aria-label={t('status')} />
        <Select allowClear placeholder={t('warning')} style={{ width: 120 }} value={warning} onChange={setWarning} options={['red', 'yellow', 'green'].map((w) => ({ value: w, label: t(w as 'red') }))} aria-label={t('warning')} />
      </Space>
      {list.error && <ProblemAlert error={list.error} onRetry={list.reload} />}
      <CaseTable showDue cases={list.data?.items ?? []} loading={list.loading} onOpen={(c) => setOpenId(c.id)} />
      <CaseDrawer id={openId} onClose={() => setOpenId(null)} onChanged={list.reload} />
    </Card>
  );
}
