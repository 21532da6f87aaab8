import { CASE_STATUSES } from '@fengqiao/contracts';
import { Card, Input, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useAuth } from '../auth/auth';
import { CaseTable } from './case-list';
import { WARNINGS } from './case.helpers';
import { useI18n } from '../i18n/i18n';
import { useLive } from '../live/use-live';
import { CaseDrawer } from '../shell/case-drawer';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';

const PAGE_SIZE = 20;

/**
 * Any case of the person's subtree, by text, status and colour. The subtree holds years of
 * cases, so the table pages through the API's pages rather than loading them all.
 */
export function CasesPage() {
  const { t, n } = useI18n();
  const { api } = useAuth();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<string | undefined>();
  const [warning, setWarning] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useLoad(() => api.listCases({ q, status, warning, page, pageSize: PAGE_SIZE }), [q, status, warning, page]);
  useLive('/api/v1/events', list.reload);
  // A page emptied by changes meanwhile: go to the last one that has cases.
  const total = list.data?.total;
  useEffect(() => {
    if (total !== undefined && page > 1 && (page - 1) * PAGE_SIZE >= total) setPage(Math.max(1, Math.ceil(total / PAGE_SIZE)));
  }, [total, page]);
  const filter =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(1);
    };
  return (
    <Card size="small" title={t('casesSearch')}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={`${t('caseNo')} / ${t('title')}`} onSearch={filter(setQ)} style={{ width: 240 }} aria-label={t('search')} />
        <Select
          allowClear
          placeholder={t('status')}
          style={{ width: 140 }}
          value={status}
          onChange={filter(setStatus)}
          options={CASE_STATUSES.map((s) => ({ value: s, label: n(s) }))}
          aria-label={t('status')}
        />
        <Select
          allowClear
          placeholder={t('warning')}
          style={{ width: 120 }}
          value={warning}
          onChange={filter(setWarning)}
          options={WARNINGS.map((w) => ({ value: w, label: t(w) }))}
          aria-label={t('warning')}
        />
      </Space>
      {list.error && <ProblemAlert error={list.error} onRetry={list.reload} />}
      <CaseTable
        showDue
        cases={list.data?.items ?? []}
        loading={list.loading}
        onOpen={(c) => setOpenId(c.id)}
        paging={{ page, pageSize: PAGE_SIZE, total: total ?? 0, onChange: setPage }}
      />
      <CaseDrawer id={openId} onClose={() => setOpenId(null)} onChanged={list.reload} />
    </Card>
  );
}
