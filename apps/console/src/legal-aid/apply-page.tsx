import { Alert, Card, Steps, Tabs, Typography } from 'antd';
import { useState } from 'react';
import type { Channel } from '@fengqiao/contracts';
import type { CaseView } from '../api/api.types';
import { useAuth } from '../auth/auth';
import { CaseDetail } from '../cases/case-detail';
import { CaseTable } from '../cases/case-list';
import { RegisterForm } from '../cases/register-form';
import { useI18n } from '../i18n/i18n';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';
import { ApplicationForm } from './application-form';

/** At the window an application comes in person first, then by letter, online or by phone. */
const WINDOW_CHANNELS: readonly Channel[] = ['walk-in', 'letter', 'online', 'hotline'];

/**
 * Applying for legal aid, laid out for a phone first (a resident online; a clerk or the agency at the
 * window): 1. the case with the applicant and the opposing party, 2. the application's facts (the
 * `apply` action), 3. following it — status, clocks, the legal-aid file, materials, objection, rating.
 */
export function LegalAidApplyPage() {
  const { t } = useI18n();
  const { api, session } = useAuth();
  const resident = (session?.roles ?? []).includes('resident');
  const [tab, setTab] = useState('apply');
  const [created, setCreated] = useState<CaseView | null>(null);
  const [applied, setApplied] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const mine = useLoad(() => api.allCases({ kind: 'legal-aid' }), []);

  const step = !created ? 0 : !applied ? 1 : 2;
  const applyTab = (
    <>
      <Steps
        size="small"
        current={step}
        direction="horizontal"
        responsive={false}
        style={{ marginBottom: 12 }}
        items={[{ title: t('laStep1') }, { title: t('laStep2') }, { title: t('laStep3') }]}
      />
      {step === 0 && (
        <>
          <Alert type="info" showIcon message={t('laRegisterHint')} style={{ marginBottom: 12 }} />
          <RegisterForm
            mode={resident ? 'resident' : 'clerk'}
            kind="legal-aid"
            channels={WINDOW_CHANNELS}
            labels={{ title: 'laMatterTitle', respondent: 'laOpponentName' }}
            onRegistered={(c) => {
              setCreated(c);
              mine.reload();
            }}
          />
        </>
      )}
      {step === 1 && created && (
        <>
          <Typography.Paragraph>
            {t('submittedText')}{' '}
            <Typography.Text strong copyable data-testid="created-case-no">
              {created.caseNo}
            </Typography.Text>
          </Typography.Paragraph>
          <ApplicationForm
            c={created}
            onDone={(updated) => {
              setCreated(updated);
              setApplied(true);
              mine.reload();
            }}
          />
        </>
      )}
      {step === 2 && created && (
        <>
          <Alert type="success" showIcon message={t('laApplied')} style={{ marginBottom: 12 }} data-testid="legal-aid-applied" />
          <CaseDetail
            id={created.id}
            onBack={() => {
              setCreated(null);
              setApplied(false);
            }}
            onChanged={mine.reload}
          />
        </>
      )}
    </>
  );

  const mineTab = openId ? (
    <CaseDetail id={openId} onBack={() => setOpenId(null)} onChanged={mine.reload} />
  ) : (
    <>
      {mine.error && <ProblemAlert error={mine.error} onRetry={mine.reload} />}
      <CaseTable compact cases={mine.data ?? []} loading={mine.loading} onOpen={(c) => setOpenId(c.id)} />
    </>
  );

  return (
    <Card style={{ maxWidth: 760, margin: '0 auto' }} styles={{ body: { padding: 12 } }} data-testid="legal-aid-apply-page">
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setTab(k);
          if (k === 'mine') mine.reload();
        }}
        items={[
          { key: 'apply', label: t('laApplyTab'), children: applyTab },
          { key: 'mine', label: t('laMyApplications'), children: mineTab },
        ]}
      />
    </Card>
  );
}
