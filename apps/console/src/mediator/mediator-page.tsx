import { Card, Space } from 'antd';
import { useState } from 'react';
import { useAuth } from '../auth/auth';
import { assignedTo } from '../cases/case.helpers';
import { CaseTable } from '../cases/case-list';
import { useI18n } from '../i18n/i18n';
import { useLive } from '../live/use-live';
import { CaseDrawer } from '../shell/case-drawer';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';

/** A mediator's own cases (in mediation or joint handling): sessions, escalation, conclusion. */
export function MediatorPage() {
  const { t } = useI18n();
  const { api, session } = useAuth();
  const [openId, setOpenId] = useState<string | null>(null);
  const cases = useLoad(async () => {
    const [m, j] = await Promise.all([api.allCases({ status: 'mediation' }), api.allCases({ status: 'joint-handling' })]);
    const all = [...m, ...j];
    const mine = assignedTo(all, session?.username ?? '');
    return { mine, others: all.filter((c) => !mine.includes(c)) };
  }, [session?.username]);
  useLive('/api/v1/events', cases.reload);
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card title={t('assignedCases')} size="small" data-testid="mediator-cases">
        {cases.error && <ProblemAlert error={cases.error} onRetry={cases.reload} />}
        <CaseTable cases={cases.data?.mine ?? []} loading={cases.loading} onOpen={(c) => setOpenId(c.id)} />
      </Card>
      {/* Mediators without a login of their own (the roster) are covered by their centre's colleagues. */}
      <Card title={t('centreCases')} size="small" data-testid="centre-cases">
        <CaseTable cases={cases.data?.others ?? []} loading={cases.loading} onOpen={(c) => setOpenId(c.id)} />
      </Card>
      <CaseDrawer id={openId} onClose={() => setOpenId(null)} onChanged={cases.reload} />
    </Space>
  );
}
