import { Alert, Button, Card, Form, Input, Modal, Radio, Select, Space, Table, Tabs, Tag, Typography, message } from 'antd';
import { useEffect, useState } from 'react';
import { KEY_PERSON_RISK_LEVELS, KEY_PERSON_STATUSES, MEASURE_KINDS, type KeyPersonExportView, type KeyPersonListItem } from '@fengqiao/contracts';
import { useAuth } from '../auth/auth';
import { formatTime } from '../cases/case.helpers';
import { useI18n } from '../i18n/i18n';
import { withFieldErrors } from '../legal-aid/form-problems';
import { saveFile } from '../legal-aid/legal-aid.api';
import { subtreeCodes, useReference } from '../reference/reference';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';
import { keyPersonsApi } from './key-persons.api';
import { createBody, keyPersonPowers, type CreateValues } from './key-persons.helpers';
import { kpCode, type KeyPersonCodeKind } from './key-persons.words';
import { ResponsibleFields } from './kp-dialogs';
import { ColourTag, RiskTag } from './kp-parts';
import { PurposeDialog, RecordDrawer } from './kp-record';

/** Categories are data (GET /categories): loaded once, their names added to the console's code names. */
export function useKeyPersonCategories() {
  const { api } = useAuth();
  const { addNames } = useI18n();
  const cats = useLoad(() => keyPersonsApi(api).categories(), []);
  useEffect(() => {
    if (cats.data) addNames(Object.fromEntries(cats.data.map((c) => [c.code, { zh: c.name, en: c.nameEn }])));
  }, [cats.data, addNames]);
  return cats;
}

/** The add form: who, why, how risky, who stands responsible, what is done. */
function AddDialog({ onClose, onDone }: { onClose(): void; onDone(p: KeyPersonListItem): void }) {
  const { t, n, lang } = useI18n();
  const { api, session } = useAuth();
  const { orgUnits } = useReference();
  const cats = useKeyPersonCategories();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const units = subtreeCodes(orgUnits, session?.orgUnit ?? null);
  const opts = (kind: KeyPersonCodeKind, codes: readonly string[]) => codes.map((c) => ({ value: c, label: kpCode(kind, c, lang) }));
  const save = async () => {
    setBusy(true);
    const body = createBody(form.getFieldsValue(true) as CreateValues);
    setProblem(await withFieldErrors(form, lang, () => keyPersonsApi(api).create(body), onDone));
    setBusy(false);
  };
  return (
    <Modal
      open
      title={t('kpAdd')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnClose
      maskClosable={false}
      width="min(760px, 100vw)"
    >
      <Form
        form={form}
        layout="vertical"
        data-testid="kp-add-form"
        initialValues={{ riskLevel: 'low', orgUnit: session?.orgUnit ?? undefined, responsible: [{ role: 'grid-worker' }], measures: [] }}
        onFinish={save}
        onFinishFailed={() => setProblem(t('formHasErrors'))}
      >
        <Space wrap align="start">
          <Form.Item name="name" label={t('kpName')} rules={[{ required: true }]}>
            <Input maxLength={100} autoComplete="off" />
          </Form.Item>
          <Form.Item name="idNumber" label={t('kpIdNumber')}>
            <Input maxLength={18} autoComplete="off" />
          </Form.Item>
          <Form.Item name="phone" label={t('kpPhone')}>
            <Input maxLength={20} autoComplete="off" inputMode="tel" />
          </Form.Item>
          <Form.Item name="gender" label={t('kpGender')}>
            <Radio.Group optionType="button" options={opts('gender', ['female', 'male'])} />
          </Form.Item>
        </Space>
        <Form.Item name="address" label={t('kpAddress')}>
          <Input maxLength={500} />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="category" label={t('kpCategory')} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              style={{ minWidth: 200 }}
              loading={cats.loading}
              options={(cats.data ?? []).filter((c) => c.active).map((c) => ({ value: c.code, label: lang === 'zh' ? c.name : c.nameEn }))}
            />
          </Form.Item>
          <Form.Item name="riskLevel" label={t('kpRisk')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={opts('risk', KEY_PERSON_RISK_LEVELS)} />
          </Form.Item>
          <Form.Item name="orgUnit" label={t('orgUnit')} rules={[{ required: true }]}>
            <Select showSearch optionFilterProp="label" style={{ minWidth: 180 }} options={units.map((c) => ({ value: c, label: n(c) }))} />
          </Form.Item>
        </Space>
        <Form.Item name="description" label={t('kpDescription')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item name="reason" label={t('kpReason')} rules={[{ required: true, min: 2 }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <ResponsibleFields />
        <Form.List name="measures">
          {(fields, { add, remove }) => (
            <>
              <Typography.Text strong>{t('kpMeasures')}</Typography.Text>
              {fields.map((f, i) => (
                <Space key={f.key} wrap align="start" style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'kind']} label={`${t('kpMeasureKind')} ${i + 1}`} rules={[{ required: true }]}>
                    <Select style={{ width: 110 }} options={opts('measureKind', MEASURE_KINDS)} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'text']} label={`${t('kpMeasureText')} ${i + 1}`} rules={[{ required: true }]}>
                    <Input maxLength={1000} style={{ width: 360, maxWidth: '70vw' }} />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)} style={{ marginTop: 30 }}>
                    {t('kpRemove')}
                  </Button>
                </Space>
              ))}
              <div style={{ marginBottom: 12 }}>
                <Button onClick={() => add({ kind: 'help' })}>{t('kpAddMeasure')}</Button>
              </div>
            </>
          )}
        </Form.List>
        {problem && <Alert type="error" showIcon message={problem} data-testid="form-errors" />}
      </Form>
    </Modal>
  );
}

/** The masked register with its filters; a row opens only through the purpose dialog. */
export function RegisterTable({ extraFilter = {}, onChanged }: { extraFilter?: Record<string, string>; onChanged?(): void }) {
  const { t, n, lang } = useI18n();
  const { api, session } = useAuth();
  const powers = keyPersonPowers(session?.roles ?? []);
  const cats = useKeyPersonCategories();
  const [filter, setFilter] = useState<{ category?: string; riskLevel?: string; status?: string }>({ status: 'active', ...extraFilter });
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const [asking, setAsking] = useState<KeyPersonListItem | null>(null);
  const [opened, setOpened] = useState<{ id: string; purpose: string } | null>(null);
  const list = useLoad(() => keyPersonsApi(api).list({ ...filter, page, pageSize: 20 }), [JSON.stringify(filter), page]);
  const select = (key: keyof typeof filter, options: Array<{ value: string; label: string }>, label: string) => (
    <Select
      allowClear
      aria-label={label}
      placeholder={label}
      style={{ minWidth: 140 }}
      value={filter[key]}
      options={options}
      onChange={(v: string | undefined) => {
        setPage(1);
        setFilter((f) => ({ ...f, [key]: v }));
      }}
    />
  );
  return (
    <Card size="small" data-testid="kp-register">
      <Space wrap style={{ marginBottom: 8 }}>
        {select(
          'category',
          (cats.data ?? []).map((c) => ({ value: c.code, label: lang === 'zh' ? c.name : c.nameEn })),
          t('kpCategory'),
        )}
        {select(
          'riskLevel',
          KEY_PERSON_RISK_LEVELS.map((c) => ({ value: c, label: kpCode('risk', c, lang) })),
          t('kpRisk'),
        )}
        {select(
          'status',
          KEY_PERSON_STATUSES.map((c) => ({ value: c, label: kpCode('status', c, lang) })),
          t('kpStatus'),
        )}
        {powers.keep && (
          <Button type="primary" onClick={() => setAdding(true)} data-testid="kp-add">
            {t('kpAdd')}
          </Button>
        )}
      </Space>
      {list.error && <ProblemAlert error={list.error} onRetry={list.reload} />}
      <Table<KeyPersonListItem>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: true }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
        columns={[
          {
            title: t('kpMaskedName'),
            dataIndex: 'nameMasked',
            render: (v: string, p) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => setAsking(p)} data-person={p.id}>
                {v}
              </Button>
            ),
          },
          { title: t('kpCategory'), dataIndex: 'category', render: (v: string) => n(v) },
          { title: t('kpRisk'), dataIndex: 'riskLevel', render: (v: KeyPersonListItem['riskLevel']) => <RiskTag level={v} /> },
          { title: t('kpStatus'), dataIndex: 'status', render: (v: string) => <Tag data-status={v}>{kpCode('status', v, lang)}</Tag> },
          { title: t('kpColour'), dataIndex: 'colour', render: (c: KeyPersonListItem['colour']) => <ColourTag colour={c} /> },
          { title: t('kpNextContact'), dataIndex: 'nextContactDue', render: (v: string | null) => formatTime(v) },
          { title: t('orgUnit'), dataIndex: 'orgUnit', render: (v: string) => n(v) },
          {
            title: t('kpResponsible'),
            dataIndex: 'responsible',
            render: (rs: KeyPersonListItem['responsible']) =>
              rs.map((r) => <Tag key={r.username}>{`${kpCode('responsibleRole', r.role, lang)} · ${r.username}`}</Tag>),
          },
        ]}
      />
      {adding && (
        <AddDialog
          onClose={() => setAdding(false)}
          onDone={(p) => {
            setAdding(false);
            void message.success(`${t('kpCreated')} · ${p.nameMasked}`);
            list.reload();
          }}
        />
      )}
      {asking && (
        <PurposeDialog
          label={asking.nameMasked}
          onCancel={() => setAsking(null)}
          onOpen={(purpose) => {
            setOpened({ id: asking.id, purpose });
            setAsking(null);
          }}
        />
      )}
      <RecordDrawer
        target={opened}
        onClose={() => setOpened(null)}
        onChanged={() => {
          list.reload();
          onChanged?.();
        }}
      />
    </Card>
  );
}

/** Bulk exports: requested by an officer, approved by a leader, fetched once by the requester. */
export function ExportsScreen() {
  const { t, n, lang } = useI18n();
  const { api, session } = useAuth();
  const kp = keyPersonsApi(api);
  const { orgUnits } = useReference();
  const exports = useLoad(() => kp.exports(), []);
  const [form] = Form.useForm();
  const [problem, setProblem] = useState<string | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const units = subtreeCodes(orgUnits, session?.orgUnit ?? null);
  const download = async (x: KeyPersonExportView) => {
    setFileProblem(null);
    try {
      const f = await kp.exportFile(x.id);
      saveFile(f.blob, f.filename ?? `key-persons-${x.orgUnit}.csv`);
    } catch (e) {
      setFileProblem(e instanceof Error ? e.message : String(e));
    }
    exports.reload();
  };
  return (
    <Card size="small" data-testid="kp-exports">
      <Form
        form={form}
        layout="inline"
        initialValues={{ orgUnit: session?.orgUnit ?? undefined }}
        onFinish={async (v: { orgUnit?: string; purpose?: string }) =>
          setProblem(
            await withFieldErrors(
              form,
              lang,
              () => kp.requestExport({ orgUnit: v.orgUnit ?? '', purpose: (v.purpose ?? '').trim() }),
              () => {
                form.resetFields(['purpose']);
                exports.reload();
              },
            ),
          )
        }
      >
        <Form.Item name="orgUnit" label={t('orgUnit')} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" style={{ minWidth: 160 }} options={units.map((c) => ({ value: c, label: n(c) }))} />
        </Form.Item>
        <Form.Item name="purpose" label={t('kpExportPurpose')} rules={[{ required: true }]}>
          <Input maxLength={200} style={{ width: 280 }} />
        </Form.Item>
        <Button htmlType="submit">{t('kpRequestExport')}</Button>
      </Form>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginTop: 8 }} />}
      {fileProblem && <Alert type="error" showIcon message={fileProblem} style={{ marginTop: 8 }} />}
      {exports.error && <ProblemAlert error={exports.error} onRetry={exports.reload} />}
      <Table<KeyPersonExportView>
        style={{ marginTop: 8 }}
        size="small"
        rowKey="id"
        loading={exports.loading}
        dataSource={exports.data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: true }}
        columns={[
          { title: t('orgUnit'), dataIndex: 'orgUnit', render: (v: string) => n(v) },
          { title: t('kpExportPurpose'), dataIndex: 'purpose' },
          { title: t('status'), dataIndex: 'status', render: (v: string) => <Tag data-status={v}>{kpCode('exportStatus', v, lang)}</Tag> },
          { title: t('kpRequestedBy'), dataIndex: 'requestedBy' },
          { title: t('kpRequestedAt'), dataIndex: 'requestedAt', render: (v: string) => formatTime(v) },
          {
            key: 'file',
            render: (_: unknown, x) =>
              x.status === 'approved' && x.requestedBy === session?.username ? (
                <Button size="small" onClick={() => void download(x)}>
                  {t('kpDownload')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

/** The key-person officer's register (and the leader's, who keeps it too): the masked list, adding, records, exports. */
export function KeyPersonsPage() {
  const { t } = useI18n();
  const { session } = useAuth();
  const powers = keyPersonPowers(session?.roles ?? []);
  return (
    <div data-testid="kp-register-page">
      <Tabs
        destroyInactiveTabPane
        items={[
          { key: 'register', label: t('kpRegister'), children: <RegisterTable /> },
          ...(powers.keep ? [{ key: 'exports', label: t('kpExports'), children: <ExportsScreen /> }] : []),
        ]}
      />
    </div>
  );
}
