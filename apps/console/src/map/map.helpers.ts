import type { MapFeature, MapView, WarningColour } from '@fengqiao/contracts';
import { WARNING_COLOURS } from '../cases/case.helpers';

/** The area colours (lighter than the tags, so the outlines and labels read on them). */
export const AREA_COLOURS: Record<WarningColour, string> = { green: '#b7eb8f', yellow: '#ffe58f', red: '#ffa39e' };

/**
 * The name a map view is registered under with `echarts.registerMap`: one per unit, so drilling back up
 * reuses the shapes already registered. The filters change the colours, never the shapes.
 */
export const mapName = (view: Pick<MapView, 'unit'>) => `fq-${view.unit.code}`;

/**
 * The GeoJSON ECharts draws: the features that have a boundary, each named by its code (ECharts joins a
 * region to its data item by `properties.name`). No tile server: the county's own boundaries only.
 */
export function geoJsonOf(view: Pick<MapView, 'features'>): {
  type: 'FeatureCollection';
  features: Array<{ type: 'Feature'; id: string; geometry: NonNullable<MapFeature['geometry']>; properties: { name: string } }>;
} {
  return {
    type: 'FeatureCollection',
    features: view.features
      .filter((f): f is MapFeature & { geometry: NonNullable<MapFeature['geometry']> } => f.geometry !== null)
      .map((f) => ({ type: 'Feature', id: f.id, geometry: f.geometry, properties: { name: f.id } })),
  };
}

/** Features the register has no boundary for: listed beside the map, never silently dropped. */
export const unlocated = (view: Pick<MapView, 'features'>): MapFeature[] => view.features.filter((f) => f.geometry === null);

/** What a click on a feature does: a unit with units below opens its own map, a grid (or a leaf) its cases. */
export function clickTarget(f: Pick<MapFeature, 'properties'>): { drill: string } | { cases: string; code: string } {
  return f.properties.hasChildren && f.properties.level !== 'grid' ? { drill: f.properties.code } : { cases: f.properties.cases, code: f.properties.code };
}

/** The trail from the caller's own unit down to the unit shown, as the drill-down went. */
export function pushTrail(trail: readonly string[], code: string): string[] {
  const at = trail.indexOf(code);
  return at >= 0 ? trail.slice(0, at + 1) : [...trail, code];
}

/** The tooltip's lines: name, open cases by colour, recent complaints. */
export function tooltipLines(
  p: MapFeature['properties'],
  name: string,
  words: { open: string; complaints: string; colours: Record<WarningColour, string> },
): string[] {
  return [
    name,
    `${words.open}: ${p.total}`,
    ...(['red', 'yellow', 'green'] as const).map((w) => `${words.colours[w]}: ${p.open[w]}`),
    `${words.complaints}: ${p.complaints}`,
  ];
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The ECharts option of one map view: each region painted by its card, labelled by its name, counts in the tooltip. */
export function chartOption(
  view: MapView,
  nameOf: (code: string) => string,
  words: { open: string; complaints: string; colours: Record<WarningColour, string> },
) {
  const byCode = new Map(view.features.map((f) => [f.id, f]));
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string }) => {
        const f = byCode.get(p.name);
        return f ? tooltipLines(f.properties, nameOf(f.id), words).map(escapeHtml).join('<br/>') : escapeHtml(nameOf(p.name));
      },
    },
    series: [
      {
        type: 'map',
        map: mapName(view),
        roam: true,
        selectedMode: false,
        label: {
          show: true,
          fontSize: 12,
          color: '#262626',
          formatter: (p: { name: string }) => `${nameOf(p.name)}\n${byCode.get(p.name)?.properties.total ?? 0}`,
        },
        itemStyle: { borderColor: '#595959', borderWidth: 1 },
        emphasis: { label: { show: true, fontWeight: 'bold' } },
        // Hovered, an area keeps its colour (the warning must stay readable) and gets a heavier outline.
        data: view.features.map((f) => ({
          name: f.id,
          value: f.properties.total,
          itemStyle: { areaColor: AREA_COLOURS[f.properties.card], borderColor: WARNING_COLOURS[f.properties.card] },
          emphasis: { itemStyle: { areaColor: AREA_COLOURS[f.properties.card], borderColor: WARNING_COLOURS[f.properties.card], borderWidth: 3 } },
        })),
      },
    ],
  };
}
