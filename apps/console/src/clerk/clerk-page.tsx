import { Card, Col, Row, message } from 'antd';
import { useState } from 'react';
import { useAuth } from '../auth/auth';
import { byFirstReplyDue } from '../cases/case.helpers';
import { CaseTable } from '../cases/case-list';
import { RegisterForm } from '../cases/register-form';
import { useI18n } from '../i18n/i18n';
import { useLive } from '../live/use-live';
import { CaseDrawer } from '../shell/case-drawer';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';

/** The window clerk: register a walk-in or call from the keyboard; the first-contact queue by reply due. */
export function ClerkPage() {
  const { t } = useI18n();
  const { api } = useAuth();
  const [openId, setOpenId] = useState<string | null>(null);
  const queue = useLoad(() => api.allCases({ status: 'first-contact' }), []);
  useLive('/api/v1/events', queue.reload);
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xl={10}>
        <Card title={t('registerWalkIn')} size="small">
          <RegisterForm
            mode="clerk"
            onRegistered={(c) => {
              void message.success(`${t('submittedText')} ${c.caseNo}`);
              queue.reload();
              setOpenId(c.id);
            }}
          />
        </Card>
      </Col>
      <Col xs={24} xl={14}>
        <Card title={t('firstContactQueue')} size="small" data-testid="first-contact-queue">
          {queue.error && <ProblemAlert error={queue.error} onRetry={queue.reload} />}
          <CaseTable showDue cases={byFirstReplyDue(queue.data ?? [])} loading={queue.loading} onOpen={(c) => setOpenId(c.id)} />
        </Card>
      </Col>
      <CaseDrawer id={openId} onClose={() => setOpenId(null)} onChanged={queue.reload} />
    </Row>
  );
}
