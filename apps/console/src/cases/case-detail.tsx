import { Alert, Button, Card, Collapse, Descriptions, Empty, Space, Spin, Table, Tag, Timeline, Typography, message } from 'antd';
import { PERSON_FILE_ROLES } from '@fengqiao/rules';
import { useState } from 'react';
import type { CaseView, DisputeAction, WarningColour } from '../api/api.types';
import { useAuth } from '../auth/auth';
import { useI18n } from '../i18n/i18n';
import { useLive } from '../live/use-live';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';
import { ActionDialog } from './action-form';
import { actionLabel, hasOwnForm } from './action-fields';
import { actionsFor, dueWithCountdown, formatTime, needsRefetch, newerView, runningClocks, WARNING_COLOURS } from './case.helpers';
import { StatusTag, WarningTag } from './case-tags';
import { PersonFilePanel } from './person-file';
import { CaseAttachments } from '../attachments/case-attachments';
import { ApplyDialog } from '../legal-aid/application-form';
import { LegalAidFilePanel } from '../legal-aid/legal-aid-file';

/** One case: status, clocks, joint-handling parts, parties (as the API masks them), timeline, and the actions that fit now. */
export function CaseDetail({ id, onBack, onChanged }: { id: string; onBack?: () => void; onChanged?: () => void }) {
  const { t, n, lang } = useI18n();
  const { api, session } = useAuth();
  const loaded = useLoad(() => api.getCase(id), [id], newerView);
  const c = loaded.data;
  const live = useLive(`/api/v1/cases/${encodeURIComponent(id)}/events`, (events) => {
    if (needsRefetch(c, events)) loaded.reload();
  });
  const [action, setAction] = useState<DisputeAction | string | null>(null);

  if (!c && loaded.error) return <ProblemAlert error={loaded.error} onRetry={loaded.reload} />;
  if (!c)
    return (
      <Spin tip={t('loading')}>
        <div style={{ height: 120 }} />
      </Spin>
    );

  const actions = actionsFor(c, session?.roles ?? [], session?.department ?? null);
  const done = (updated: CaseView) => {
    setAction(null);
    void message.success(t('actionDone'));
    // The action answers with the case as it now is: no refetch (its live event is then already shown).
    loaded.set(updated);
    onChanged?.();
  };
  const now = Date.now();
  return (
    <Card
      data-testid="case-detail"
      title={
        <Space wrap>
          {onBack && <Button onClick={onBack}>{t('back')}</Button>}
          <span data-testid="case-no">{c.caseNo}</span>
          <StatusTag s={c.status} />
          <WarningTag w={c.warning} />
        </Space>
      }
      extra={
        <Space>
          <Tag color={live ? 'green' : 'default'} title={live ? undefined : t('liveOff')}>
            {live ? t('live') : '—'}
          </Tag>
          <Button onClick={loaded.reload} loading={loaded.loading}>
            {t('refresh')}
          </Button>
        </Space>
      }
    >
      {loaded.error && <ProblemAlert error={loaded.error} onRetry={loaded.reload} />}
      {c.mergedInto && (
        <Alert
          type="info"
          showIcon
          data-testid="merged-into"
          style={{ marginBottom: 12 }}
          message={t('mergedInto').replace('{caseNo}', c.mergedInto.caseNo ?? '—')}
        />
      )}
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 1, md: 2 }}
        items={[
          { key: 'title', label: t('title'), children: c.title },
          { key: 'cat', label: t('field.category'), children: `${n(c.kind)} · ${n(c.category)}` },
          { key: 'unit', label: t('orgUnit'), children: n(c.orgUnit) },
          { key: 'med', label: t('mediator'), children: c.mediator ? `${c.mediator.name}（${c.mediator.team}）` : '—' },
          { key: 'outcome', label: t('outcome'), children: n(c.outcome) },
          { key: 'rating', label: t('rating'), children: c.rating ?? '—' },
          {
            key: 'desc',
            label: t('field.description'),
            children: <Typography.Paragraph style={{ marginBottom: 0 }}>{c.description}</Typography.Paragraph>,
            span: 2,
          },
        ]}
      />

      <Typography.Title level={5}>{t('actions')}</Typography.Title>
      {actions.length ? (
        <Space wrap data-testid="case-actions">
          {actions.map((a) => (
            <Button key={a} type={a === actions[0] ? 'primary' : 'default'} onClick={() => setAction(a)} data-action={a}>
              {actionLabel(c.kind, a, lang)}
            </Button>
          ))}
        </Space>
      ) : (
        <Typography.Text type="secondary">{t('noActions')}</Typography.Text>
      )}

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('deadlines')}
      </Typography.Title>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: true }}
        dataSource={runningClocks(c)}
        locale={{ emptyText: '—' }}
        columns={[
          { title: t('deadlines'), dataIndex: 'id', render: (v: string) => n(v) },
          { title: t('clockOwner'), dataIndex: 'owner', render: (v: string) => n(v) },
          { title: t('due'), dataIndex: 'due', render: (v: string) => dueWithCountdown(c, v, now, lang) },
          { title: t('warning'), dataIndex: 'colour', render: (v: WarningColour) => <WarningTag w={v} /> },
        ]}
      />

      {c.kind === 'legal-aid' && <LegalAidFilePanel c={c} actions={actions} onAction={setAction} />}

      {c.joint && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('joint')} · {t('leadOrgUnit')} {n(c.joint.leadOrgUnit)}
          </Typography.Title>
          <Space wrap>
            {c.joint.parts.map((p) => (
              <Tag key={`${p.department}@${p.orgUnit}`} color={p.resultAt ? 'green' : p.reportedInAt ? 'blue' : 'orange'}>
                {n(p.department)}@{n(p.orgUnit)} · {p.resultAt ? t('resultFiled') : p.reportedInAt ? t('reportedIn') : t('pending')}
              </Tag>
            ))}
          </Space>
        </>
      )}

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('parties')}
      </Typography.Title>
      <Table
        size="small"
        rowKey={(_, i) => String(i)}
        pagination={false}
        scroll={{ x: true }}
        dataSource={c.parties}
        columns={[
          { title: t('parties'), dataIndex: 'role', render: (v: string) => n(v) },
          { title: t('field.applicantName'), dataIndex: 'name' },
          { title: t('field.idNumber'), dataIndex: 'idNumber', render: (v?: string) => v ?? '—' },
          { title: t('field.phone'), dataIndex: 'phone', render: (v?: string) => v ?? '—' },
        ]}
      />

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('timeline')}
      </Typography.Title>
      {c.timeline.length ? (
        <Timeline
          data-testid="case-timeline"
          items={c.timeline.map((e) => ({
            color: e.type === 'warning-changed' ? (WARNING_COLOURS[(e.detail['warning'] as 'red') ?? 'yellow'] ?? 'gray') : 'blue',
            children: (
              <span>
                <b>{n(e.type)}</b> · {formatTime(e.at)} · {e.by}
              </span>
            ),
          }))}
        />
      ) : (
        <Empty />
      )}

      <CaseAttachments caseId={c.id} />

      {session?.roles.some((r) => (PERSON_FILE_ROLES as readonly string[]).includes(r)) && (
        <Collapse
          style={{ marginTop: 16 }}
          destroyInactivePanel
          items={[
            {
              key: 'person-file',
              label: <span data-testid="person-file-toggle">{t('personFile')}</span>,
              children: (
                <PersonFilePanel
                  c={c}
                  onMerged={(updated) => {
                    void message.success(t('actionDone'));
                    loaded.set(updated);
                    onChanged?.();
                  }}
                />
              ),
            },
          ]}
        />
      )}

      {action &&
        (hasOwnForm(c.kind, action) ? (
          <ApplyDialog c={c} onClose={() => setAction(null)} onDone={done} />
        ) : (
          <ActionDialog c={c} action={action} onClose={() => setAction(null)} onDone={done} />
        ))}
    </Card>
  );
}
