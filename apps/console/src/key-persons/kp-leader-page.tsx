import { Alert, Button, Card, Col, DatePicker, Empty, Form, Input, Row, Segmented, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { KeyPersonExportView, KeyPersonListItem, KeyPersonWarningView, SpecialPeriodView } from '@fengqiao/contracts';
import { useAuth } from '../auth/auth';
import { formatTime, percent } from '../cases/case.helpers';
import { useI18n } from '../i18n/i18n';
import { withFieldErrors } from '../legal-aid/form-problems';
import { subtreeCodes, useReference } from '../reference/reference';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';
import { keyPersonsApi } from './key-persons.api';
import { periodDaysSoFar } from './key-persons.helpers';
import { kpCode } from './key-persons.words';
import { DecideDialog } from './kp-dialogs';
import { ColourTag, RiskTag } from './kp-parts';
import { RegisterTable, useKeyPersonCategories } from './register-page';

/** The tile: counts of the leader's subtree, never a person (GET /stats). */
function StatsTile() {
  const { t, n } = useI18n();
  const { api, session } = useAuth();
  useKeyPersonCategories();
  const stats = useLoad(() => keyPersonsApi(api).stats({ orgUnit: session?.orgUnit ?? undefined }), [session?.orgUnit]);
  const s = stats.data;
  return (
    <Card size="small" title={t('kpStats')} data-testid="kp-stats" style={{ marginBottom: 12 }}>
      {stats.error && <ProblemAlert error={stats.error} onRetry={stats.reload} />}
      {s && (
        <>
          <Row gutter={[12, 12]}>
            <Col xs={12} md={4}>
              <Statistic title={t('kpOnRegister')} value={s.onRegister} />
            </Col>
            <Col xs={12} md={5}>
              <Statistic title={t('kpContactCompliance')} value={s.contactCompliance === null ? '—' : percent(s.contactCompliance)} />
            </Col>
            <Col xs={12} md={5}>
              <Statistic title={t('kpOverdueContacts')} value={s.overdueContacts} valueStyle={{ color: s.overdueContacts ? '#cf1322' : undefined }} />
            </Col>
            <Col xs={12} md={5}>
              <Statistic title={t('kpYellow')} value={s.warnings.yellow} valueStyle={{ color: '#d48806' }} />
            </Col>
            <Col xs={12} md={5}>
              <Statistic title={t('kpRed')} value={s.warnings.red} valueStyle={{ color: '#cf1322' }} />
            </Col>
          </Row>
          <Space wrap style={{ marginTop: 8 }}>
            {(['high', 'medium', 'low'] as const).map((l) => (
              <span key={l}>
                <RiskTag level={l} /> {s.byRiskLevel[l] ?? 0}
              </span>
            ))}
            {Object.entries(s.byCategory).map(([c, k]) => (
              <Tag key={c}>
                {n(c)} {k}
              </Tag>
            ))}
          </Space>
        </>
      )}
    </Card>
  );
}

/** Removals and exports waiting for the leader; assessments are decided on the record. */
function Approvals() {
  const { t, n, lang } = useI18n();
  const { api, session } = useAuth();
  const kp = keyPersonsApi(api);
  const removals = useLoad(() => kp.list({ status: 'removal-requested', pageSize: 200 }), []);
  const exports = useLoad(() => kp.exports(), []);
  const [deciding, setDeciding] = useState<{ kind: 'removal'; p: KeyPersonListItem } | { kind: 'export'; x: KeyPersonExportView } | null>(null);
  const waiting = (exports.data ?? []).filter((x) => x.status === 'requested');
  return (
    <>
      <Card size="small" title={t('kpRemovalsRequested')} data-testid="kp-removals" style={{ marginBottom: 12 }}>
        {removals.error && <ProblemAlert error={removals.error} onRetry={removals.reload} />}
        <Table<KeyPersonListItem>
          size="small"
          rowKey="id"
          loading={removals.loading}
          dataSource={removals.data?.items ?? []}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            { title: t('kpMaskedName'), dataIndex: 'nameMasked' },
            { title: t('kpCategory'), dataIndex: 'category', render: (v: string) => n(v) },
            { title: t('kpRisk'), dataIndex: 'riskLevel', render: (v: KeyPersonListItem['riskLevel']) => <RiskTag level={v} /> },
            { title: t('orgUnit'), dataIndex: 'orgUnit', render: (v: string) => n(v) },
            {
              key: 'decide',
              render: (_: unknown, p) => (
                <Button size="small" type="primary" data-action="decide-removal" onClick={() => setDeciding({ kind: 'removal', p })}>
                  {t('kpDecide')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('kpExportsRequested')} data-testid="kp-export-approvals" style={{ marginBottom: 12 }}>
        {exports.error && <ProblemAlert error={exports.error} onRetry={exports.reload} />}
        <Table<KeyPersonExportView>
          size="small"
          rowKey="id"
          loading={exports.loading}
          dataSource={waiting}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            { title: t('orgUnit'), dataIndex: 'orgUnit', render: (v: string) => n(v) },
            { title: t('kpExportPurpose'), dataIndex: 'purpose' },
            { title: t('kpRequestedBy'), dataIndex: 'requestedBy' },
            { title: t('kpRequestedAt'), dataIndex: 'requestedAt', render: (v: string) => formatTime(v) },
            { title: t('status'), dataIndex: 'status', render: (v: string) => <Tag>{kpCode('exportStatus', v, lang)}</Tag> },
            {
              key: 'decide',
              render: (_: unknown, x) =>
                x.requestedBy !== session?.username && (
                  <Button size="small" type="primary" data-action="decide-export" onClick={() => setDeciding({ kind: 'export', x })}>
                    {t('kpDecide')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      <Alert type="info" showIcon message={t('kpAssessmentsProposed')} description={t('kpAssessmentsHint')} />
      {deciding && (
        <DecideDialog
          title={`${t('kpDecide')} · ${deciding.kind === 'removal' ? `${t('kpRequestRemoval')} · ${deciding.p.nameMasked}` : t('kpRequestExport')}`}
          onClose={() => setDeciding(null)}
          onDone={() => {
            setDeciding(null);
            removals.reload();
            exports.reload();
          }}
          submit={(b) => (deciding.kind === 'removal' ? kp.decideRemoval(deciding.p.id, b) : kp.decideExport(deciding.x.id, b))}
        />
      )}
    </>
  );
}

/** Missed obligations of the subtree: red is the supervision list. */
function Warnings() {
  const { t, n, lang } = useI18n();
  const { api } = useAuth();
  const [colour, setColour] = useState<'red' | 'yellow'>('red');
  const warnings = useLoad(() => keyPersonsApi(api).warnings({ colour }), [colour]);
  return (
    <Card size="small" data-testid="kp-warnings">
      <Segmented
        value={colour}
        onChange={(v) => setColour(v as 'red' | 'yellow')}
        options={[
          { value: 'red', label: t('kpSupervisionList') },
          { value: 'yellow', label: t('kpYellowList') },
        ]}
        style={{ marginBottom: 8 }}
      />
      {warnings.error && <ProblemAlert error={warnings.error} onRetry={warnings.reload} />}
      <Table<KeyPersonWarningView>
        size="small"
        rowKey={(w) => `${w.personId}:${w.obligation}:${w.day ?? ''}:${w.dueAt}`}
        loading={warnings.loading}
        dataSource={warnings.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        data-colour={colour}
        columns={[
          { title: t('kpMaskedName'), dataIndex: 'nameMasked' },
          { title: t('kpObligation'), dataIndex: 'obligation', render: (v: string, w) => `${kpCode('obligation', v, lang)}${w.day ? ` · ${w.day}` : ''}` },
          { title: t('kpColour'), dataIndex: 'colour', render: (c: 'yellow' | 'red') => <ColourTag colour={c} /> },
          { title: t('kpDue'), dataIndex: 'dueAt', render: (v: string) => formatTime(v) },
          { title: t('orgUnit'), dataIndex: 'orgUnit', render: (v: string) => n(v) },
          {
            title: t('kpResponsible'),
            dataIndex: 'responsible',
            render: (rs: KeyPersonWarningView['responsible']) =>
              rs.map((r) => <Tag key={r.username}>{`${kpCode('responsibleRole', r.role, lang)} · ${r.username}`}</Tag>),
          },
        ]}
      />
    </Card>
  );
}

/** Who has not reported on one day of a period. */
function MissingList({ period }: { period: SpecialPeriodView }) {
  const { t, n, lang } = useI18n();
  const { api } = useAuth();
  const days = periodDaysSoFar(period, Date.now());
  const [day, setDay] = useState<string | undefined>(days[0]);
  const missing = useLoad(() => (day ? keyPersonsApi(api).missing(period.id, day) : Promise.resolve(null)), [period.id, day]);
  if (!days.length) return null;
  return (
    <div data-testid="kp-missing" data-period={period.id}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('kpMissing')}</Typography.Text>
        <Select aria-label={t('kpDay')} value={day} onChange={setDay} options={days.map((d) => ({ value: d, label: d }))} style={{ minWidth: 140 }} />
      </Space>
      {missing.error && <ProblemAlert error={missing.error} onRetry={missing.reload} />}
      {missing.data && missing.data.missing.length === 0 ? (
        <Empty description={t('kpMissingNone')} />
      ) : (
        <Table
          size="small"
          rowKey="personId"
          loading={missing.loading}
          dataSource={missing.data?.missing ?? []}
          pagination={false}
          columns={[
            { title: t('kpMaskedName'), dataIndex: 'nameMasked' },
            { title: t('orgUnit'), dataIndex: 'orgUnit', render: (v: string) => n(v) },
            {
              title: t('kpResponsible'),
              dataIndex: 'responsible',
              render: (rs: KeyPersonWarningView['responsible']) =>
                rs.map((r) => <Tag key={r.username}>{`${kpCode('responsibleRole', r.role, lang)} · ${r.username}`}</Tag>),
            },
          ]}
        />
      )}
    </div>
  );
}

/** Special periods: declared by the leader for a unit; each day's missing reports. */
function SpecialPeriods() {
  const { t, n, lang } = useI18n();
  const { api, session } = useAuth();
  const kp = keyPersonsApi(api);
  const { orgUnits } = useReference();
  const periods = useLoad(() => kp.specialPeriods(), []);
  const [form] = Form.useForm();
  const [problem, setProblem] = useState<string | null>(null);
  const units = subtreeCodes(orgUnits, session?.orgUnit ?? null);
  const dayOf = (v: unknown) =>
    v && typeof (v as { format?: unknown }).format === 'function' ? (v as { format(f: string): string }).format('YYYY-MM-DD') : '';
  return (
    <Card size="small" data-testid="kp-special-periods">
      <Typography.Title level={5}>{t('kpDeclare')}</Typography.Title>
      <Form
        form={form}
        layout="inline"
        data-testid="kp-declare-form"
        initialValues={{ orgUnit: session?.orgUnit ?? undefined }}
        onFinish={async (v: { orgUnit?: string; name?: string; startsOn?: unknown; endsOn?: unknown }) =>
          setProblem(
            await withFieldErrors(
              form,
              lang,
              () => kp.declareSpecialPeriod({ orgUnit: v.orgUnit ?? '', name: (v.name ?? '').trim(), startsOn: dayOf(v.startsOn), endsOn: dayOf(v.endsOn) }),
              () => {
                form.resetFields(['name', 'startsOn', 'endsOn']);
                periods.reload();
              },
            ),
          )
        }
      >
        <Form.Item name="orgUnit" label={t('orgUnit')} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" style={{ minWidth: 160 }} options={units.map((c) => ({ value: c, label: n(c) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('kpPeriodName')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="startsOn" label={t('kpStartsOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="endsOn" label={t('kpEndsOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Button htmlType="submit" type="primary" data-testid="kp-declare">
          {t('kpDeclare')}
        </Button>
      </Form>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginTop: 8 }} data-testid="form-errors" />}
      {periods.error && <ProblemAlert error={periods.error} onRetry={periods.reload} />}
      <Table<SpecialPeriodView>
        style={{ marginTop: 12 }}
        size="small"
        rowKey="id"
        loading={periods.loading}
        dataSource={periods.data ?? []}
        pagination={false}
        scroll={{ x: true }}
        expandable={{ expandedRowRender: (p) => <MissingList period={p} />, rowExpandable: (p) => periodDaysSoFar(p, Date.now()).length > 0 }}
        columns={[
          { title: t('kpPeriodName'), dataIndex: 'name' },
          { title: t('orgUnit'), dataIndex: 'orgUnit', render: (v: string) => n(v) },
          { title: t('kpStartsOn'), dataIndex: 'startsOn' },
          { title: t('kpEndsOn'), dataIndex: 'endsOn' },
          { title: t('kpPersonsInScope'), dataIndex: 'persons' },
          { title: t('kpBy'), dataIndex: 'declaredBy' },
        ]}
      />
    </Card>
  );
}

/** The leader's view: the figures, what waits for approval, the warnings (red = supervision), special periods, the register. */
export function KeyPersonLeaderPage() {
  const { t } = useI18n();
  return (
    <div data-testid="kp-leader">
      <StatsTile />
      <Tabs
        destroyInactiveTabPane
        items={[
          { key: 'approvals', label: t('kpApprovals'), children: <Approvals /> },
          { key: 'warnings', label: t('kpWarnings'), children: <Warnings /> },
          { key: 'periods', label: t('kpSpecialPeriods'), children: <SpecialPeriods /> },
          { key: 'register', label: t('kpRegister'), children: <RegisterTable /> },
        ]}
      />
    </div>
  );
}
