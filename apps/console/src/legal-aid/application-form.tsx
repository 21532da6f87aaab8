import { Alert, Button, Checkbox, Divider, Form, Input, InputNumber, Modal, Radio, Select, Space, Switch, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { ECONOMIC_EXEMPTIONS, LEGAL_AID_MATTERS, NOTIFYING_BODIES, SECTION_32_GROUNDS, type LegalAidMatter } from '@fengqiao/contracts';
import type { CaseView } from '../api/api.types';
import { ApiError, describeProblem, fieldErrors } from '../api/problem';
import { useAuth } from '../auth/auth';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { MATTER_INFO } from './legal-aid.codes';
import { factsBody, needsDescription, type ApplicationValues } from './legal-aid.helpers';

/** Staff who may record a §36 notification or a §39 custody forwarding for the applicant. */
const STAFF = ['clerk', 'legal-aid-officer'];

/**
 * The `apply` action of a legal-aid case: the application's facts (applicationFactsSchema), each
 * question with one line on what its answer means. Laid out for a phone. The API judges the facts:
 * its `errors[].path` (`household.monthlyIncome`) lands on the field it names.
 */
export function ApplicationForm({ c, onDone }: { c: Pick<CaseView, 'id' | 'caseNo'>; onDone(updated: CaseView): void }) {
  const { t, n, lang } = useI18n();
  const { api, session } = useAuth();
  const staff = (session?.roles ?? []).some((r) => STAFF.includes(r));
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const matter = Form.useWatch('matter', form) as LegalAidMatter | undefined;
  const notificationOn = Form.useWatch('notificationOn', form) as boolean | undefined;
  const custodyOn = Form.useWatch('custodyOn', form) as boolean | undefined;
  const opts = (codes: readonly string[]) => codes.map((code) => ({ value: code, label: n(code) }));
  const help = (key: MessageKey) => <span className="fq-help">{t(key)}</span>;

  const submit = async () => {
    setBusy(true);
    setProblem(null);
    form.setFields(form.getFieldsError().map((f) => ({ name: f.name, errors: [] })));
    try {
      onDone(await api.act(c.id, 'apply', factsBody(form.getFieldsValue(true) as ApplicationValues, staff)));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const errs = fieldErrors(e.problem.errors, lang);
      if (errs.length) {
        form.setFields(errs.map((f) => ({ name: f.name, errors: f.errors })));
        form.scrollToField(errs[0]!.name, { focus: true });
      }
      setProblem(errs.length ? t('formHasErrors') : describeProblem(e.problem, lang).text);
    } finally {
      setBusy(false);
    }
  };

  const matterInfo = matter ? MATTER_INFO[matter] : null;
  const section = (title: ReactNode) => (
    <Divider orientation="left" orientationMargin={0} style={{ margin: '8px 0' }}>
      {title}
    </Divider>
  );

  return (
    <Form
      form={form}
      layout="vertical"
      name="legal-aid-apply"
      onFinish={submit}
      initialValues={{ statementSigned: false, urgentPreservation: false }}
      requiredMark
    >
      <Form.Item name="matter" label={t('laMatter')} required extra={matterInfo ? `${matterInfo.article} · ${matterInfo[lang]}` : t('laMatterHelp')}>
        <Select
          showSearch
          optionFilterProp="label"
          options={LEGAL_AID_MATTERS.map((m) => ({ value: m, label: `${n(m)}（${MATTER_INFO[m].article}）` }))}
          data-testid="matter-select"
        />
      </Form.Item>
      <Form.Item name="matterDescription" label={t('laMatterDescription')} required={needsDescription(matter)} extra={help('laMatterDescriptionHelp')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item name="hasOwnLawyer" label={t('laHasOwnLawyer')} required extra={help('laHasOwnLawyerHelp')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'no', label: t('laNo') },
            { value: 'yes', label: t('laYes') },
          ]}
        />
      </Form.Item>

      {section(t('laEconomic'))}
      <Form.Item name="section32Ground" label={t('laSection32')} extra={help('laSection32Help')}>
        <Select allowClear showSearch optionFilterProp="label" options={opts(SECTION_32_GROUNDS)} />
      </Form.Item>
      <Form.Item name="exemptions" label={t('laExemptions')} extra={help('laExemptionsHelp')}>
        <Select mode="multiple" allowClear optionFilterProp="label" options={opts(ECONOMIC_EXEMPTIONS)} />
      </Form.Item>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('laHouseholdHelp')}
      </Typography.Paragraph>
      <Space wrap align="start" style={{ display: 'flex' }}>
        <Form.Item name={['household', 'members']} label={t('laMembers')} extra={help('laMembersHelp')}>
          <InputNumber min={1} max={30} precision={0} inputMode="numeric" style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name={['household', 'monthlyIncome']} label={t('laIncome')} extra={help('laIncomeHelp')}>
          <InputNumber min={0} precision={2} inputMode="decimal" style={{ width: 180 }} />
        </Form.Item>
      </Space>

      {staff && (
        <>
          {section(t('laStaffOnly'))}
          <Form.Item name="notificationOn" label={t('laNotificationOn')} valuePropName="checked" extra={help('laNotificationHelp')}>
            <Switch />
          </Form.Item>
          {notificationOn && (
            <Space wrap align="start" style={{ display: 'flex' }}>
              <Form.Item name={['notification', 'body']} label={t('laNotifyingBody')} required>
                <Select style={{ minWidth: 140 }} options={opts(NOTIFYING_BODIES)} />
              </Form.Item>
              <Form.Item name={['notification', 'bodyName']} label={t('laNotifyingBodyName')} required>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name={['notification', 'receivedAt']} label={t('laReceivedAt')} required>
                <Input type="datetime-local" />
              </Form.Item>
            </Space>
          )}
          <Form.Item name="custodyOn" label={t('laCustodyOn')} valuePropName="checked" extra={help('laCustodyHelp')}>
            <Switch />
          </Form.Item>
          {custodyOn && (
            <Space wrap align="start" style={{ display: 'flex' }}>
              <Form.Item name={['custody', 'facility']} label={t('laFacility')} required>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name={['custody', 'handedAt']} label={t('laHandedAt')} required>
                <Input type="datetime-local" />
              </Form.Item>
              <Form.Item name={['custody', 'forwardedAt']} label={t('laForwardedAt')} required>
                <Input type="datetime-local" />
              </Form.Item>
            </Space>
          )}
        </>
      )}

      {section(n('advance-aid'))}
      <Form.Item name="limitationEndsOn" label={t('laLimitation')} extra={help('laLimitationHelp')}>
        <Input type="date" style={{ maxWidth: 200 }} />
      </Form.Item>
      <Form.Item name="urgentPreservation" label={t('laUrgent')} valuePropName="checked" extra={help('laUrgentHelp')}>
        <Switch />
      </Form.Item>

      <Divider style={{ margin: '8px 0' }} />
      <Form.Item name="statementSigned" valuePropName="checked" extra={help('laStatementHelp')}>
        <Checkbox data-testid="statement-signed">{t('laStatement')}</Checkbox>
      </Form.Item>
      {problem && <Alert role="alert" data-testid="form-errors" type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" loading={busy} block size="large" data-testid="legal-aid-apply">
        {t('laApply')}
      </Button>
    </Form>
  );
}

/** The application form over a case already open (the case's `apply` button). */
export function ApplyDialog({ c, onClose, onDone }: { c: Pick<CaseView, 'id' | 'caseNo'>; onClose(): void; onDone(updated: CaseView): void }) {
  const { t } = useI18n();
  return (
    <Modal open title={`${t('laFactsTitle')} · ${c.caseNo}`} onCancel={onClose} footer={null} destroyOnClose width="min(720px, 100vw)">
      <ApplicationForm c={c} onDone={onDone} />
    </Modal>
  );
}
