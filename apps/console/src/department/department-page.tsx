import { Card, Tag } from 'antd';
import { useState } from 'react';
import { useAuth } from '../auth/auth';
import { summoning } from '../cases/case.helpers';
import { CaseTable } from '../cases/case-list';
import { useI18n } from '../i18n/i18n';
import { useLive } from '../live/use-live';
import { CaseDrawer } from '../shell/case-drawer';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';

/** The whistle inbox (中心吹哨、部门报到): joint-handling cases that summon the officer's department. */
export function DepartmentPage() {
  const { t, n } = useI18n();
  const { api, session } = useAuth();
  const [openId, setOpenId] = useState<string | null>(null);
  const inbox = useLoad(async () => summoning(await api.allCases({ status: 'joint-handling' }), session?.department), [session?.department]);
  useLive('/api/v1/events', inbox.reload);
  return (
    <Card
      title={
        <span>
          {t('whistleInbox')} <Tag>{n(session?.department)}</Tag>
        </span>
      }
      size="small"
      data-testid="whistle-inbox"
    >
      {inbox.error && <ProblemAlert error={inbox.error} onRetry={inbox.reload} />}
      <CaseTable cases={inbox.data ?? []} loading={inbox.loading} onOpen={(c) => setOpenId(c.id)} />
      <CaseDrawer id={openId} onClose={() => setOpenId(null)} onChanged={inbox.reload} />
    </Card>
  );
}
