import { Form, Input, InputNumber, Radio, Select, Space, Button, Typography, Spin } from 'antd';
import {
  CONTACT_KINDS,
  KEY_PERSON_RISK_LEVELS,
  MEASURE_KINDS,
  RESPONSIBLE_ROLES,
  type AssessmentView,
  type KeyPersonRiskLevel,
  type ResponsiblePersonView,
} from '@fengqiao/contracts';
import { useAuth } from '../auth/auth';
import { useI18n } from '../i18n/i18n';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';
import { keyPersonsApi } from './key-persons.api';
import { assessmentAnswers, assessmentPreview, beijingLocalNow, contactBody, dailyReportBody, fill, type ContactValues } from './key-persons.helpers';
import { kpCode, type KeyPersonCodeKind } from './key-persons.words';
import { ActionModal, RiskTag } from './kp-parts';

/** The dialogs of the record page and the task list; `kind` picks one. */
export type KpAction =
  | { kind: 'contact' }
  | { kind: 'daily-report'; periodId: string; day: string }
  | { kind: 'summary' }
  | { kind: 'assess' }
  | { kind: 'risk'; current: KeyPersonRiskLevel }
  | { kind: 'responsible'; current: ResponsiblePersonView[] }
  | { kind: 'measure' }
  | { kind: 'removal' }
  | { kind: 'decide-assessment'; assessment: AssessmentView }
  | { kind: 'decide-removal' };

function useOptions() {
  const { lang } = useI18n();
  return (kind: KeyPersonCodeKind, codes: readonly string[]) => codes.map((c) => ({ value: c, label: kpCode(kind, c, lang) }));
}

export function KpActionDialog({ personId, action, onClose, onDone }: { personId: string; action: KpAction; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const { api } = useAuth();
  const kp = keyPersonsApi(api);
  const options = useOptions();
  const reasonField = (label: string) => (
    <Form.Item name="reason" label={label} rules={[{ required: true, min: 2 }]}>
      <Input.TextArea rows={3} maxLength={500} />
    </Form.Item>
  );
  const common = { onClose, onDone };

  switch (action.kind) {
    case 'contact':
      return (
        <ActionModal<ContactValues>
          {...common}
          title={t('kpRecordContact')}
          testId="kp-contact-form"
          initial={{ kind: 'meeting', at: beijingLocalNow(Date.now()) }}
          check={(v, form) => {
            const r = contactBody(v, Date.now());
            if ('error' in r) {
              form.setFields([{ name: 'at', errors: [t(r.error.key)] }]);
              return t(r.error.key);
            }
            return null;
          }}
          submit={(v) => kp.contact(personId, (contactBody(v, Date.now()) as { body: Parameters<typeof kp.contact>[1] }).body)}
        >
          <Form.Item name="kind" label={t('kpContactKind')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={options('contactKind', CONTACT_KINDS)} />
          </Form.Item>
          <Form.Item name="at" label={t('kpContactAt')} rules={[{ required: true }]}>
            <Input type="datetime-local" max={beijingLocalNow(Date.now())} />
          </Form.Item>
          <Form.Item name="place" label={t('kpContactPlace')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="note" label={t('kpContactNote')} rules={[{ required: true }]}>
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
        </ActionModal>
      );
    case 'daily-report':
      return (
        <ActionModal<{ status?: 'stable' | 'concern'; note?: string }>
          {...common}
          title={`${t('kpDailyReport')} · ${action.day}`}
          testId="kp-daily-report-form"
          initial={{ status: 'stable' }}
          submit={(v) => kp.dailyReport(personId, dailyReportBody(action, v))}
        >
          <Form.Item name="status" label={t('kpReportStatus')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={options('reportStatus', ['stable', 'concern'])} />
          </Form.Item>
          <Form.Item name="note" label={t('kpReportNote')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </ActionModal>
      );
    case 'summary':
      return (
        <ActionModal<{ year: number; text?: string }>
          {...common}
          title={t('kpAddSummary')}
          initial={{ year: new Date().getFullYear() }}
          submit={(v) => kp.addSummary(personId, { year: Number(v.year), text: (v.text ?? '').trim() })}
        >
          <Form.Item name="year" label={t('kpYear')} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} precision={0} />
          </Form.Item>
          <Form.Item name="text" label={t('kpSummaryText')} rules={[{ required: true }]}>
            <Input.TextArea rows={6} maxLength={4000} />
          </Form.Item>
        </ActionModal>
      );
    case 'assess':
      return <AssessDialog personId={personId} onClose={onClose} onDone={onDone} />;
    case 'risk':
      return (
        <ActionModal<{ riskLevel: KeyPersonRiskLevel; reason?: string }>
          {...common}
          title={t('kpChangeRisk')}
          initial={{ riskLevel: action.current }}
          submit={(v) => kp.changeRisk(personId, { riskLevel: v.riskLevel, reason: (v.reason ?? '').trim() })}
        >
          <Form.Item name="riskLevel" label={t('kpRisk')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={options('risk', KEY_PERSON_RISK_LEVELS)} />
          </Form.Item>
          {reasonField(t('kpRiskReason'))}
        </ActionModal>
      );
    case 'responsible':
      return (
        <ActionModal<{ responsible: ResponsiblePersonView[]; reason?: string }>
          {...common}
          title={t('kpAssign')}
          initial={{ responsible: action.current }}
          submit={(v) =>
            kp.setResponsible(personId, {
              responsible: (v.responsible ?? []).filter((r) => r?.username?.trim()).map((r) => ({ username: r.username.trim(), role: r.role })),
              reason: (v.reason ?? '').trim(),
            })
          }
        >
          <ResponsibleFields />
          {reasonField(t('kpAssignReason'))}
        </ActionModal>
      );
    case 'measure':
      return (
        <ActionModal<{ kind: 'help' | 'control'; text?: string }>
          {...common}
          title={t('kpAddMeasure')}
          initial={{ kind: 'help' }}
          submit={(v) => kp.addMeasure(personId, { kind: v.kind, text: (v.text ?? '').trim() })}
        >
          <Form.Item name="kind" label={t('kpMeasureKind')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={options('measureKind', MEASURE_KINDS)} />
          </Form.Item>
          <Form.Item name="text" label={t('kpMeasureText')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </ActionModal>
      );
    case 'removal':
      return (
        <ActionModal<{ reason?: string }> {...common} title={t('kpRequestRemoval')} submit={(v) => kp.requestRemoval(personId, (v.reason ?? '').trim())}>
          {reasonField(t('kpRemovalReason'))}
        </ActionModal>
      );
    case 'decide-assessment':
      return (
        <ActionModal<{ approve: boolean; riskLevel?: KeyPersonRiskLevel; comment?: string }>
          {...common}
          title={`${t('kpDecide')} · ${t('kpAssess')}`}
          initial={{ approve: true }}
          submit={(v) =>
            kp.decideAssessment(personId, action.assessment.id, {
              approve: v.approve,
              ...(v.approve && v.riskLevel ? { riskLevel: v.riskLevel } : {}),
              ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}),
            })
          }
        >
          <Typography.Paragraph>
            {t('kpScore')}: {action.assessment.score} · {t('kpProposedLevel')}: <RiskTag level={action.assessment.proposedLevel} />
          </Typography.Paragraph>
          <Form.Item name="approve" label={t('kpDecide')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: true, label: t('kpApprove') },
                { value: false, label: t('kpReject') },
              ]}
            />
          </Form.Item>
          <Form.Item name="riskLevel" label={t('kpSetLevel')}>
            <Select allowClear options={options('risk', KEY_PERSON_RISK_LEVELS)} style={{ maxWidth: 200 }} />
          </Form.Item>
          <Form.Item name="comment" label={t('kpComment')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </ActionModal>
      );
    case 'decide-removal':
      return (
        <DecideDialog title={`${t('kpDecide')} · ${t('kpRequestRemoval')}`} onClose={onClose} onDone={onDone} submit={(b) => kp.decideRemoval(personId, b)} />
      );
  }
}

/** Approve or not, with a comment: removals and exports. */
export function DecideDialog({
  title,
  submit,
  onClose,
  onDone,
}: {
  title: string;
  submit(b: { approve: boolean; comment?: string }): Promise<unknown>;
  onClose(): void;
  onDone(): void;
}) {
  const { t } = useI18n();
  return (
    <ActionModal<{ approve: boolean; comment?: string }>
      title={title}
      testId="kp-decide-form"
      initial={{ approve: true }}
      onClose={onClose}
      onDone={onDone}
      submit={(v) => submit({ approve: v.approve, ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}) })}
    >
      <Form.Item name="approve" label={t('kpDecide')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: true, label: t('kpApprove') },
            { value: false, label: t('kpReject') },
          ]}
        />
      </Form.Item>
      <Form.Item name="comment" label={t('kpComment')}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
    </ActionModal>
  );
}

/** The responsible persons as rows of login + role (the add form and the change dialog). */
export function ResponsibleFields() {
  const { t } = useI18n();
  const options = useOptions();
  return (
    <Form.List name="responsible">
      {(fields, { add, remove }) => (
        <>
          <Typography.Text strong>{t('kpResponsible')}</Typography.Text>
          {fields.map((f, i) => (
            <Space key={f.key} wrap align="start" style={{ display: 'flex' }}>
              <Form.Item name={[f.name, 'username']} label={`${t('kpUsername')} ${i + 1}`} rules={[{ required: true }]}>
                <Input maxLength={100} autoComplete="off" style={{ width: 220 }} />
              </Form.Item>
              <Form.Item name={[f.name, 'role']} label={`${t('kpResponsibleRole')} ${i + 1}`} rules={[{ required: true }]}>
                <Select options={options('responsibleRole', RESPONSIBLE_ROLES)} style={{ width: 130 }} />
              </Form.Item>
              <Button onClick={() => remove(f.name)} style={{ marginTop: 30 }}>
                {t('kpRemove')}
              </Button>
            </Space>
          ))}
          <div style={{ marginBottom: 12 }}>
            <Button onClick={() => add({ role: 'grid-worker' })} data-testid="kp-add-responsible">
              {t('kpAddResponsible')}
            </Button>
          </div>
        </>
      )}
    </Form.List>
  );
}

/** The scored form from the API, one question a row; the score and proposed level shown as it is filled. */
function AssessDialog({ personId, onClose, onDone }: { personId: string; onClose(): void; onDone(): void }) {
  const { t, lang } = useI18n();
  const { api } = useAuth();
  const kp = keyPersonsApi(api);
  const form = useLoad(() => kp.assessmentForm(), []);
  const f = form.data;
  return (
    <ActionModal<{ answers?: Record<string, string>; note?: string }>
      title={t('kpAssess')}
      testId="kp-assess-form"
      initial={{ answers: {} }}
      onClose={onClose}
      onDone={onDone}
      submit={(v) =>
        kp.assess(personId, {
          formVersion: f?.version ?? 1,
          answers: f ? assessmentAnswers(f, v.answers ?? {}) : {},
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        })
      }
    >
      {(instance) => (
        <>
          {form.error && <ProblemAlert error={form.error} onRetry={form.reload} />}
          {!f ? (
            <Spin />
          ) : (
            <>
              {f.questions.map((q) => (
                <Form.Item key={q.id} name={['answers', q.id]} label={lang === 'zh' ? q.zh : q.en} required>
                  <Radio.Group options={q.options.map((o) => ({ value: o.id, label: `${lang === 'zh' ? o.zh : o.en} (${o.score})` }))} />
                </Form.Item>
              ))}
              <Form.Item shouldUpdate noStyle>
                {() => {
                  const p = assessmentPreview(f, (instance.getFieldValue('answers') ?? {}) as Record<string, string>);
                  return (
                    <Typography.Paragraph data-testid="kp-assess-preview">
                      {t('kpScore')}: <b>{p.score}</b> ·{' '}
                      {p.complete ? (
                        <>
                          {t('kpProposedLevel')}: <RiskTag level={p.proposedLevel} />
                        </>
                      ) : (
                        fill(t('kpAssessUnanswered'), { n: p.unanswered.length })
                      )}
                    </Typography.Paragraph>
                  );
                }}
              </Form.Item>
              <Form.Item name="note" label={t('kpAssessNote')}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            </>
          )}
        </>
      )}
    </ActionModal>
  );
}
