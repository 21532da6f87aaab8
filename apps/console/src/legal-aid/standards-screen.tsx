import { Alert, Button, Card, Form, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { EconomicStandard, EconomicStandardInput } from '@fengqiao/contracts';
import { useAuth } from '../auth/auth';
import { formatTime } from '../cases/case.helpers';
import { useI18n } from '../i18n/i18n';
import { useReference } from '../reference/reference';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';
import { withFieldErrors } from './form-problems';
import { legalAidApi } from './legal-aid.api';
import { standardBody, thresholdOf } from './legal-aid.helpers';

/**
 * The economic-hardship standards (经济困难标准), versioned per province, city or county: every
 * version with its source; a new version is loaded with the document it comes from.
 */
export function StandardsScreen() {
  const { t, n, lang } = useI18n();
  const { api } = useAuth();
  const { orgUnits } = useReference();
  const standards = useLoad(() => legalAidApi(api).standards(), []);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // Standards are set by provinces, cities and counties (the tree's top is a city).
  const units = orgUnits.filter((u) => u.level === 'city' || u.level === 'county').map((u) => ({ value: u.code, label: n(u.code) }));

  const load = async () => {
    setBusy(true);
    const body = standardBody(form.getFieldsValue(true) as Partial<EconomicStandardInput>);
    setProblem(
      await withFieldErrors(
        form,
        lang,
        () => legalAidApi(api).loadStandard(body),
        () => {
          form.resetFields();
          standards.reload();
        },
      ),
    );
    setBusy(false);
  };

  return (
    <div data-testid="legal-aid-standards">
      <Typography.Paragraph type="secondary">{t('laStandardHelp')}</Typography.Paragraph>
      {standards.error && <ProblemAlert error={standards.error} onRetry={standards.reload} />}
      <Table<EconomicStandard>
        size="small"
        rowKey="id"
        loading={standards.loading}
        dataSource={standards.data ?? []}
        scroll={{ x: true }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('orgUnit'), dataIndex: 'orgUnit', render: (v: string) => n(v) },
          { title: t('laVersion'), dataIndex: 'version' },
          { title: t('laMinimumLiving'), dataIndex: 'minimumLivingMonthly' },
          { title: t('laMultiplier'), dataIndex: 'multiplier' },
          { title: t('laThreshold'), key: 'th', render: (_: unknown, s) => thresholdOf(s) },
          { title: t('laEffectiveFrom'), dataIndex: 'effectiveFrom' },
          { title: t('laSource'), dataIndex: 'source', ellipsis: true },
          { title: t('laLoadedBy'), key: 'by', render: (_: unknown, s) => `${s.loadedBy} · ${formatTime(s.loadedAt)}` },
        ]}
      />
      <Card size="small" title={t('laLoadStandard')} style={{ marginTop: 12 }}>
        <Form form={form} layout="vertical" name="legal-aid-standard" onFinish={load} initialValues={{ multiplier: 2 }}>
          <Space wrap align="start">
            <Form.Item name="orgUnit" label={t('orgUnit')} required>
              <Select showSearch optionFilterProp="label" style={{ minWidth: 160 }} options={units} />
            </Form.Item>
            <Form.Item name="minimumLivingMonthly" label={t('laMinimumLiving')} required>
              <InputNumber min={0} precision={2} />
            </Form.Item>
            <Form.Item name="multiplier" label={t('laMultiplier')} required>
              <InputNumber min={0.1} max={10} step={0.1} />
            </Form.Item>
            <Form.Item name="effectiveFrom" label={t('laEffectiveFrom')} required>
              <Input type="date" />
            </Form.Item>
          </Space>
          <Form.Item name="source" label={t('laSource')} required>
            <Input maxLength={500} />
          </Form.Item>
          {problem && <Alert role="alert" type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('laLoadStandard')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
