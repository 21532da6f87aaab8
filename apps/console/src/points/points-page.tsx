import { Alert, Button, Card, Empty, Form, Input, InputNumber, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { PointsEntryView, PointsLedgerView } from '@fengqiao/contracts';
import { useAuth } from '../auth/auth';
import { formatTime } from '../cases/case.helpers';
import { useI18n } from '../i18n/i18n';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';
import { ApiError } from '../api/problem';
import { pointsApi } from './points.api';
import { entryDetail, mayRedeem, pointsPowers, ruleCell, signedPoints } from './points.helpers';

/** A ledger: the balance and its entries, newest first. */
function Ledger({ ledger }: { ledger: PointsLedgerView }) {
  const { t } = useI18n();
  const words = { report: t('ptsReport'), capped: t('ptsCapped') };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Statistic title={t('ptsBalance')} value={ledger.balance} data-testid="points-balance" />
      {ledger.entries.length === 0 ? (
        <Empty description={t('ptsNone')} />
      ) : (
        <Table<PointsEntryView>
          size="small"
          rowKey="seq"
          pagination={false}
          scroll={{ x: true }}
          dataSource={ledger.entries}
          data-testid="points-entries"
          columns={[
            { title: t('ptsAt'), dataIndex: 'at', render: (v: string) => formatTime(v) },
            { title: t('ptsKind'), dataIndex: 'kind', render: (k: PointsEntryView['kind']) => <Tag>{t(`ptsEntry.${k}`)}</Tag> },
            {
              title: t('ptsChange'),
              dataIndex: 'points',
              render: (p: number) => <Typography.Text type={p < 0 ? 'danger' : 'success'}>{signedPoints(p)}</Typography.Text>,
            },
            { title: t('ptsAfter'), dataIndex: 'balance' },
            { title: t('ptsWhat'), key: 'what', render: (_: unknown, e) => entryDetail(e, words) },
          ]}
        />
      )}
    </Space>
  );
}

/** The rules in force, so a resident knows what a report earns and a clerk what to tell them. */
function Rules() {
  const { t, n } = useI18n();
  const { api } = useAuth();
  const rules = useLoad(() => pointsApi(api).rules(), []);
  if (rules.error) return null; // A resident may not read the rule set: the hint says enough.
  if (!rules.data) return null;
  const any = t('ptsAny');
  return (
    <Card size="small" title={`${t('ptsRules')} · ${t('ptsRulesVersion')} ${rules.data.version}`} data-testid="points-rules">
      <Table
        size="small"
        rowKey={(r) => `${r.kind}|${r.category}|${r.outcome}`}
        pagination={false}
        dataSource={rules.data.rules}
        columns={[
          { title: t('ptsKind'), key: 'kind', render: (_: unknown, r) => n(ruleCell(r, 'kind', any)) },
          { title: t('field.category'), key: 'category', render: (_: unknown, r) => n(ruleCell(r, 'category', any)) },
          { title: t('ptsWhat'), key: 'outcome', render: (_: unknown, r) => n(ruleCell(r, 'outcome', any)) },
          { title: t('ptsPoints'), dataIndex: 'points' },
        ]}
      />
      <Typography.Text type="secondary">
        {t('ptsDailyCap')}: {rules.data.dailyCap ?? t('ptsNoCap')}
      </Typography.Text>
    </Card>
  );
}

/** The resident's own ledger (GET /api/v1/points/me), phone first. */
function MyPoints() {
  const { t } = useI18n();
  const { api } = useAuth();
  const mine = useLoad(() => pointsApi(api).mine(), []);
  return (
    <Card size="small" title={t('ptsMine')}>
      <Alert type="info" showIcon message={t('ptsMineHint')} style={{ marginBottom: 12 }} />
      {mine.error ? (
        <ProblemAlert error={mine.error} onRetry={mine.reload} />
      ) : mine.data ? (
        <Ledger ledger={mine.data} />
      ) : (
        <Empty description={t('loading')} />
      )}
    </Card>
  );
}

/** A clerk's redemption at the safety supermarket (平安超市): item and points, refused by the API when the balance is short. */
function RedeemForm({ ledger, onDone }: { ledger: PointsLedgerView; onDone: (l: PointsLedgerView) => void }) {
  const { t } = useI18n();
  const { api } = useAuth();
  const [form] = Form.useForm<{ item: string; points: number; note?: string }>();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const points = Form.useWatch('points', form);
  const submit = async (v: { item: string; points: number; note?: string }) => {
    setBusy(true);
    setError(null);
    try {
      onDone(await pointsApi(api).redeem(ledger.residentSub, { item: v.item, points: v.points, note: v.note || undefined }));
      form.resetFields();
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="inline" onFinish={submit} data-testid="points-redeem">
      <Form.Item name="item" label={t('ptsItem')} rules={[{ required: true, max: 100 }]}>
        <Input placeholder={t('ptsItemPlaceholder')} maxLength={100} data-testid="points-item" />
      </Form.Item>
      <Form.Item name="points" label={t('ptsPoints')} rules={[{ required: true }]}>
        <InputNumber min={1} precision={0} data-testid="points-points" />
      </Form.Item>
      <Form.Item name="note" label={t('ptsNote')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item>
        {/* The balance check is the API's (409 when short); the button only stops an obvious slip. */}
        <Button type="primary" htmlType="submit" loading={busy} disabled={!mayRedeem(ledger.balance, points)} data-testid="points-redeem-submit">
          {t('ptsRedeem')}
        </Button>
      </Form.Item>
      {error && <ProblemAlert error={error} />}
    </Form>
  );
}

/** Clerks, leaders and admins: residents' accounts in their jurisdiction, a ledger, and (a clerk) redemption. */
function Accounts({ mayRedeemHere }: { mayRedeemHere: boolean }) {
  const { t } = useI18n();
  const { api } = useAuth();
  const [username, setUsername] = useState<string | undefined>();
  const [open, setOpen] = useState<string | null>(null);
  const accounts = useLoad(() => pointsApi(api).accounts(username), [username]);
  const ledger = useLoad(async () => (open ? pointsApi(api).ledger(open) : null), [open]);
  if (open) {
    return (
      <Card size="small" title={ledger.data?.residentUsername ?? open} extra={<Button onClick={() => setOpen(null)}>{t('ptsBack')}</Button>}>
        {ledger.error ? (
          <ProblemAlert error={ledger.error} onRetry={ledger.reload} />
        ) : ledger.data ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            {mayRedeemHere && <RedeemForm ledger={ledger.data} onDone={(l) => ledger.set(l)} />}
            <Ledger ledger={ledger.data} />
          </Space>
        ) : (
          <Empty description={t('loading')} />
        )}
      </Card>
    );
  }
  return (
    <Card
      size="small"
      title={t('ptsAccounts')}
      extra={<Input.Search allowClear placeholder={t('ptsSearch')} onSearch={(v) => setUsername(v.trim() || undefined)} data-testid="points-search" />}
    >
      {accounts.error ? (
        <ProblemAlert error={accounts.error} onRetry={accounts.reload} />
      ) : (
        <Table
          size="small"
          rowKey="residentSub"
          loading={accounts.loading}
          dataSource={accounts.data ?? []}
          data-testid="points-accounts"
          columns={[
            { title: t('ptsResident'), dataIndex: 'residentUsername' },
            { title: t('ptsGrid'), dataIndex: 'gridCode' },
            { title: t('ptsBalance'), dataIndex: 'balance' },
            { title: t('ptsUpdated'), dataIndex: 'updatedAt', render: (v: string) => formatTime(v) },
            {
              title: '',
              key: 'open',
              render: (_: unknown, a) => (
                <Button size="small" onClick={() => setOpen(a.residentSub)} data-testid={`points-open-${a.residentUsername}`}>
                  {t('ptsOpen')}
                </Button>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

/** 积分: a resident's own ledger; a clerk's, leader's or admin's residents' accounts (a clerk redeems). */
export function PointsPage() {
  const { session } = useAuth();
  const powers = useMemo(() => pointsPowers(session?.roles ?? []), [session]);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      {powers.read ? <Accounts mayRedeemHere={powers.redeem} /> : <MyPoints />}
      <Rules />
    </Space>
  );
}
