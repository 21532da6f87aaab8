import { Button, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { CaseView } from '../api/api.types';
import { ApiError, localProblem } from '../api/problem';
import { useAuth } from '../auth/auth';
import { useI18n } from '../i18n/i18n';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';
import { formatTime } from './case.helpers';
import { StatusTag } from './case-tags';

/**
 * The person file (一人一档) of an open case: the person's other cases in the caller's jurisdiction,
 * with the links between them; the open case can be merged into one of them (the same matter brought
 * through another channel). The API decides who sees what.
 */
export function PersonFilePanel({ c, onMerged }: { c: CaseView; onMerged: (updated: CaseView) => void }) {
  const { t, n } = useI18n();
  const { api } = useAuth();
  const file = useLoad(() => api.personFile(c.id), [c.id, c.updatedAt]);
  const [into, setInto] = useState<CaseView | null>(null);

  if (file.error) return <ProblemAlert error={file.error} onRetry={file.reload} />;
  const cases = file.data?.cases ?? [];
  const mayMerge = !c.mergedInto && c.status !== 'closed';
  return (
    <div data-testid="person-file">
      <Typography.Paragraph type="secondary">{t('personFileHint')}</Typography.Paragraph>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: true }}
        loading={file.loading && !file.data}
        dataSource={cases}
        columns={[
          { title: t('caseNo'), dataIndex: 'caseNo', render: (v: string, x) => (x.id === c.id ? `${v}（${t('thisCase')}）` : v) },
          { title: t('title'), dataIndex: 'title' },
          { title: t('caseKind'), dataIndex: 'kind', render: (v: string) => n(v) },
          { title: t('status'), dataIndex: 'status', render: (v: CaseView['status']) => <StatusTag s={v} /> },
          { title: t('orgUnit'), dataIndex: 'orgUnit', render: (v: string) => n(v) },
          { title: t('registeredAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
          {
            title: t('actions'),
            key: 'merge',
            render: (_: unknown, x: CaseView) =>
              mayMerge && x.id !== c.id && x.status !== 'closed' && !x.mergedInto ? (
                <Button size="small" onClick={() => setInto(x)} data-merge-into={x.caseNo}>
                  {t('mergeInto')}
                </Button>
              ) : null,
          },
        ]}
      />
      {!!file.data?.links.length && (
        <div style={{ marginTop: 8 }} data-testid="person-file-links">
          <Typography.Text type="secondary">{t('personFileLinks')}：</Typography.Text>
          {file.data.links.map((l) => (
            <Tag key={l.id} title={l.reason}>
              {l.caseNo} → {l.linkedCaseNo} · {n(l.relation)}
            </Tag>
          ))}
        </div>
      )}
      {into && <MergeDialog c={c} into={into} onClose={() => setInto(null)} onMerged={onMerged} />}
    </div>
  );
}

function MergeDialog({ c, into, onClose, onMerged }: { c: CaseView; into: CaseView; onClose: () => void; onMerged: (updated: CaseView) => void }) {
  const { t } = useI18n();
  const { api } = useAuth();
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const { reason } = await form.validateFields();
    setBusy(true);
    try {
      onMerged(await api.merge(c.id, into.id, reason));
      onClose();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, localProblem(0, String(e))));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('mergeTitle').replace('{caseNo}', into.caseNo)} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy}>
      {error && <ProblemAlert error={error} />}
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('mergeReason')} rules={[{ required: true, min: 2, max: 500 }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
