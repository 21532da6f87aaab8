import { Alert, Button, Card, Descriptions, Drawer, Form, Input, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { openingPurposeSchema, type KeyPersonRecordView } from '@fengqiao/contracts';
import { useAuth } from '../auth/auth';
import { formatTime } from '../cases/case.helpers';
import { useI18n } from '../i18n/i18n';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';
import { keyPersonsApi } from './key-persons.api';
import { keyPersonPowers } from './key-persons.helpers';
import { kpCode } from './key-persons.words';
import { KpActionDialog, type KpAction } from './kp-dialogs';
import { ColourTag, RiskTag } from './kp-parts';

/** Asks why the record is opened; nothing is loaded before a purpose is given. */
export function PurposeDialog({ label, onCancel, onOpen }: { label: string; onCancel(): void; onOpen(purpose: string): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ purpose?: string }>();
  return (
    <Modal open title={`${t('kpPurposeTitle')} · ${label}`} onCancel={onCancel} onOk={() => form.submit()} destroyOnClose width="min(520px, 100vw)">
      <Alert type="info" showIcon message={t('kpPurposeHint')} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        data-testid="kp-purpose-form"
        onFinish={(v) => {
          const p = openingPurposeSchema.safeParse({ purpose: v.purpose ?? '' });
          if (p.success) onOpen(p.data.purpose);
        }}
      >
        <Form.Item
          name="purpose"
          label={t('kpPurpose')}
          rules={[
            { required: true, whitespace: true },
            { min: 2, max: 200 },
          ]}
        >
          <Input.TextArea rows={2} maxLength={200} placeholder={t('kpPurposePlaceholder')} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A record opened for a purpose, beside the list on a desk and full-width on a phone. */
export function RecordDrawer({ target, onClose, onChanged }: { target: { id: string; purpose: string } | null; onClose(): void; onChanged?(): void }) {
  return (
    <Drawer open={!!target} onClose={onClose} width="min(1000px, 100vw)" destroyOnClose styles={{ body: { padding: 8 } }}>
      {target && <KeyPersonRecord id={target.id} purpose={target.purpose} onChanged={onChanged} />}
    </Drawer>
  );
}

/**
 * The record page: details, risk history, contacts, assessments, measures, summaries, the
 * obligations with their colours, the person's cases, and who opened the record. Every load is
 * an opening with the stated purpose (audited by the service), so a write reloads it once.
 */
export function KeyPersonRecord({ id, purpose, onChanged }: { id: string; purpose: string; onChanged?(): void }) {
  const { t, n, lang } = useI18n();
  const { api, session } = useAuth();
  const kp = keyPersonsApi(api);
  const powers = keyPersonPowers(session?.roles ?? []);
  const record = useLoad(() => kp.open(id, purpose), [id, purpose]);
  const openings = useLoad(() => kp.openings(id), [id]);
  const [action, setAction] = useState<KpAction | null>(null);
  const r = record.data;
  if (record.error) return <ProblemAlert error={record.error} onRetry={record.reload} />;
  if (!r) return <Card loading />;

  const me = session?.username ?? '';
  const responsible = r.responsible.some((x) => x.username === me);
  const active = r.status === 'active';
  const button = (a: KpAction, label: string, show: boolean) =>
    show && (
      <Button key={a.kind} data-action={a.kind} onClick={() => setAction(a)}>
        {label}
      </Button>
    );
  const done = () => {
    setAction(null);
    record.reload();
    openings.reload();
    onChanged?.();
  };
  const by = (v: string) => <Typography.Text code>{v}</Typography.Text>;

  return (
    <div data-testid="kp-record" data-status={r.status}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="kp-record-name">
          {r.name}
        </Typography.Title>
        <RiskTag level={r.riskLevel} />
        <Tag data-status={r.status}>{kpCode('status', r.status, lang)}</Tag>
        <Tag>{n(r.category)}</Tag>
      </Space>
      <Space wrap style={{ marginBottom: 12 }} data-testid="kp-actions">
        {button({ kind: 'contact' }, t('kpRecordContact'), active && (responsible || powers.keep))}
        {button({ kind: 'assess' }, t('kpAssess'), active && powers.keep)}
        {button({ kind: 'risk', current: r.riskLevel }, t('kpChangeRisk'), active && powers.keep)}
        {button({ kind: 'responsible', current: r.responsible }, t('kpAssign'), active && powers.keep)}
        {button({ kind: 'measure' }, t('kpAddMeasure'), active && powers.keep)}
        {button({ kind: 'summary' }, t('kpAddSummary'), active && (responsible || powers.keep))}
        {button({ kind: 'removal' }, t('kpRequestRemoval'), active && powers.keep)}
        {button({ kind: 'decide-removal' }, `${t('kpDecide')} · ${t('kpRequestRemoval')}`, r.status === 'removal-requested' && powers.decide)}
      </Space>
      <Tabs
        items={[
          {
            key: 'details',
            label: t('kpDetails'),
            children: (
              <>
                <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
                  <Descriptions.Item label={t('kpName')}>{r.name}</Descriptions.Item>
                  <Descriptions.Item label={t('field.idNumber')}>{r.idNumber ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('field.phone')}>{r.phone ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('kpGenderLabel')}>{kpCode('gender', r.gender, lang)}</Descriptions.Item>
                  <Descriptions.Item label={t('kpAddressLabel')} span={2}>
                    {r.address ?? '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('orgUnit')}>{n(r.orgUnit)}</Descriptions.Item>
                  <Descriptions.Item label={t('kpRegisteredAt')}>
                    {formatTime(r.registeredAt)} · {by(r.registeredBy)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('kpDescription')} span={2}>
                    <span style={{ whiteSpace: 'pre-wrap' }}>{r.description}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('kpResponsible')} span={2}>
                    {r.responsible.map((x) => (
                      <Tag key={x.username}>
                        {kpCode('responsibleRole', x.role, lang)} · {x.username}
                      </Tag>
                    ))}
                  </Descriptions.Item>
                </Descriptions>
                {r.removal && (
                  <Alert
                    style={{ marginTop: 8 }}
                    type="warning"
                    message={`${t('kpRemovalReason')}: ${r.removal.reason}`}
                    description={`${r.removal.requestedBy} · ${formatTime(r.removal.requestedAt)}${r.removal.decidedBy ? ` → ${r.removal.decidedBy} · ${formatTime(r.removal.decidedAt)}` : ''}`}
                  />
                )}
              </>
            ),
          },
          {
            key: 'openings',
            label: t('kpOpenings'),
            children: (
              <>
                <Typography.Paragraph type="secondary">{t('kpOpeningsHint')}</Typography.Paragraph>
                {openings.error && <ProblemAlert error={openings.error} onRetry={openings.reload} />}
                <Table
                  size="small"
                  rowKey={(o) => `${o.at}:${o.actor}:${o.result}`}
                  dataSource={openings.data ?? []}
                  loading={openings.loading}
                  pagination={{ pageSize: 10, hideOnSinglePage: true }}
                  scroll={{ x: true }}
                  data-testid="kp-openings"
                  columns={[
                    { title: t('kpAt'), dataIndex: 'at', render: (v: string) => formatTime(v) },
                    { title: t('kpOpenedBy'), dataIndex: 'actor' },
                    { title: t('kpPurpose'), dataIndex: 'purpose', render: (v: string | null) => v ?? '—' },
                    { title: t('kpFields'), dataIndex: 'fields', render: (v: string[]) => v.join(', ') || '—' },
                    {
                      title: t('kpResult'),
                      dataIndex: 'result',
                      render: (v: 'allowed' | 'denied') => <Tag color={v === 'allowed' ? 'green' : 'red'}>{kpCode('openingResult', v, lang)}</Tag>,
                    },
                  ]}
                />
              </>
            ),
          },
          {
            key: 'obligations',
            label: t('kpObligations'),
            children: (
              <Table
                size="small"
                rowKey={(o) => `${o.obligation}:${o.periodId ?? ''}:${o.day ?? ''}`}
                dataSource={r.obligations}
                pagination={false}
                data-testid="kp-obligations"
                columns={[
                  {
                    title: t('kpObligation'),
                    dataIndex: 'obligation',
                    render: (v: string, o) => `${kpCode('obligation', v, lang)}${o.day ? ` · ${o.day}` : ''}`,
                  },
                  { title: t('kpDue'), dataIndex: 'dueAt', render: (v: string) => formatTime(v) },
                  { title: t('kpColour'), dataIndex: 'colour', render: (c: 'green' | 'yellow' | 'red') => <ColourTag colour={c} /> },
                ]}
              />
            ),
          },
          {
            key: 'assessments',
            label: `${t('kpAssessments')} (${r.assessments.length})`,
            children: (
              <Table
                size="small"
                rowKey="id"
                dataSource={r.assessments}
                pagination={false}
                scroll={{ x: true }}
                data-testid="kp-assessments"
                columns={[
                  { title: t('kpAt'), dataIndex: 'at', render: (v: string) => formatTime(v) },
                  { title: t('kpScore'), dataIndex: 'score' },
                  { title: t('kpProposedLevel'), dataIndex: 'proposedLevel', render: (v: KeyPersonRecordView['riskLevel']) => <RiskTag level={v} /> },
                  {
                    title: t('status'),
                    dataIndex: 'status',
                    render: (v: string, a) => (
                      <Space>
                        <Tag data-status={v}>{kpCode('assessmentStatus', v, lang)}</Tag>
                        {a.decidedLevel && <RiskTag level={a.decidedLevel} />}
                        {v === 'proposed' && powers.decide && a.by !== me && (
                          <Button
                            size="small"
                            type="primary"
                            data-action="decide-assessment"
                            onClick={() => setAction({ kind: 'decide-assessment', assessment: a })}
                          >
                            {t('kpDecide')}
                          </Button>
                        )}
                      </Space>
                    ),
                  },
                  { title: t('kpBy'), dataIndex: 'by' },
                  { title: t('kpAssessNote'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
                ]}
              />
            ),
          },
          {
            key: 'contacts',
            label: `${t('kpContacts')} (${r.contacts.length})`,
            children: (
              <Table
                size="small"
                rowKey="id"
                dataSource={r.contacts}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                scroll={{ x: true }}
                columns={[
                  { title: t('kpContactAt'), dataIndex: 'at', render: (v: string) => formatTime(v) },
                  { title: t('kpContactKind'), dataIndex: 'kind', render: (v: string) => kpCode('contactKind', v, lang) },
                  { title: t('kpContactPlace'), dataIndex: 'place', render: (v: string | null) => v ?? '—' },
                  { title: t('kpContactNote'), dataIndex: 'note' },
                  { title: t('kpBy'), dataIndex: 'by' },
                ]}
              />
            ),
          },
          {
            key: 'risk',
            label: t('kpRiskHistory'),
            children: (
              <Table
                size="small"
                rowKey={(x) => `${x.at}:${x.to}`}
                dataSource={r.riskHistory}
                pagination={false}
                scroll={{ x: true }}
                columns={[
                  { title: t('kpAt'), dataIndex: 'at', render: (v: string) => formatTime(v) },
                  { title: t('kpFrom'), dataIndex: 'from', render: (v: KeyPersonRecordView['riskLevel'] | null) => (v ? <RiskTag level={v} /> : '—') },
                  { title: t('kpTo'), dataIndex: 'to', render: (v: KeyPersonRecordView['riskLevel']) => <RiskTag level={v} /> },
                  { title: t('kpRiskReason'), dataIndex: 'reason' },
                  { title: t('kpBy'), dataIndex: 'by' },
                ]}
              />
            ),
          },
          {
            key: 'measures',
            label: `${t('kpMeasuresLabel')} (${r.measures.length})`,
            children: (
              <Table
                size="small"
                rowKey="id"
                dataSource={r.measures}
                pagination={false}
                columns={[
                  { title: t('kpMeasureKind'), dataIndex: 'kind', render: (v: string) => kpCode('measureKind', v, lang) },
                  { title: t('kpMeasureText'), dataIndex: 'text' },
                  { title: t('kpBy'), dataIndex: 'by' },
                  { title: t('kpAt'), dataIndex: 'at', render: (v: string) => formatTime(v) },
                ]}
              />
            ),
          },
          {
            key: 'summaries',
            label: t('kpSummaries'),
            children: (
              <Table
                size="small"
                rowKey="id"
                dataSource={r.summaries}
                pagination={false}
                columns={[
                  { title: t('kpYear'), dataIndex: 'year' },
                  { title: t('kpSummaryText'), dataIndex: 'text' },
                  { title: t('kpBy'), dataIndex: 'by' },
                ]}
              />
            ),
          },
          {
            key: 'cases',
            label: `${t('kpCases')} (${r.cases.length})`,
            children: (
              <Table
                size="small"
                rowKey="id"
                dataSource={r.cases}
                pagination={false}
                columns={[
                  { title: t('caseNo'), dataIndex: 'caseNo' },
                  { title: t('field.kind'), dataIndex: 'kind', render: (v: string) => n(v) },
                  { title: t('status'), dataIndex: 'status', render: (v: string) => n(v) },
                  { title: t('orgUnit'), dataIndex: 'orgUnit', render: (v: string) => n(v) },
                ]}
              />
            ),
          },
        ]}
      />
      {action && <KpActionDialog personId={r.id} action={action} onClose={() => setAction(null)} onDone={done} />}
    </div>
  );
}
