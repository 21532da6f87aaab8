import { Alert, Form, Modal, Tag, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { WARNING_COLOURS } from '../cases/case.helpers';
import { useI18n } from '../i18n/i18n';
import { withFieldErrors } from '../legal-aid/form-problems';
import { kpCode } from './key-persons.words';

const RISK_COLOURS = { low: 'green', medium: 'orange', high: 'red' } as const;

export function RiskTag({ level }: { level: keyof typeof RISK_COLOURS }) {
  const { lang } = useI18n();
  return (
    <Tag color={RISK_COLOURS[level]} data-risk={level}>
      {kpCode('risk', level, lang)}
    </Tag>
  );
}

export function ColourTag({ colour, children }: { colour: 'green' | 'yellow' | 'red'; children?: ReactNode }) {
  const { lang } = useI18n();
  return (
    <Tag color={WARNING_COLOURS[colour]} data-colour={colour}>
      {children ?? kpCode('colour', colour, lang)}
    </Tag>
  );
}

/**
 * A dialog with a form for one write: the service's field errors land on the fields, its problem
 * above the buttons; it closes only when the write went through (nothing typed is lost).
 */
export function ActionModal<V extends object>({
  title,
  testId,
  initial,
  check,
  submit,
  onClose,
  onDone,
  children,
}: {
  title: string;
  testId?: string;
  initial?: Partial<V>;
  /** A check before sending (a field the console can tell wrong at once). */
  check?(values: V, form: FormInstance): string | null;
  submit(values: V): Promise<unknown>;
  onClose(): void;
  onDone(): void;
  children: ReactNode | ((form: FormInstance) => ReactNode);
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const send = async () => {
    const values = form.getFieldsValue(true) as V;
    const early = check?.(values, form) ?? null;
    if (early) {
      setProblem(early);
      return;
    }
    setBusy(true);
    setProblem(await withFieldErrors(form, lang, () => submit(values), onDone));
    setBusy(false);
  };
  return (
    <Modal open title={title} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnClose maskClosable={false} width="min(640px, 100vw)">
      <Form form={form} layout="vertical" initialValues={initial} onFinish={send} data-testid={testId} onFinishFailed={() => setProblem(t('formHasErrors'))}>
        {typeof children === 'function' ? children(form) : children}
        {problem && <Alert type="error" showIcon message={problem} data-testid="form-errors" />}
      </Form>
    </Modal>
  );
}
