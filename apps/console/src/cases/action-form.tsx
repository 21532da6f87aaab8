import { Alert, Button, Form, Input, Modal, Rate, Select, Space, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { DEPARTMENTS, FEEDBACK_CHANNELS } from '@fengqiao/contracts';
import { actionFieldChoices } from '@fengqiao/rules';
import type { CaseView, DisputeAction, MediatorView } from '../api/api.types';
import { ApiError, describeProblem, fieldErrors } from '../api/problem';
import { useAuth } from '../auth/auth';
import { useI18n } from '../i18n/i18n';
import { centreRoster, useReference } from '../reference/reference';
import { beijingIso } from './case.helpers';

type Values = Record<string, unknown>;

/** Builds the action's body (docs/api.md) from the form's values. */
function bodyOf(action: DisputeAction, v: Values, department: string | null): unknown {
  const s = (k: string) => (typeof v[k] === 'string' ? (v[k] as string).trim() : undefined);
  switch (action) {
    case 'reply':
      return { message: s('message') ?? '', resolved: !!v['resolved'] };
    case 'assign':
      return s('mediatorId') ? { mediatorId: s('mediatorId') } : {};
    case 'session':
      return { at: beijingIso(Date.now()), summary: s('summary') ?? '', participants: (s('participants') ?? '').split(/[,，、]/).map((p) => p.trim()).filter(Boolean) };
    case 'escalate': {
      const parts = ((v['departments'] as Array<{ department?: string; orgUnit?: string }> | undefined) ?? []).filter((p) => p?.department);
      return {
        reason: s('reason') ?? '',
        departments: parts.map((p) => (p.orgUnit ? { department: p.department, orgUnit: p.orgUnit } : p.department)),
        ...(s('leadOrgUnit') ? { leadOrgUnit: s('leadOrgUnit') } : {}),
      };
    }
    case 'report-in':
      return { department };
    case 'dept-result':
      return { department, summary: s('summary') ?? '' };
    case 'conclude':
      return { outcome: v['outcome'], summary: s('summary') ?? '' };
    case 'feedback':
      return { message: s('message') ?? '', channel: v['channel'] };
    case 'rate':
      return { score: v['score'], ...(s('comment') ? { comment: s('comment') } : {}) };
    case 'return-visit':
      return { summary: s('summary') ?? '', resolved: !!v['resolved'] };
  }
}

/**
 * One action on a case in a dialog: a fresh Idempotency-Key per submit (ApiClient), field
 * messages from the problem's `errors[]`, and a 409's detail shown as it is.
 */
export function ActionDialog({ c, action, onClose, onDone }: { c: CaseView; action: DisputeAction; onClose(): void; onDone(updated: CaseView): void }) {
  const { t, n, lang } = useI18n();
  const { api, session } = useAuth();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [problemText, setProblemText] = useState<string | null>(null);
  const department = session?.department ?? null;
  const opts = (codes: readonly string[]) => codes.map((code) => ({ value: code, label: n(code) }));
  const { orgUnits } = useReference();
  // Joint handling reaches centres (townships and above), not villages or grids.
  const centres = orgUnits.filter((u) => u.level === 'city' || u.level === 'county' || u.level === 'township').map((u) => u.code);
  // The roster to pick a named mediator from (assign only); if it cannot load, the centre still picks.
  const [mediators, setMediators] = useState<MediatorView[] | null>(null);
  useEffect(() => {
    if (action !== 'assign') return;
    let live = true;
    api.mediators().then((m) => live && setMediators(m), () => live && setMediators([]));
    return () => {
      live = false;
    };
  }, [action, api]);
  // Only the case's centre may take it (the service refuses a mediator of another unit).
  const mediatorOptions = centreRoster(mediators ?? [], orgUnits, c.orgUnit).map((m) => ({ value: m.id, label: `${m.name} · ${n(m.orgUnit)} · ${m.teams.map((team) => n(team)).join('/')} · ${m.load}/${m.capacity}` }));

  const submit = async () => {
    const values = form.getFieldsValue(true) as Values;
    setBusy(true);
    setProblemText(null);
    try {
      const updated = await api.act(c.id, action, bodyOf(action, values, department));
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

  const text = (name: string, label: string, rows = 3) => (
    <Form.Item name={name} label={label}>
      <Input.TextArea rows={rows} autoFocus={name !== 'participants'} />
    </Form.Item>
  );

  return (
    <Modal open title={`${t(`action.${action}` as 'action.reply')} · ${c.caseNo}`} onCancel={onClose} footer={null} destroyOnClose>
      <Form form={form} layout="vertical" name={`action-${action}`} onFinish={submit} initialValues={{ resolved: false, score: 5, departments: [{}] }}>
        {action === 'reply' && (
          <>
            {text('message', t('message'))}
            <Form.Item name="resolved" label={t('resolvedOnSpot')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </>
        )}
        {action === 'assign' && (
          <Form.Item name="mediatorId" label={t('mediatorId')}>
            <Select showSearch optionFilterProp="label" allowClear autoFocus loading={mediators === null} options={mediatorOptions} />
          </Form.Item>
        )}
        {action === 'session' && (
          <>
            {text('summary', t('summary'))}
            <Form.Item name="participants" label={t('participants')}>
              <Input />
            </Form.Item>
          </>
        )}
        {action === 'escalate' && (
          <>
            {text('reason', t('reason'))}
            <Form.List name="departments">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f, i) => (
                    <Space key={f.key} align="baseline" wrap>
                      <Form.Item name={[f.name, 'department']} label={`${t('departments')} ${i + 1}`}>
                        <Select showSearch optionFilterProp="label" style={{ width: 160 }} options={opts(DEPARTMENTS)} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'orgUnit']} label={`${t('partOrgUnit')} ${i + 1}`}>
                        <Select showSearch optionFilterProp="label" style={{ width: 160 }} allowClear options={opts(centres)} />
                      </Form.Item>
                      {fields.length > 1 && <Button onClick={() => remove(f.name)}>−</Button>}
                    </Space>
                  ))}
                  <Button onClick={() => add({})}>{t('addDepartment')}</Button>
                </>
              )}
            </Form.List>
            <Form.Item name="leadOrgUnit" label={t('leadOrgUnit')} style={{ marginTop: 12 }}>
              <Select showSearch optionFilterProp="label" allowClear options={opts(centres)} />
            </Form.Item>
          </>
        )}
        {(action === 'report-in' || action === 'dept-result') && <p>{n(department)}</p>}
        {action === 'dept-result' && text('summary', t('summary'))}
        {action === 'conclude' && (
          <>
            <Form.Item name="outcome" label={t('outcome')}>
              <Select showSearch optionFilterProp="label" options={opts(actionFieldChoices(c.kind, 'conclude', 'outcome'))} />
            </Form.Item>
            {text('summary', t('summary'))}
          </>
        )}
        {action === 'feedback' && (
          <>
            {text('message', t('message'))}
            <Form.Item name="channel" label={t('channel')}>
              <Select showSearch optionFilterProp="label" options={opts(FEEDBACK_CHANNELS)} />
            </Form.Item>
          </>
        )}
        {action === 'rate' && (
          <>
            <Form.Item name="score" label={t('score')}>
              <Rate />
            </Form.Item>
            {text('comment', t('comment'), 2)}
          </>
        )}
        {action === 'return-visit' && (
          <>
            {text('summary', t('summary'))}
            <Form.Item name="resolved" label={t('resolvedOnSpot')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </>
        )}
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
