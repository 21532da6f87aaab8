import { Alert, Button, Form, Input, InputNumber, Modal, Rate, Select, Space, Switch } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { CaseView, DisputeAction, MediatorView } from '../api/api.types';
import { ApiError, describeProblem, fieldErrors } from '../api/problem';
import { useAuth } from '../auth/auth';
import { useI18n } from '../i18n/i18n';
import { centreRoster, useReference } from '../reference/reference';
import { useProviderOptions } from '../legal-aid/provider-options';
import { actionFields, actionLabel, bodyOf, fieldLabel, initialValues, type FieldSpec, type FormValues } from './action-fields';

/** Shows a code's name where a form value is fixed (the officer's own department). */
function Fixed({ value, name }: { value?: string | null; name(code: string | null | undefined): string }) {
  return <span data-testid="fixed-value">{name(value)}</span>;
}

/**
 * One action on a case in a dialog, its fields read from the kind's declaration (action-fields.ts):
 * a fresh Idempotency-Key per submit (ApiClient), field messages from the problem's `errors[]`,
 * and a 409's detail shown as it is.
 */
export function ActionDialog({
  c,
  action,
  onClose,
  onDone,
}: {
  /** The case, or what a list knows of it (a provider's matter): the form needs no more. */
  c: Pick<CaseView, 'id' | 'kind' | 'caseNo' | 'orgUnit'>;
  action: DisputeAction | string;
  onClose(): void;
  onDone(updated: CaseView): void;
}) {
  const { t, n, lang } = useI18n();
  const { api, session } = useAuth();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [problemText, setProblemText] = useState<string | null>(null);
  const department = session?.department ?? null;
  const fields = useMemo(() => actionFields(c.kind, action), [c.kind, action]);
  const initial = useMemo(() => initialValues(fields, { department }), [fields, department]);
  const opts = (codes: readonly string[]) => codes.map((code) => ({ value: code, label: n(code) }));
  const label = (key: string) => fieldLabel(action, key, lang);
  const { orgUnits } = useReference();
  // Joint handling reaches centres (townships and above), not villages or grids.
  const centres = orgUnits.filter((u) => u.level === 'city' || u.level === 'county' || u.level === 'township').map((u) => u.code);
  // The roster to pick a named mediator from (a `mediatorId` field); if it cannot load, the centre still picks.
  const wantsRoster = fields.some((f) => f.widget === 'mediator');
  const [mediators, setMediators] = useState<MediatorView[] | null>(null);
  useEffect(() => {
    if (!wantsRoster) return;
    let live = true;
    api.mediators().then(
      (m) => live && setMediators(m),
      () => live && setMediators([]),
    );
    return () => {
      live = false;
    };
  }, [wantsRoster, api]);
  // Only the case's centre may take it (the service refuses a mediator of another unit).
  const mediatorOptions = centreRoster(mediators ?? [], orgUnits, c.orgUnit).map((m) => ({
    value: m.id,
    label: `${m.name} · ${n(m.orgUnit)} · ${m.teams.map((team) => n(team)).join('/')} · ${m.load}/${m.capacity}`,
  }));

  // The legal-aid roster to pick a provider from (a `providerId` field); empty, the agency picks.
  const providers = useProviderOptions(fields.some((f) => f.widget === 'provider'));

  const submit = async () => {
    const values = form.getFieldsValue(true) as FormValues;
    setBusy(true);
    setProblemText(null);
    try {
      const updated = await api.act(c.id, action, bodyOf(fields, values));
      onDone(updated);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const errs = fieldErrors(e.problem.errors, lang);
      if (errs.length) form.setFields(errs.map((f) => ({ name: f.name.length === 1 ? f.name[0]! : f.name, errors: f.errors })));
      setProblemText(describeProblem(e.problem, lang).text);
    } finally {
      setBusy(false);
    }
  };

  // The first field one types or picks in takes the focus.
  const focusKey = fields.find((f) => ['text', 'select', 'mediator', 'provider', 'number', 'text-list', 'lines'].includes(f.widget))?.key;

  const render = (f: FieldSpec): ReactNode => {
    const focus = f.key === focusKey;
    const item = (child: ReactNode, extra: { valuePropName?: string } = {}) => (
      <Form.Item key={f.key} name={f.key} label={label(f.key)} {...extra}>
        {child}
      </Form.Item>
    );
    switch (f.widget) {
      case 'text':
        // Short texts (names, references) on one line; longer ones get room by their limit.
        return item(
          f.max !== undefined && f.max <= 200 ? (
            <Input maxLength={f.max} autoFocus={focus} />
          ) : (
            <Input.TextArea rows={f.max !== undefined && f.max <= 1000 ? 2 : f.max !== undefined && f.max > 5000 ? 6 : 3} autoFocus={focus} />
          ),
        );
      case 'switch':
        return item(<Switch />, { valuePropName: 'checked' });
      case 'rate':
        return item(<Rate count={f.max} />);
      case 'number':
        return item(<InputNumber min={f.min} max={f.max} precision={f.int ? 0 : undefined} autoFocus={focus} />);
      case 'select':
        return item(<Select showSearch optionFilterProp="label" autoFocus={focus} allowClear={f.optional} options={opts(f.options)} />);
      case 'select-list':
        return item(<Select mode="multiple" optionFilterProp="label" options={opts(f.options)} />);
      case 'text-list':
        return item(<Input autoFocus={focus} />);
      case 'lines':
        return item(<Input.TextArea rows={3} autoFocus={focus} />);
      case 'now':
        // Recorded as now (Beijing time) when sent.
        return null;
      case 'mediator':
        return item(<Select showSearch optionFilterProp="label" allowClear autoFocus={focus} loading={mediators === null} options={mediatorOptions} />);
      case 'provider':
        return item(
          <Select
            showSearch
            optionFilterProp="label"
            allowClear
            autoFocus={focus}
            loading={providers === null}
            options={providers ?? []}
            data-testid="provider-select"
          />,
        );
      case 'date':
        return item(<Input type="date" autoFocus={focus} />);
      case 'centre':
        return (
          <Form.Item key={f.key} name={f.key} label={label(f.key)} style={{ marginTop: 12 }}>
            <Select showSearch optionFilterProp="label" allowClear options={opts(centres)} />
          </Form.Item>
        );
      case 'own-department':
        return item(<Fixed name={n} />);
      case 'departments':
        return (
          <Form.List key={f.key} name={f.key}>
            {(rows, { add, remove }) => (
              <>
                {rows.map((r, i) => (
                  <Space key={r.key} align="baseline" wrap>
                    <Form.Item name={[r.name, 'department']} label={`${label(f.key)} ${i + 1}`}>
                      <Select showSearch optionFilterProp="label" style={{ width: 160 }} options={opts(f.options)} />
                    </Form.Item>
                    <Form.Item name={[r.name, 'orgUnit']} label={`${t('partOrgUnit')} ${i + 1}`}>
                      <Select showSearch optionFilterProp="label" style={{ width: 160 }} allowClear options={opts(centres)} />
                    </Form.Item>
                    {rows.length > 1 && <Button onClick={() => remove(r.name)}>−</Button>}
                  </Space>
                ))}
                <Button onClick={() => add({})}>{t('addDepartment')}</Button>
              </>
            )}
          </Form.List>
        );
      case 'unsupported':
        // A declaration the form cannot show (the unit tests keep this from happening): the key stays unsent.
        return null;
    }
  };

  return (
    <Modal open title={`${actionLabel(c.kind, action, lang)} · ${c.caseNo}`} onCancel={onClose} footer={null} destroyOnClose>
      <Form form={form} layout="vertical" name={`action-${action}`} onFinish={submit} initialValues={initial}>
        {fields.map(render)}
        {problemText && <Alert role="alert" data-testid="action-problem" type="error" showIcon message={problemText} style={{ marginBottom: 12 }} />}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('confirm')}
          </Button>
          <Button onClick={onClose}>{t('cancel')}</Button>
        </Space>
      </Form>
    </Modal>
  );
}
