import { Button, Card, Result, Tabs, Typography } from 'antd';
import { useState } from 'react';
import type { CaseView } from '../api/api.types';
import { useAuth } from '../auth/auth';
import { CaseDetail } from '../cases/case-detail';
import { CaseTable } from '../cases/case-list';
import { RegisterForm } from '../cases/register-form';
import { useI18n } from '../i18n/i18n';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';

/** The resident's portal, laid out for a phone first: submit, get the case number, follow and rate. */
export function ResidentPage() {
  const { t } = useI18n();
  const { api } = useAuth();
  const [tab, setTab] = useState('submit');
  const [created, setCreated] = useState<CaseView | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const mine = useLoad(() => api.allCases({}), []);

  const submitTab = created ? (
    <Result
      status="success"
      title={t('submitted')}
      subTitle={
        <span>
          {t('submittedText')}{' '}
          <Typography.Text strong copyable data-testid="created-case-no">
            {created.caseNo}
          </Typography.Text>
        </span>
      }
      extra={[
        <Button
          key="follow"
          type="primary"
          onClick={() => {
            setOpenId(created.id);
            setTab('mine');
          }}
        >
          {t('open')}
        </Button>,
        <Button key="again" onClick={() => setCreated(null)}>
          {t('submitAnother')}
        </Button>,
      ]}
    />
  ) : (
    <RegisterForm
      mode="resident"
      onRegistered={(c) => {
        setCreated(c);
        mine.reload();
      }}
    />
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
    <Card style={{ maxWidth: 720, margin: '0 auto' }} styles={{ body: { padding: 12 } }}>
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setTab(k);
          if (k === 'mine') mine.reload();
        }}
        items={[
          { key: 'submit', label: t('submitMatter'), children: submitTab },
          { key: 'mine', label: t('myCases'), children: mineTab },
        ]}
      />
    </Card>
  );
}
