import { Card, Col, Row, Tabs, message } from 'antd';
import { useState } from 'react';
import type { Channel } from '@fengqiao/contracts';
import type { CaseView } from '../api/api.types';
import { useAuth } from '../auth/auth';
import { CaseTable } from '../cases/case-list';
import { RegisterForm } from '../cases/register-form';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { useLive } from '../live/use-live';
import { CaseDrawer } from '../shell/case-drawer';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';

/** The ways a petition arrives at the desk (《信访工作条例》§17): letter first, the commonest. */
const PETITION_CHANNELS: readonly Channel[] = ['letter', 'walk-in', 'online', 'hotline'];

/** The desk's queues by where the process stands; the case's own actions (from the kind's declaration) do the rest. */
const QUEUES: Array<{ key: string; label: MessageKey; statuses: readonly string[] }> = [
  { key: 'acceptance', label: 'petitionsAwaitingAcceptance', statuses: ['acceptance'] },
  { key: 'in-hand', label: 'petitionsInHand', statuses: ['forwarded', 'handling'] },
  { key: 'replied', label: 'petitionsReplied', statuses: ['replied'] },
  { key: 'review', label: 'petitionsUnderReview', statuses: ['petition-review', 'petition-re-review'] },
];

/** The petition officer's desk: register a letter or a visit; the open petitions of the jurisdiction by stage. */
export function PetitionsPage() {
  const { t } = useI18n();
  const { api } = useAuth();
  const [openId, setOpenId] = useState<string | null>(null);
  const open = useLoad(() => api.allCases({ kind: 'petition', open: 'true' }), []);
  useLive('/api/v1/events', open.reload);
  const inQueue = (statuses: readonly string[]): CaseView[] => (open.data ?? []).filter((c) => statuses.includes(c.status));
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xl={10}>
        <Card title={t('registerPetition')} size="small">
          <RegisterForm
            mode="clerk"
            kind="petition"
            channels={PETITION_CHANNELS}
            onRegistered={(c) => {
              void message.success(`${t('submittedText')} ${c.caseNo}`);
              open.reload();
              setOpenId(c.id);
            }}
          />
        </Card>
      </Col>
      <Col xs={24} xl={14}>
        <Card size="small" data-testid="petition-queues">
          {open.error && <ProblemAlert error={open.error} onRetry={open.reload} />}
          <Tabs
            items={QUEUES.map((q) => ({
              key: q.key,
              label: `${t(q.label)} (${inQueue(q.statuses).length})`,
              children: (
                <div data-testid={`petition-queue-${q.key}`}>
                  <CaseTable cases={inQueue(q.statuses)} loading={open.loading} onOpen={(c) => setOpenId(c.id)} />
                </div>
              ),
            }))}
          />
        </Card>
      </Col>
      <CaseDrawer id={openId} onClose={() => setOpenId(null)} onChanged={open.reload} />
    </Row>
  );
}
