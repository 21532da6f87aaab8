import { CameraOutlined } from '@ant-design/icons';
import type { FieldReportView } from '@fengqiao/contracts';
import { Badge, Button, Card, List, Space, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../auth/auth';
import { StatusTag } from '../cases/case-tags';
import { formatTime } from '../cases/case.helpers';
import { useI18n } from '../i18n/i18n';
import { kpCode } from '../key-persons/key-persons.words';
import { ColourTag } from '../key-persons/kp-parts';
import { useKeyPersonTasks } from '../key-persons/use-kp-tasks';
import { CaseDrawer } from '../shell/case-drawer';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';
import { CheckInCard } from './check-in-card';
import { gridApi } from './grid.api';
import { FollowUpDialog } from './follow-up-dialog';
import { followUpActions, keyPersonTasksDue, reportsToFollowUp, returnVisitsDue, type FollowUpAction } from './grid.helpers';
import { ReportDrawer } from './report-drawer';
import { ReportForm } from './report-form';

const FOLLOW_UP_PAGE = 50;

/** A section of today's tasks: its title with the count, a loading state, a problem or the list. */
function TaskCard({ title, count, testId, extra, children }: { title: string; count?: number; testId: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card
      size="small"
      data-testid={testId}
      title={
        <Space>
          {title}
          {count !== undefined && <Badge count={count} showZero color={count > 0 ? '#d48806' : '#8c8c8c'} />}
        </Space>
      }
      extra={extra}
    >
      {children}
    </Card>
  );
}

function FieldReportsToFollowUp({ tick, onChanged }: { tick: number; onChanged(): void }) {
  const { t, n } = useI18n();
  const { api } = useAuth();
  const list = useLoad(() => gridApi(api).fieldReports({ status: 'open', pageSize: FOLLOW_UP_PAGE }), [tick]);
  const open = reportsToFollowUp(list.data?.items ?? []);
  const [doing, setDoing] = useState<{ report: FieldReportView; action: FollowUpAction } | null>(null);
  const [viewing, setViewing] = useState<FieldReportView | null>(null);
  return (
    <TaskCard title={t('reportsToFollowUp')} count={list.error ? undefined : (list.data?.total ?? open.length)} testId="field-reports-due">
      {list.error ? (
        <ProblemAlert error={list.error} onRetry={list.reload} />
      ) : (
        <List<FieldReportView>
          loading={list.loading && !list.data}
          dataSource={open}
          locale={{ emptyText: t('reportsEmpty') }}
          renderItem={(r) => (
            <List.Item data-report={r.id}>
              <div style={{ width: '100%' }}>
                <List.Item.Meta
                  style={{ marginBottom: 8 }}
                  title={
                    <Space wrap size={4}>
                      <Tag color="volcano">{t(`reportKind.${r.kind}`)}</Tag>
                      <span>{n(r.category)}</span>
                    </Space>
                  }
                  description={
                    <>
                      <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 4 }}>
                        {r.text}
                      </Typography.Paragraph>
                      <span>
                        {formatTime(r.createdAt)} · {n(r.gridCode)}
                        {r.address ? ` · ${r.address}` : ''}
                        {r.reporter.role === 'resident' ? ` · ${t('followUpResident')}` : ''}
                      </span>
                    </>
                  }
                />
                <Space wrap>
                  <Button size="large" onClick={() => setViewing(r)} data-action="view">
                    {t('reportOpenDetail')}
                    {r.attachmentIds.length > 0 && (
                      <>
                        {' · '}
                        <CameraOutlined /> {r.attachmentIds.length}
                      </>
                    )}
                  </Button>
                  {followUpActions(r).map((a) => (
                    <Button
                      key={a}
                      size="large"
                      type={a === 'settle' ? 'primary' : 'default'}
                      danger={a === 'reject'}
                      data-action={a}
                      onClick={() => setDoing({ report: r, action: a })}
                    >
                      {t(`followUp.${a}`)}
                    </Button>
                  ))}
                </Space>
              </div>
            </List.Item>
          )}
        />
      )}
      {doing && (
        <FollowUpDialog
          report={doing.report}
          action={doing.action}
          onClose={() => setDoing(null)}
          onDone={() => {
            setDoing(null);
            onChanged();
          }}
        />
      )}
      <ReportDrawer report={viewing} onClose={() => setViewing(null)} />
    </TaskCard>
  );
}

/** The grid worker's own latest reports, whatever became of them, each opening with its photos. */
function MyReports({ tick }: { tick: number }) {
  const { t, n } = useI18n();
  const { api } = useAuth();
  const list = useLoad(() => gridApi(api).fieldReports({ mine: true, pageSize: 5 }), [tick]);
  const [viewing, setViewing] = useState<FieldReportView | null>(null);
  return (
    <TaskCard title={t('reportMine')} testId="my-reports">
      {list.error ? (
        <ProblemAlert error={list.error} onRetry={list.reload} />
      ) : (
        <List<FieldReportView>
          loading={list.loading && !list.data}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('reportMineEmpty') }}
          renderItem={(r) => (
            <List.Item data-report={r.id} data-status={r.status} onClick={() => setViewing(r)} style={{ cursor: 'pointer' }}>
              <List.Item.Meta
                title={
                  <Space wrap size={4}>
                    <Tag color={r.status === 'open' ? 'orange' : r.status === 'rejected' ? 'default' : 'green'}>{t(`reportStatus.${r.status}`)}</Tag>
                    <span>{n(r.category)}</span>
                  </Space>
                }
                description={
                  <span>
                    {formatTime(r.createdAt)}
                    {r.attachmentIds.length > 0 && (
                      <>
                        {' · '}
                        <CameraOutlined /> {r.attachmentIds.length}
                      </>
                    )}
                  </span>
                }
              />
            </List.Item>
          )}
        />
      )}
      <ReportDrawer report={viewing} onClose={() => setViewing(null)} />
    </TaskCard>
  );
}

function KeyPersonContactsDue() {
  const { t, n, lang } = useI18n();
  const navigate = useNavigate();
  const tasks = useKeyPersonTasks();
  const due = keyPersonTasksDue(tasks.data ?? []);
  return (
    <TaskCard
      title={t('kpDueTitle')}
      count={tasks.error ? undefined : due.length}
      testId="kp-due"
      extra={
        <Button type="link" onClick={() => navigate('/kp-tasks')} data-testid="kp-due-all">
          {t('kpDueAll')}
        </Button>
      }
    >
      {tasks.error ? (
        <ProblemAlert error={tasks.error} onRetry={tasks.reload} />
      ) : (
        <List
          loading={tasks.loading && !tasks.data}
          dataSource={due}
          locale={{ emptyText: t('kpDueEmpty') }}
          renderItem={(task) => (
            <List.Item data-person={task.personId} data-obligation={task.obligation} onClick={() => navigate('/kp-tasks')} style={{ cursor: 'pointer' }}>
              <List.Item.Meta
                title={
                  <Space wrap size={4}>
                    <span>{task.nameMasked}</span>
                    <ColourTag colour={task.colour} />
                  </Space>
                }
                description={
                  <Space wrap size={4}>
                    <Tag>{kpCode('obligation', task.obligation, lang)}</Tag>
                    <span>
                      {t('kpDue')} {formatTime(task.dueAt)}
                    </span>
                    <span>· {n(task.orgUnit)}</span>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
    </TaskCard>
  );
}

function ReturnVisitsDue() {
  const { t } = useI18n();
  const { api } = useAuth();
  // Cases of the grid worker's own subtree (their village or grids): those with a return visit running.
  const cases = useLoad(() => api.allCases({}), []);
  const [openId, setOpenId] = useState<string | null>(null);
  const due = returnVisitsDue(cases.data ?? []);
  return (
    <TaskCard title={t('returnVisitsTitle')} count={cases.error ? undefined : due.length} testId="return-visits-due">
      {cases.error ? (
        <ProblemAlert error={cases.error} onRetry={cases.reload} />
      ) : (
        <List
          loading={cases.loading && !cases.data}
          dataSource={due}
          locale={{ emptyText: t('returnVisitsEmpty') }}
          renderItem={({ case: c, due: at }) => (
            <List.Item
              data-case={c.id}
              actions={[
                <Button key="open" type="link" onClick={() => setOpenId(c.id)} aria-label={`${t('open')} ${c.caseNo}`}>
                  {t('open')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={c.caseNo}
                description={
                  <Space wrap size={4}>
                    <StatusTag s={c.status} />
                    <span>{c.title}</span>
                    <span>
                      {t('returnVisitDue')} {formatTime(at)}
                    </span>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
      <CaseDrawer id={openId} onClose={() => setOpenId(null)} onChanged={cases.reload} />
    </TaskCard>
  );
}

/**
 * The grid worker's home, phone first: the daily check-in, the big 随手拍 button, and today's
 * tasks — field reports to follow up, key-person contacts due, return visits on their cases.
 * `?report=1` (the bottom bar's report tab) opens the report form at once.
 */
export function GridHomePage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const reporting = params.get('report') === '1';
  const [tick, setTick] = useState(0);
  const setReporting = (on: boolean) => setParams(on ? { report: '1' } : {}, { replace: !on });
  return (
    <div data-testid="grid-home" style={{ maxWidth: 720, margin: '0 auto' }}>
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('gridHomeTitle')}
        </Typography.Title>
        <CheckInCard />
        <Button type="primary" danger size="large" block style={{ height: 64, fontSize: 20 }} onClick={() => setReporting(true)} data-testid="report-button">
          {t('reportButton')}
        </Button>
        <FieldReportsToFollowUp tick={tick} onChanged={() => setTick((x) => x + 1)} />
        <MyReports tick={tick} />
        <KeyPersonContactsDue />
        <ReturnVisitsDue />
      </Space>
      <ReportForm open={reporting} onClose={() => setReporting(false)} onReported={() => setTick((x) => x + 1)} />
    </div>
  );
}
