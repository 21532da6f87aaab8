import { Alert, Button, Form, Input, Select, Space } from 'antd';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { CASE_KINDS, CHANNELS, type CaseKind, type Channel, type PartyInput } from '@fengqiao/contracts';
import type { CaseView, CreateCaseInput } from '../api/api.types';
import { ApiError, describeProblem, fieldErrors } from '../api/problem';
import { useAuth } from '../auth/auth';
import type { MessageKey } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import { subtreeCodes, useReference } from '../reference/reference';
import { ProblemAlert } from '../shell/problem-alert';

interface Values {
  kind: CaseKind;
  category?: string;
  title?: string;
  description?: string;
  channel: Channel;
  orgUnit?: string;
  address?: string;
  parties: Array<{ role: PartyInput['role']; name?: string; idNumber?: string; phone?: string }>;
}

const blank = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined);

export function toNewCase(v: Values): CreateCaseInput {
  const parties = (v.parties ?? [])
    .filter((p, i) => i === 0 || blank(p.name))
    .map((p) => ({
      role: p.role,
      name: (p.name ?? '').trim(),
      ...(blank(p.idNumber) ? { idNumber: blank(p.idNumber) } : {}),
      ...(blank(p.phone) ? { phone: blank(p.phone) } : {}),
    }));
  return {
    kind: v.kind,
    category: v.category as string, // missing: the API answers with the field's message
    title: (v.title ?? '').trim(),
    description: (v.description ?? '').trim(),
    channel: v.channel,
    orgUnit: v.orgUnit ?? '',
    ...(blank(v.address) ? { location: { address: blank(v.address) } } : {}),
    parties,
  };
}

/**
 * Registers a matter. The API is the judge of validity: its problem+json `errors[].path`
 * lands on the field it names, in the chosen language. Ctrl+Enter submits (clerks at the window).
 */
export function RegisterForm({
  mode,
  kind,
  channels = CHANNELS,
  labels = {},
  onRegistered,
}: {
  mode: 'resident' | 'clerk';
  /** A desk of one kind (the petition desk): the kind is fixed and not asked. */
  kind?: CaseKind;
  /** The channels offered at this desk, the first preselected (a clerk's desk). */
  channels?: readonly Channel[];
  /** A kind's own words for the title and the second party (legal aid: the opposing party). */
  labels?: { title?: MessageKey; respondent?: MessageKey };
  onRegistered(c: CaseView): void;
}) {
  const { t, n, lang } = useI18n();
  const { api, session } = useAuth();
  const reference = useReference();
  // Matters are filed at a township or village (grids are a location's detail), inside the clerk's own
  // subtree (anywhere for a resident); a clerk's own unit is always offered, whatever its level.
  const own = session?.orgUnit ?? null;
  const registrable = new Set(reference.orgUnits.filter((u) => u.level === 'township' || u.level === 'village' || u.code === own).map((u) => u.code));
  const orgUnitCodes = subtreeCodes(reference.orgUnits, own).filter((c) => registrable.has(c));
  const categoryCodes = reference.categories.map((c) => c.code);
  const [form] = Form.useForm();
  // Categories arrive after the form: preselect the most common one (邻里纠纷) when this deployment has it.
  const hasNeighbour = categoryCodes.includes('neighbour');
  useEffect(() => {
    if (hasNeighbour && !form.getFieldValue('category')) form.setFieldValue('category', 'neighbour');
  }, [form, hasNeighbour]);
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const opts = (codes: readonly string[]) => codes.map((code) => ({ value: code, label: n(code) }));

  const submit = async () => {
    setBusy(true);
    setSummary(null);
    setFailure(null);
    // Errors of the last attempt go: the API answers anew.
    form.setFields(form.getFieldsError().map((f) => ({ name: f.name, errors: [] })));
    try {
      const created = await api.createCase(toNewCase(form.getFieldsValue(true) as Values));
      form.resetFields();
      onRegistered(created);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const errs = fieldErrors(e.problem.errors, lang).map((f) => ({ ...f, name: f.name[0] === 'location' ? ['address'] : f.name }));
      if (errs.length) {
        form.setFields(errs.map((f) => ({ name: f.name.length === 1 ? f.name[0]! : f.name, errors: f.errors })));
        setSummary(t('formHasErrors'));
        form.scrollToField(errs[0]!.name.length === 1 ? errs[0]!.name[0]! : errs[0]!.name, { focus: true });
      } else if (describeProblem(e.problem, lang).kind === 'validation') {
        setSummary(describeProblem(e.problem, lang).text);
      } else setFailure(e);
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    }
  };

  const initial: Values = {
    kind: kind ?? 'dispute',
    category: undefined,
    channel: mode === 'resident' ? 'online' : channels.includes('walk-in') && !kind ? 'walk-in' : channels[0]!,
    orgUnit: mode === 'clerk' ? (session?.orgUnit ?? undefined) : undefined,
    parties: [{ role: 'applicant' }, { role: 'respondent' }],
  };

  return (
    <Form form={form} name={`register-${kind ?? mode}`} layout="vertical" initialValues={initial} onFinish={submit} onKeyDown={onKeyDown} requiredMark>
      {mode === 'clerk' && <Alert type="info" showIcon message={t('registerHint')} style={{ marginBottom: 12 }} />}
      <Space wrap style={{ display: 'flex' }} align="start">
        <Form.Item name="kind" label={t('field.kind')} required hidden={!!kind}>
          <Select showSearch optionFilterProp="label" style={{ minWidth: 140 }} options={opts(CASE_KINDS)} autoFocus={mode === 'clerk' && !kind} />
        </Form.Item>
        <Form.Item name="category" label={t('field.category')} required>
          <Select showSearch optionFilterProp="label" style={{ minWidth: 140 }} options={opts(categoryCodes)} />
        </Form.Item>
        {mode === 'clerk' && (
          <Form.Item name="channel" label={t('field.channel')} required>
            <Select showSearch optionFilterProp="label" style={{ minWidth: 120 }} options={opts(channels)} autoFocus={!!kind} />
          </Form.Item>
        )}
        <Form.Item name="orgUnit" label={t('field.orgUnit')} required>
          <Select showSearch optionFilterProp="label" style={{ minWidth: 160 }} options={opts(orgUnitCodes)} />
        </Form.Item>
      </Space>
      <Form.Item name="title" label={t(labels.title ?? 'field.title')} required>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="description" label={t('field.description')} required>
        <Input.TextArea rows={4} />
      </Form.Item>
      <Form.Item name="address" label={t('field.address')}>
        <Input />
      </Form.Item>
      <Space wrap style={{ display: 'flex' }} align="start">
        <Form.Item name={['parties', 0, 'name']} label={t('field.applicantName')} required>
          <Input />
        </Form.Item>
        <Form.Item name={['parties', 0, 'idNumber']} label={t('field.idNumber')}>
          <Input inputMode="text" autoComplete="off" />
        </Form.Item>
        <Form.Item name={['parties', 0, 'phone']} label={t('field.phone')}>
          <Input inputMode="tel" autoComplete="off" />
        </Form.Item>
      </Space>
      <Form.Item name={['parties', 1, 'name']} label={t(labels.respondent ?? 'field.respondentName')}>
        <Input />
      </Form.Item>
      {summary && <Alert role="alert" data-testid="form-errors" type="error" showIcon message={summary} style={{ marginBottom: 12 }} />}
      {failure && (
        <div style={{ marginBottom: 12 }}>
          <ProblemAlert error={failure} />
        </div>
      )}
      <Button type="primary" htmlType="submit" loading={busy} block={mode === 'resident'} size={mode === 'resident' ? 'large' : 'middle'}>
        {mode === 'resident' ? t('submit') : t('register')}
      </Button>
    </Form>
  );
}
