import { Alert, Button, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { LEGAL_AID_MATTERS, PROVIDER_TYPES, type ProviderView } from '@fengqiao/contracts';
import { useAuth } from '../auth/auth';
import { useI18n } from '../i18n/i18n';
import { subtreeCodes, useReference } from '../reference/reference';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';
import { withFieldErrors } from './form-problems';
import { legalAidApi } from './legal-aid.api';
import { providerBody, type ProviderValues } from './legal-aid.helpers';

/** Adds a provider, or changes one (`editing`). */
function ProviderDialog({ editing, onClose, onSaved }: { editing: ProviderView | null; onClose(): void; onSaved(): void }) {
  const { t, n, lang } = useI18n();
  const { api, session } = useAuth();
  const { orgUnits } = useReference();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const opts = (codes: readonly string[]) => codes.map((code) => ({ value: code, label: n(code) }));
  const units = subtreeCodes(orgUnits, session?.orgUnit ?? null);
  const initial: ProviderValues = editing ?? { type: 'firm-lawyer', capacity: 5, active: true, orgUnit: session?.orgUnit ?? undefined };

  const save = async () => {
    setBusy(true);
    const body = providerBody(form.getFieldsValue(true) as ProviderValues);
    const la = legalAidApi(api);
    setProblem(await withFieldErrors(form, lang, () => (editing ? la.changeProvider(editing.id, body) : la.addProvider(body)), onSaved));
    setBusy(false);
  };

  return (
    <Modal open title={editing ? `${t('laEditProvider')} · ${editing.name}` : t('laAddProvider')} onCancel={onClose} footer={null} destroyOnClose>
      <Form form={form} layout="vertical" name="legal-aid-provider" initialValues={initial} onFinish={save}>
        <Form.Item name="name" label={t('laProviderName')} required>
          <Input maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item name="type" label={t('laProviderType')} required>
          <Select options={opts(PROVIDER_TYPES)} />
        </Form.Item>
        <Form.Item name="organisation" label={t('laOrganisation')} required>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="specialities" label={t('laSpecialities')} required>
          <Select mode="multiple" optionFilterProp="label" options={opts(LEGAL_AID_MATTERS)} />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="orgUnit" label={t('orgUnit')} required>
            <Select showSearch optionFilterProp="label" style={{ minWidth: 160 }} options={opts(units)} />
          </Form.Item>
          <Form.Item name="capacity" label={t('laCapacity')} required>
            <InputNumber min={1} max={100} precision={0} />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="username" label={t('laUsername')}>
            <Input maxLength={100} autoComplete="off" />
          </Form.Item>
          <Form.Item name="active" label={t('laActive')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        {problem && <Alert role="alert" type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('laSave')}
          </Button>
          <Button onClick={onClose}>{t('cancel')}</Button>
        </Space>
      </Form>
    </Modal>
  );
}

/** The provider roster (法律援助人员) of the officer's subtree: load against capacity, specialities; add and change. */
export function ProvidersScreen() {
  const { t, n } = useI18n();
  const { api } = useAuth();
  const roster = useLoad(() => legalAidApi(api).providers(), []);
  const [editing, setEditing] = useState<ProviderView | 'new' | null>(null);
  return (
    <div data-testid="legal-aid-providers">
      {roster.error && <ProblemAlert error={roster.error} onRetry={roster.reload} />}
      <Button type="primary" onClick={() => setEditing('new')} style={{ marginBottom: 8 }}>
        {t('laAddProvider')}
      </Button>
      <Table<ProviderView>
        size="small"
        rowKey="id"
        loading={roster.loading}
        dataSource={roster.data ?? []}
        scroll={{ x: true }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('laProviderName'), dataIndex: 'name' },
          { title: t('laProviderType'), dataIndex: 'type', render: (v: string) => n(v) },
          { title: t('laOrganisation'), dataIndex: 'organisation' },
          { title: t('orgUnit'), dataIndex: 'orgUnit', render: (v: string) => n(v) },
          { title: t('laSpecialities'), dataIndex: 'specialities', render: (v: string[]) => v.map((s) => <Tag key={s}>{n(s)}</Tag>) },
          {
            title: t('load'),
            key: 'load',
            render: (_: unknown, p) => (
              <Tag color={p.load >= p.capacity ? 'red' : p.load / p.capacity >= 0.7 ? 'gold' : 'green'}>{`${p.load}/${p.capacity}`}</Tag>
            ),
          },
          { title: t('laUsername'), dataIndex: 'username', render: (v: string | null) => v ?? '—' },
          { title: t('laActive'), dataIndex: 'active', render: (v: boolean) => (v ? t('laYes') : t('laNo')) },
          {
            title: t('actions'),
            key: 'edit',
            render: (_: unknown, p) => (
              <Button size="small" onClick={() => setEditing(p)} data-provider={p.name}>
                {t('laEditProvider')}
              </Button>
            ),
          },
        ]}
      />
      {editing && (
        <ProviderDialog
          editing={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            roster.reload();
          }}
        />
      )}
    </div>
  );
}
