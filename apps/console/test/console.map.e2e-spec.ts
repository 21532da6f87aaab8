import type { CaseView, MapView, RoutingRulesVersion } from '@fengqiao/contracts';
import { waitFor } from '@fengqiao/testing';
import type { Page } from 'playwright-core';
import { sampleCase, standInToken, startPlatform, type Platform } from '../../gateway/test/platform.harness';
import { login, shot, startConsole, type Console } from './console.harness';

/**
 * The map (地图) in headless Chromium at desk size (1440×900) against the real stack: the county leader
 * opens the map of the county, drills down town → village → grids by clicking the areas, sees the grids
 * painted by the board's colours, and a click on a grid lists its cases. Screenshots in test/screenshots/.
 */
let p: Platform;
let ui: Console;
let admin: { token: string; remove: () => Promise<void> };
const LEADER = 'leader.621102';
const VILLAGE = '621102101201';

async function register(overrides: Record<string, unknown>): Promise<CaseView> {
  const token = await p.ctx.tokenFor('clerk.621102101');
  const res = await p.api('/api/v1/cases', { method: 'POST', token, body: JSON.stringify(sampleCase(overrides)) });
  const body = (await res.json()) as CaseView;
  if (res.status !== 201) throw new Error(`registration answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

let green: CaseView;
let red: CaseView;

beforeAll(async () => {
  p = await startPlatform('console_map', { insights: true });
  admin = await standInToken('admin', '621100');
  // Category `other` gets a 0.1-minute first reply, so one grid turns red.
  const current = (await (await p.api('/api/v1/routing-rules', { token: admin.token })).json()) as RoutingRulesVersion;
  const base = current.rules.find((r) => r.category === '*' && r.severity === '*')!;
  const rules = [
    ...current.rules.filter((r) => r.category !== 'other'),
    { ...base, category: 'other', severity: '*', periods: { ...base.periods, firstReply: { amount: 0.1, unit: 'minutes' } } },
  ];
  const published = await p.api('/api/v1/routing-rules', { method: 'PUT', token: admin.token, body: JSON.stringify({ note: 'walk: map', rules }) });
  if (published.status !== 200) throw new Error(`publishing rules answered ${published.status}`);
  green = await register({ orgUnit: VILLAGE, title: '东川村一网格邻里纠纷', location: { address: '东川村一社', gridCode: `${VILLAGE}-01` } });
  red = await register({ orgUnit: VILLAGE, category: 'other', title: '东川村二网格无人答复', location: { address: '东川村二社', gridCode: `${VILLAGE}-02` } });
  // The read model follows the stream: the map shows both before the walk starts.
  const token = await p.ctx.tokenFor(LEADER);
  await waitFor(
    async () => {
      const res = await p.api(`/api/v1/map?orgUnit=${VILLAGE}`, { token });
      const view = (await res.json()) as MapView;
      return res.status === 200 && view.features.find((f) => f.id === `${VILLAGE}-02`)?.properties.card === 'red';
    },
    { what: 'the red grid on the map', timeoutMs: 90_000 },
  );
  ui = await startConsole(p.gateway.url);
}, 300_000);

afterAll(async () => {
  await ui?.stop();
  await admin?.remove().catch(() => undefined);
  await p?.stop();
}, 60_000);

/** Clicks an area of the map by its label (the chart is SVG: each label is text in the page). */
async function clickArea(page: Page, name: string): Promise<void> {
  await page
    .getByTestId('map-chart')
    .locator('svg text')
    .filter({ hasText: new RegExp(`^${name}$`) })
    .first()
    .click();
}

async function unitShown(page: Page, name: string): Promise<void> {
  await page.getByTestId('map-unit').filter({ hasText: name }).waitFor();
  await page.getByTestId('map-chart').locator('svg path').first().waitFor();
}

describe('the map at desk size', () => {
  it('the leader drills down from the county to a village, sees its grids coloured, and opens the cases of a grid', async () => {
    const ctx = await ui.browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    try {
      const page = await ctx.newPage();
      await login(page, LEADER, '/map');
      await unitShown(page, '安定区');
      await page.getByTestId('map-legend').waitFor();
      // The towns, each painted by its card: Chankou town holds the overdue case.
      await page.locator('[data-testid="map-feature-621102101"][data-card="red"]').waitFor();
      await shot(page, 'map-county-desk');

      await clickArea(page, '巉口镇');
      await unitShown(page, '巉口镇');
      await page.locator(`[data-testid="map-feature-${VILLAGE}"][data-card="red"]`).waitFor();
      await shot(page, 'map-town-desk');

      await clickArea(page, '东川村');
      await unitShown(page, '东川村');
      await page.locator(`[data-testid="map-feature-${VILLAGE}-01"][data-card="green"]`).waitFor();
      await page.locator(`[data-testid="map-feature-${VILLAGE}-02"][data-card="red"]`).waitFor();
      await page.locator(`[data-testid="map-feature-${VILLAGE}-03"][data-card="green"]`).waitFor();
      // The tooltip names the grid and its counts.
      await page
        .getByTestId('map-chart')
        .locator('svg text')
        .filter({ hasText: /^东川村第二网格$/ })
        .first()
        .hover();
      await page.getByText('在办案件: 1').first().waitFor();
      await shot(page, 'map-village-grids-desk');

      // A click on a grid lists exactly its cases (the case list filtered by grid).
      await clickArea(page, '东川村第二网格');
      const cases = page.getByTestId('map-cases');
      await cases.getByRole('button', { name: red.caseNo }).waitFor();
      expect(await cases.getByRole('button', { name: green.caseNo }).count()).toBe(0);
      await shot(page, 'map-grid-cases-desk');

      // A filter narrows the colours: no complaint anywhere in the village.
      await page.getByTestId('map-kind').click();
      await page
        .locator('.ant-select-item-option')
        .filter({ hasText: /^投诉$/ })
        .click();
      await page.locator(`[data-testid="map-feature-${VILLAGE}-02"][data-card="green"]`).waitFor();

      // Back up the trail to the town.
      await page.getByTestId('map-trail-621102101').click();
      await unitShown(page, '巉口镇');
    } finally {
      await ctx.close();
    }
  });
});
