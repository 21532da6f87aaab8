import { Alert, Button, Card, Col, Empty, Progress, Row, Segmented, Space, Statistic, Table, Tag } from 'antd';
import ReactECharts from 'echarts-for-react';
import { useState } from 'react';
import type { StatsView, WarningColour } from '../api/api.types';
import { ApiError } from '../api/problem';
import { useAuth } from '../auth/auth';
import { boardRows, formatTime, percent, periodOf, WARNING_COLOURS, WARNINGS, type BoardRow } from '../cases/case.helpers';
import { CaseTable } from '../cases/case-list';
import { useI18n } from '../i18n/i18n';
import { useLive } from '../live/use-live';
import { CaseDrawer } from '../shell/case-drawer';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';

/** What the drill-down shows: a unit, a colour (or its complaints), and the case list queries behind it. */
type Drill = { orgUnit: string; what?: WarningColour | 'complaints'; queries: string[] } | null;

/** Splits a period into at most `n` consecutive windows [from, to) of whole days. */
function windows(from: string, days: number, n: number): Array<{ from: string; to: string }> {
  const step = Math.ceil(days / n);
  const start = Date.parse(`${from}T00:00:00+08:00`);
  const day = (t: number) => new Date(t + 8 * 3600_000).toISOString().slice(0, 10);
  const out: Array<{ from: string; to: string }> = [];
  for (let d = 0; d < days; d += step) out.push({ from: day(start + d * 86_400_000), to: day(start + Math.min(days, d + step) * 86_400_000) });
  return out;
}

/**
 * The leader's dashboard: statistics of their subtree for a chosen period (if the stats
 * endpoint is there), volume and rates over time, the three-colour board by org unit with
 * drill-down to the cases behind each number, and supervision items.
 */
export function LeaderPage() {
  const { t, n } = useI18n();
  const { api, session } = useAuth();
  const [days, setDays] = useState(30);
  const [drill, setDrill] = useState<Drill>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const orgUnit = session?.orgUnit ?? undefined;

  const stats = useLoad(async () => {
    const p = periodOf(days, Date.now());
    // `to` is exclusive: tomorrow includes today.
    const to = periodOf(1, Date.now() + 86_400_000).to;
    const [total, petitions] = await Promise.all([api.stats({ orgUnit, from: p.from, to }), api.stats({ orgUnit, from: p.from, to, kind: 'petition' })]);
    const series = await Promise.all(windows(p.from, days, 7).map(async (w) => ({ period: w.from, s: await api.stats({ orgUnit, from: w.from, to: w.to }) })));
    return { total, series, petition: petitions.petition };
  }, [days, orgUnit]);

  // The board is the API's (GET /api/v1/board): counts, cards and the query behind each count.
  const board = useLoad(async () => {
    const view = await api.board({ orgUnit });
    return { view, rows: boardRows(view) };
  }, [orgUnit]);

  const supervision = useLoad(() => api.allSupervision({ open: 'true' }), []);

  // Who carries the subtree's mediation now (the centre picks by team and load; a leader watches it).
  const roster = useLoad(() => api.mediators(), []);

  // The cases behind a number: the board row's own case list queries, followed as given.
  const drilled = useLoad(async () => {
    if (!drill) return [];
    const lists = await Promise.all(drill.queries.map((q) => api.allCasesAt(q)));
    const seen = new Set<string>();
    return lists.flat().filter((c) => !seen.has(c.id) && !!seen.add(c.id));
  }, [drill]);
  const drillRow = (row: BoardRow, what?: WarningColour | 'complaints') =>
    setDrill({ orgUnit: row.orgUnit, what, queries: what ? [row.cases[what]] : WARNINGS.map((w) => row.cases[w]) });

  useLive('/api/v1/events', () => {
    board.reload();
    supervision.reload();
    drilled.reload();
  });

  const statsMissing = stats.error instanceof ApiError && stats.error.status === 404;
  const s: StatsView | undefined = stats.data?.total;
  const count = (row: BoardRow, w: WarningColour) => (
    <Button
      type="link"
      size="small"
      style={{ color: WARNING_COLOURS[w], fontWeight: 600 }}
      onClick={() => drillRow(row, w)}
      aria-label={`${n(row.orgUnit)} ${t(w)} ${row[w]}`}
      data-testid={`board-${row.orgUnit}-${w}`}
    >
      {row[w]}
    </Button>
  );

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Card
        size="small"
        title={`${t('dashboard')} · ${n(orgUnit)}`}
        extra={
          <Segmented
            value={days}
            onChange={(v) => setDays(Number(v))}
            options={[
              { label: t('last7'), value: 7 },
              { label: t('last30'), value: 30 },
              { label: t('last90'), value: 90 },
            ]}
          />
        }
      >
        {statsMissing ? (
          <Alert type="info" showIcon data-testid="stats-missing" message={t('statsMissing')} />
        ) : stats.error ? (
          <ProblemAlert error={stats.error} onRetry={stats.reload} />
        ) : !s ? (
          <Empty description={t('loading')} />
        ) : (
          <>
            <Row gutter={[12, 12]} data-testid="stats">
              <Col xs={12} md={6}>
                <Statistic title={t('received')} value={s.received} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('closed')} value={s.closed} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('closureRate')} value={percent(s.closureRate)} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('satisfactionRate')} value={percent(s.satisfactionRate)} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('mediationSuccessRate')} value={percent(s.mediationSuccessRate)} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('onTimeRate')} value={percent(s.onTimeRate)} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('resolutionRate')} value={percent(s.resolutionRate)} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('avgFirstReplyHours')} value={s.avgFirstReplyHours} precision={1} />
              </Col>
            </Row>
            {stats.data?.petition && (
              // The figures petition work is judged on (docs/metrics.md), over the petitions registered in the period.
              <Row gutter={[12, 12]} data-testid="petition-stats" style={{ marginTop: 12 }}>
                <Col xs={12} md={6}>
                  <Statistic title={t('petitionsReceived')} value={stats.data.petition.received} />
                </Col>
                <Col xs={12} md={6}>
                  <Statistic title={t('timelyAcceptanceRate')} value={percent(stats.data.petition.timelyAcceptanceRate)} />
                </Col>
                <Col xs={12} md={6}>
                  <Statistic title={t('onTimeClosureRate')} value={percent(stats.data.petition.onTimeClosureRate)} />
                </Col>
                <Col xs={12} md={6}>
                  <Statistic title={t('ratingParticipationRate')} value={percent(stats.data.petition.ratingParticipationRate)} />
                </Col>
                <Col xs={12} md={6}>
                  <Statistic title={t('petitionSatisfactionRate')} value={percent(stats.data.petition.petitionSatisfactionRate)} />
                </Col>
                <Col xs={12} md={6}>
                  <Statistic title={t('reviewRate')} value={percent(stats.data.petition.reviewRate)} />
                </Col>
              </Row>
            )}
            <Row gutter={[12, 12]}>
              <Col xs={24} lg={14}>
                <ReactECharts
                  style={{ height: 260 }}
                  option={{
                    tooltip: { trigger: 'axis' },
                    legend: { data: [t('received'), t('closed'), t('closureRate'), t('satisfactionRate')] },
                    grid: { left: 40, right: 40, bottom: 30 },
                    xAxis: { type: 'category', data: stats.data!.series.map((p) => p.period) },
                    yAxis: [
                      { type: 'value', minInterval: 1 },
                      { type: 'value', max: 1, axisLabel: { formatter: (v: number) => `${v * 100}%` } },
                    ],
                    series: [
                      { name: t('received'), type: 'bar', data: stats.data!.series.map((p) => p.s.received) },
                      { name: t('closed'), type: 'bar', data: stats.data!.series.map((p) => p.s.closed) },
                      { name: t('closureRate'), type: 'line', yAxisIndex: 1, data: stats.data!.series.map((p) => p.s.closureRate) },
                      { name: t('satisfactionRate'), type: 'line', yAxisIndex: 1, data: stats.data!.series.map((p) => p.s.satisfactionRate) },
                    ],
                  }}
                />
              </Col>
              <Col xs={24} lg={10}>
                <ReactECharts
                  style={{ height: 260 }}
                  option={{
                    tooltip: { trigger: 'item' },
                    series: [
                      {
                        type: 'pie',
                        radius: ['40%', '70%'],
                        stillShowZeroSum: false,
                        label: { formatter: '{b} {c}' },
                        data: WARNINGS.map((w) => ({ name: t(w), value: s.warnings?.[w] ?? 0, itemStyle: { color: WARNING_COLOURS[w] } })),
                      },
                    ],
                  }}
                />
              </Col>
            </Row>
          </>
        )}
      </Card>

      <Card
        size="small"
        title={`${t('board')} · ${t('boardByUnit')}`}
        data-testid="warning-board"
        extra={
          board.data?.rows[0] && (
            <Button size="small" onClick={() => drillRow(board.data!.rows[0]!)}>
              {t('drillDown')}
            </Button>
          )
        }
      >
        {board.error && <ProblemAlert error={board.error} onRetry={board.reload} />}
        <Table
          size="small"
          rowKey="orgUnit"
          loading={board.loading}
          pagination={false}
          dataSource={board.data?.rows ?? []}
          scroll={{ x: true }}
          locale={{ emptyText: t('noCases') }}
          columns={[
            {
              title: t('orgUnit'),
              dataIndex: 'orgUnit',
              render: (v: string, row: BoardRow) => (
                <Button type="link" size="small" style={{ paddingLeft: 8 + row.level * 16 }} onClick={() => drillRow(row)}>
                  {n(v)}
                </Button>
              ),
            },
            {
              title: t('card'),
              key: 'card',
              render: (_: unknown, row: BoardRow) => (
                <Space size={4} wrap data-testid={`card-${row.orgUnit}`} data-card={row.card}>
                  <Tag color={WARNING_COLOURS[row.card]}>{t(row.card)}</Tag>
                  {row.reasons.map((r) => (
                    <Tag key={r}>{t(`reason.${r}` as 'reason.overdue')}</Tag>
                  ))}
                </Space>
              ),
            },
            ...WARNINGS.map((w) => ({ title: <Tag color={WARNING_COLOURS[w]}>{t(w)}</Tag>, key: w, render: (_: unknown, row: BoardRow) => count(row, w) })),
            { title: t('total'), dataIndex: 'total' },
            {
              title: t('complaints'),
              key: 'complaints',
              render: (_: unknown, row: BoardRow) => (
                <Button
                  type="link"
                  size="small"
                  onClick={() => drillRow(row, 'complaints')}
                  aria-label={`${n(row.orgUnit)} ${t('complaints')} ${row.complaints}`}
                >
                  {row.complaints}
                </Button>
              ),
            },
          ]}
        />
        {board.data?.view.rules && (
          <div style={{ marginTop: 8, color: '#888', fontSize: 12 }} data-testid="board-rules">
            {t('boardRules')
              .replace('{red}', String(board.data.view.rules.redOverdueMin))
              .replace('{cluster}', String(board.data.view.rules.complaintClusterMin))
              .replace('{days}', String(board.data.view.rules.complaintWindowDays))
              .replace('{yellow}', String(board.data.view.rules.yellowLateMin))}
          </div>
        )}
        {board.data?.view.gridActivity && (
          <div style={{ marginTop: 4, color: '#888', fontSize: 12 }} data-testid="board-grid-activity">
            {t('gridActivityMonth')
              .replace('{month}', board.data.view.gridActivity.month)
              .replace('{rate}', percent(board.data.view.gridActivity.activityRate))
              .replace('{active}', String(board.data.view.gridActivity.activeGridWorkers))
              .replace('{total}', String(board.data.view.gridActivity.gridWorkers))}
          </div>
        )}
        {drill && (
          <div style={{ marginTop: 12 }} data-testid="drill-down">
            <Space style={{ marginBottom: 8 }}>
              <b>{t('drillDown')}</b>
              <Tag>{n(drill.orgUnit)}</Tag>
              {drill.what === 'complaints' ? <Tag>{t('complaints')}</Tag> : drill.what && <Tag color={WARNING_COLOURS[drill.what]}>{t(drill.what)}</Tag>}
              <Button size="small" onClick={() => setDrill(null)} aria-label={t('cancel')}>
                ×
              </Button>
            </Space>
            {drilled.error && <ProblemAlert error={drilled.error} onRetry={drilled.reload} />}
            <CaseTable cases={drilled.data ?? []} loading={drilled.loading} onOpen={(c) => setOpenId(c.id)} />
          </div>
        )}
      </Card>

      <Card size="small" title={t('supervision')}>
        {supervision.error && <ProblemAlert error={supervision.error} onRetry={supervision.reload} />}
        <Table
          size="small"
          rowKey="id"
          loading={supervision.loading}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: true }}
          dataSource={supervision.data ?? []}
          locale={{ emptyText: t('noSupervision') }}
          columns={[
            {
              title: t('caseNo'),
              dataIndex: 'caseNo',
              render: (v: string, r) => (
                <Button type="link" size="small" onClick={() => setOpenId(r.caseId)}>
                  {v}
                </Button>
              ),
            },
            { title: t('deadlines'), dataIndex: 'clock', render: (v: string) => n(v) },
            { title: t('orgUnit'), dataIndex: 'orgUnit', render: (v: string) => n(v) },
            { title: t('due'), dataIndex: 'due', render: (v: string) => formatTime(v) },
            { title: t('reason'), dataIndex: 'reason', ellipsis: true },
          ]}
        />
      </Card>
      <Card size="small" title={t('mediatorLoad')} data-testid="mediator-load">
        {roster.error && <ProblemAlert error={roster.error} onRetry={roster.reload} />}
        <Table
          size="small"
          rowKey="id"
          loading={roster.loading}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: true }}
          dataSource={(roster.data ?? []).filter((m) => m.active)}
          columns={[
            { title: t('mediator'), dataIndex: 'name' },
            { title: t('orgUnit'), dataIndex: 'orgUnit', render: (v: string) => n(v) },
            { title: t('teams'), dataIndex: 'teams', render: (v: string[]) => v.map((team) => <Tag key={team}>{n(team)}</Tag>) },
            {
              title: t('load'),
              key: 'load',
              sorter: (a, b) => a.load / a.capacity - b.load / b.capacity,
              render: (_: unknown, m) => (
                <Progress
                  size="small"
                  style={{ minWidth: 120 }}
                  percent={Math.round((100 * m.load) / m.capacity)}
                  format={() => `${m.load}/${m.capacity}`}
                  status={m.load >= m.capacity ? 'exception' : 'normal'}
                />
              ),
            },
          ]}
        />
      </Card>
      <CaseDrawer id={openId} onClose={() => setOpenId(null)} onChanged={board.reload} />
    </Space>
  );
}
