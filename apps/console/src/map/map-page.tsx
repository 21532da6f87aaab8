import { Alert, Breadcrumb, Button, Card, Col, Empty, Row, Select, Space, Tag, Typography } from 'antd';
import * as echarts from 'echarts';
import ReactECharts from 'echarts-for-react';
import { useMemo, useState } from 'react';
import { CASE_KINDS, type WarningColour } from '@fengqiao/contracts';
import type { MapView } from '../api/api.types';
import { useAuth } from '../auth/auth';
import { CaseTable } from '../cases/case-list';
import { WARNINGS } from '../cases/case.helpers';
import { useI18n } from '../i18n/i18n';
import { useLive } from '../live/use-live';
import { useReference } from '../reference/reference';
import { CaseDrawer } from '../shell/case-drawer';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';
import { AREA_COLOURS, chartOption, clickTarget, geoJsonOf, mapName, pushTrail, unlocated } from './map.helpers';

/** Registers the view's shapes under its unit's name (the county's own GeoJSON: no tile server). */
function registered(view: MapView): MapView {
  echarts.registerMap(mapName(view), geoJsonOf(view) as unknown as Parameters<typeof echarts.registerMap>[1]);
  return view;
}

/**
 * The leader's and clerk's map (地图): the children of a unit — county → towns → villages → grids — drawn
 * from the grid register's boundaries, each painted by the board's card for its open cases; filters by
 * kind and category; a click on a unit goes one level down, a click on a grid shows its cases.
 */
export function MapPage() {
  const { t, n } = useI18n();
  const { api, session } = useAuth();
  const { categories } = useReference();
  const [trail, setTrail] = useState<string[]>(session?.orgUnit ? [session.orgUnit] : []);
  const [kind, setKind] = useState<string | undefined>();
  const [category, setCategory] = useState<string | undefined>();
  const [picked, setPicked] = useState<{ code: string; cases: string } | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const orgUnit = trail[trail.length - 1];

  const map = useLoad(async () => registered(await api.map({ orgUnit, kind, category })), [orgUnit, kind, category]);
  const cases = useLoad(async () => (picked ? api.allCasesAt(picked.cases) : []), [picked]);
  useLive('/api/v1/events', () => {
    map.reload();
    cases.reload();
  });

  const view = map.data;
  const colours = useMemo(() => Object.fromEntries(WARNINGS.map((w) => [w, t(w)])) as Record<WarningColour, string>, [t]);
  const option = useMemo(
    () => (view ? chartOption(view, (code) => n(code), { open: t('mapOpen'), complaints: t('mapComplaints'), colours }) : undefined),
    [view, n, t, colours],
  );

  const go = (code: string) => {
    setPicked(null);
    setTrail((tr) => pushTrail(tr, code));
  };
  const onClick = (code: string) => {
    const f = view?.features.find((x) => x.id === code);
    if (!f) return;
    const target = clickTarget(f);
    if ('drill' in target) go(target.drill);
    else setPicked({ code: target.code, cases: target.cases });
  };
  // The view's own unit while a new one loads: the trail is what was asked, the view what answered.
  const shown = view && view.unit.code === orgUnit ? view : undefined;
  const grids = shown?.features.some((f) => f.properties.level === 'grid');
  const missing = shown ? unlocated(shown) : [];

  return (
    <Row gutter={[12, 12]} data-testid="map-page">
      <Col xs={24} xl={picked ? 15 : 24}>
        <Card
          size="small"
          title={t('mapTitle')}
          extra={
            <Space wrap>
              <span>{t('mapKind')}</span>
              <Select
                data-testid="map-kind"
                allowClear
                placeholder={t('mapAll')}
                style={{ minWidth: 140 }}
                value={kind}
                onChange={(v?: string) => setKind(v || undefined)}
                options={CASE_KINDS.map((k) => ({ value: k, label: n(k) }))}
              />
              <span>{t('mapCategory')}</span>
              <Select
                data-testid="map-category"
                allowClear
                showSearch
                optionFilterProp="label"
                placeholder={t('mapAll')}
                style={{ minWidth: 160 }}
                value={category}
                onChange={(v?: string) => setCategory(v || undefined)}
                options={categories.map((c) => ({ value: c.code, label: n(c.code) }))}
              />
            </Space>
          }
        >
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
              <Breadcrumb
                data-testid="map-trail"
                items={trail.map((code, i) => ({
                  title:
                    i < trail.length - 1 ? (
                      <a onClick={() => go(code)} data-testid={`map-trail-${code}`}>
                        {n(code)}
                      </a>
                    ) : (
                      <span data-testid="map-unit">{n(code)}</span>
                    ),
                }))}
              />
              {trail.length > 1 && (
                <Button size="small" onClick={() => go(trail[trail.length - 2]!)} data-testid="map-up">
                  {t('mapUp')}
                </Button>
              )}
            </Space>
            {map.error && <ProblemAlert error={map.error} onRetry={map.reload} />}
            {shown && option && shown.features.length > 0 && (
              <>
                <Typography.Text type="secondary">{grids ? t('mapHintGrid') : t('mapHintUnit')}</Typography.Text>
                <div data-testid="map-chart">
                  <ReactECharts
                    key={mapName(shown)}
                    echarts={echarts}
                    option={option}
                    notMerge
                    opts={{ renderer: 'svg' }}
                    style={{ height: 580, width: '100%' }}
                    onEvents={{ click: (p: { name?: string }) => p.name && onClick(p.name) }}
                  />
                </div>
                <Space wrap data-testid="map-legend">
                  <Typography.Text strong>{t('mapLegend')}</Typography.Text>
                  {(['red', 'yellow', 'green'] as const).map((w) => (
                    <Tag key={w} color={AREA_COLOURS[w]} style={{ color: '#262626' }} data-colour={w}>
                      {t(`mapCard.${w}`)}
                    </Tag>
                  ))}
                </Space>
                <Space wrap data-testid="map-features">
                  {shown.features.map((f) => (
                    <Button
                      key={f.id}
                      size="small"
                      onClick={() => onClick(f.id)}
                      data-testid={`map-feature-${f.id}`}
                      data-card={f.properties.card}
                      style={{ background: AREA_COLOURS[f.properties.card] }}
                    >
                      {n(f.id)} · {f.properties.total}
                    </Button>
                  ))}
                </Space>
                {missing.length > 0 && (
                  <Typography.Text type="warning">
                    {t('mapNoBoundary')} {missing.map((f) => n(f.id)).join('、')}
                  </Typography.Text>
                )}
                {shown.elsewhere.total > 0 && (
                  <Typography.Text type="secondary" data-testid="map-elsewhere">
                    {t('mapElsewhere').replace('{n}', String(shown.elsewhere.total))}
                  </Typography.Text>
                )}
              </>
            )}
            {shown && shown.features.length === 0 && <Empty description={t('mapNoFeatures')} />}
            {!shown && !map.error && <Alert type="info" message={t('loading')} />}
          </Space>
        </Card>
      </Col>
      {picked && (
        <Col xs={24} xl={9}>
          <Card
            size="small"
            title={t('mapCasesOf').replace('{name}', n(picked.code))}
            data-testid="map-cases"
            extra={
              <Button size="small" onClick={() => setPicked(null)}>
                {t('mapClose')}
              </Button>
            }
          >
            {cases.error && <ProblemAlert error={cases.error} onRetry={cases.reload} />}
            <CaseTable compact cases={cases.data ?? []} loading={cases.loading} onOpen={(c) => setOpenId(c.id)} />
          </Card>
        </Col>
      )}
      <CaseDrawer id={openId} onClose={() => setOpenId(null)} onChanged={map.reload} />
    </Row>
  );
}
