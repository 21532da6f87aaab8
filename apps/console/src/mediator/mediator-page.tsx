import { Card } from 'antd';
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
    const [m, j] = await Promise.all([api.listCases({ status: 'mediation', pageSize: 200 }), api.listCases({ status: 'joint-handling', pageSize: 200 })]);
    return assignedTo([...m.items, ...j.items], session?.username ?? '');
  }, [session?.username]);
  useLive('/api/v1/events', cases.reload);
  return (
    <Card title={t('assignedCases')} size="small" data-testid="mediator-cases">
      {cases.error && <ProblemAlert error={cases.error} onRetry={cases.reload} />}
      <CaseTable cases={cases.data ?? []} loading={cases.loading} onOpen={(c) => setOpenId(c.id)} />
      <CaseDrawer id={openId} onClose={() => setOpenId(null)} onChanged={cases.reload} />
    </Card>
  );
}
