import { Button, List, Table, Tag } from 'antd';
import type { CaseView } from '../api/api.types';
import { useI18n } from '../i18n/i18n';
import { dueWithCountdown, firstReplyDue } from './case.helpers';
import { StatusTag, WarningTag } from './case-tags';

/** A list the server pages: `cases` is page `page` of `total`. */
export interface ServerPaging {
  page: number;
  pageSize: number;
  total: number;
  onChange(page: number): void;
}

/** Cases as a table (desk screens) or as a list of cards (phones); paged here unless `paging` says the server pages. */
export function CaseTable({
  cases,
  loading,
  onOpen,
  compact,
  showDue,
  paging,
}: {
  cases: CaseView[];
  loading?: boolean;
  onOpen(c: CaseView): void;
  compact?: boolean;
  showDue?: boolean;
  paging?: ServerPaging;
}) {
  const { t, n, lang } = useI18n();
  const now = Date.now();
  if (compact) {
    return (
      <List
        data-testid="case-list"
        loading={loading}
        dataSource={cases}
        locale={{ emptyText: t('noCases') }}
        renderItem={(c) => (
          <List.Item
            key={c.id}
            actions={[
              <Button key="open" type="link" onClick={() => onOpen(c)} aria-label={`${t('open')} ${c.caseNo}`}>
                {t('open')}
              </Button>,
            ]}
          >
            <List.Item.Meta
              title={<span>{c.caseNo}</span>}
              description={
                <span>
                  <StatusTag s={c.status} />
                  <WarningTag w={c.warning} />
                  {c.title}
                </span>
              }
            />
          </List.Item>
        )}
      />
    );
  }
  return (
    <Table
      data-testid="case-list"
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={cases}
      scroll={{ x: true }}
      pagination={
        paging
          ? { current: paging.page, pageSize: paging.pageSize, total: paging.total, onChange: paging.onChange, showSizeChanger: false, hideOnSinglePage: true }
          : { pageSize: 20, hideOnSinglePage: true }
      }
      locale={{ emptyText: t('noCases') }}
      onRow={(c) => ({ onDoubleClick: () => onOpen(c) })}
      columns={[
        {
          title: t('caseNo'),
          dataIndex: 'caseNo',
          render: (v: string, c) => (
            <Button type="link" style={{ padding: 0 }} onClick={() => onOpen(c)}>
              {v}
            </Button>
          ),
        },
        { title: t('title'), dataIndex: 'title', ellipsis: true },
        { title: t('status'), dataIndex: 'status', render: (s: CaseView['status']) => <StatusTag s={s} /> },
        { title: t('warning'), dataIndex: 'warning', render: (w: CaseView['warning']) => <WarningTag w={w} /> },
        { title: t('orgUnit'), dataIndex: 'orgUnit', render: (v: string) => n(v) },
        ...(showDue
          ? [
              {
                title: t('firstReplyDue'),
                key: 'due',
                render: (_: unknown, c: CaseView) => {
                  const d = firstReplyDue(c);
                  return d ? <Tag>{dueWithCountdown(c, d, now, lang, (left) => ` · ${left}`)}</Tag> : '—';
                },
              },
            ]
          : []),
      ]}
    />
  );
}
