import type { BrowserContext, Page } from 'playwright-core';
import { tokenFor } from '@fengqiao/testing';
import { startPlatform, type Platform } from '../../gateway/test/platform.harness';
import { choose, CONSOLE_ORIGIN, login, shot, startConsole, type Console } from './console.harness';
import { confirmDialog } from './console.walk';

/**
 * The grid worker's home in headless Chromium at phone size (390×844, a phone's user agent, touch,
 * location allowed) against the real stack: the demo grid worker lands on the home, is refused a
 * check-in outside the grid (in Chinese, then in English), checks in inside Dongchuan village,
 * opens the 随手拍 form with the phone's position filled in and sends it. Screenshots land in
 * test/screenshots/.
 */
let p: Platform;
let ui: Console;
let ctx: BrowserContext;
const GRID = 'grid.621102101201';
/** Inside Dongchuan village's first grid (apps/intake/src/database/seeds/demo-grids.ts), the worker's village. */
const INSIDE = { longitude: 104.4745, latitude: 35.7535, accuracy: 15 };
/** Jinping village, Neiguanying: a demo grid, not this worker's. */
const OUTSIDE = { longitude: 104.7115, latitude: 35.4735, accuracy: 15 };
const PHONE_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

beforeAll(async () => {
  p = await startPlatform('console_grid_home', { keyPersons: true });
  ui = await startConsole(p.gateway.url);
  ctx = await ui.browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    userAgent: PHONE_UA,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    permissions: ['geolocation'],
    geolocation: OUTSIDE,
  });
}, 240_000);

afterAll(async () => {
  await ctx?.close().catch(() => undefined);
  await ui?.stop();
  await p?.stop();
}, 60_000);

const checkInButton = (page: Page) => page.getByTestId('check-in-button');

/** Whether the gateway serves field reports yet (another part of the work brings the routes). */
async function fieldReportsServed(): Promise<boolean> {
  const r = await p.api('/api/v1/field-reports?status=open', { token: await tokenFor(GRID) });
  return r.status !== 404;
}

describe("the grid worker's home on a phone", () => {
  it('lands on the home, is refused outside the grid in the current language, checks in inside it, opens and sends a field report', async () => {
    const page = await ctx.newPage();
    await login(page, GRID);
    // The first screen of a grid worker: the home, with the bottom bar in thumb's reach.
    await page.waitForURL(`${CONSOLE_ORIGIN}/grid-home`);
    const home = page.getByTestId('grid-home');
    await home.waitFor();
    await page.getByTestId('grid-tab-bar').waitFor();
    await page.locator('[data-testid=check-in][data-state=due]').waitFor();
    // Today's tasks: each card loads without a problem (a route not served yet says so plainly).
    const served = await fieldReportsServed();
    const reports = page.getByTestId('field-reports-due');
    if (served) await reports.locator('.ant-list').waitFor({ timeout: 30_000 });
    else await reports.getByTestId('field-reports-unavailable').getByText('事件上报功能尚未开通').waitFor({ timeout: 30_000 });
    await page.getByTestId('kp-due').locator('.ant-list').waitFor({ timeout: 30_000 });
    await page.getByTestId('return-visits-due').locator('.ant-list').waitFor({ timeout: 30_000 });
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid=grid-home] .ant-list-loading, [data-testid=grid-home] .ant-spin-spinning').length === 0,
    );
    expect(await home.locator('[data-testid^=problem-]').count()).toBe(0);
    await shot(page, 'grid-home-phone');

    // Outside the worker's grid: the service's refusal, in Chinese, nothing stored.
    await checkInButton(page).click();
    const refusal = page.getByTestId('check-in').getByRole('alert');
    await refusal.getByText('当前位置不在您负责的网格').waitFor({ timeout: 30_000 });
    await shot(page, 'grid-check-in-outside-phone');
    // The same refusal in English after switching the language.
    await page.getByRole('button', { name: 'language / 语言' }).click();
    await checkInButton(page).click();
    await refusal.getByText('Your position lies outside your grid').waitFor({ timeout: 30_000 });
    await shot(page, 'grid-check-in-outside-en-phone');
    await page.getByRole('button', { name: 'language / 语言' }).click();

    // Inside Dongchuan village: checked in, at the time and in the grid the service answered.
    await ctx.setGeolocation(INSIDE);
    await checkInButton(page).click();
    await page.locator('[data-testid=check-in][data-state=done]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('check-in-grid').getAttribute('data-grid')).toMatch(/^621102101201/);
    expect(await page.getByTestId('check-in-at').textContent()).toMatch(/^\d{2}:\d{2}$/);
    await shot(page, 'grid-checked-in-phone');
    // The server holds it: a second check-in answers the first (repeated), the home still shows it after a reload.
    const again = await p.api('/api/v1/check-ins', {
      method: 'POST',
      token: await tokenFor(GRID),
      body: JSON.stringify({ position: { lng: INSIDE.longitude, lat: INSIDE.latitude } }),
    });
    expect(again.status).toBe(200);
    const first = (await again.json()) as { repeated: boolean; gridCode: string };
    expect(first.repeated).toBe(true);
    await page.reload();
    await page.locator('[data-testid=check-in][data-state=done]').waitFor();
    expect(await page.getByTestId('check-in-grid').getAttribute('data-grid')).toBe(first.gridCode);

    // 随手拍: the form opens with the phone's position filled in; the categories come from the API.
    await page.getByTestId('report-button').click();
    const form = page.getByTestId('field-report-form');
    await form.waitFor();
    await page.waitForFunction(() => (document.querySelector('input[aria-label="经度"]') as HTMLInputElement | null)?.value !== '');
    expect(Number(await form.getByLabel('经度', { exact: true }).inputValue())).toBeCloseTo(INSIDE.longitude, 4);
    expect(Number(await form.getByLabel('纬度', { exact: true }).inputValue())).toBeCloseTo(INSIDE.latitude, 4);
    await form.locator('label.ant-radio-button-wrapper').filter({ hasText: '安全隐患' }).click();
    await choose(page, '类别', '其他', form);
    await form.getByLabel('情况描述', { exact: true }).fill('东川村三社巷口电线垂落，离地不足两米，已提醒过往村民绕行。');
    await form.getByLabel('地址或标志物（可选）', { exact: true }).fill('东川村三社巷口');
    await shot(page, 'grid-report-form-phone');
    await page.getByTestId('report-submit').click();
    if (served) {
      await page.locator('[data-testid=report-done][data-status=open]').waitFor({ timeout: 30_000 });
      await shot(page, 'grid-report-sent-phone');
      // Back on the home the report waits to be followed up; settled on the spot, it leaves the list.
      await page
        .getByTestId('report-done')
        .getByRole('button', { name: /关\s*闭/ })
        .click();
      const item = reports.locator('.ant-list-item').filter({ hasText: '电线垂落' });
      await item.waitFor({ timeout: 30_000 });
      await shot(page, 'grid-report-follow-up-phone');
      await item.locator('button[data-action=settle]').click();
      await confirmDialog(page, async (d) => {
        await d.getByLabel('处置结果', { exact: true }).fill('已联系电力所抢修，线路已重新架设。');
      });
      await item.waitFor({ state: 'detached', timeout: 30_000 });
    } else {
      // Until the gateway serves field reports: a plain message, the form as it was typed.
      await form.getByTestId('form-errors').getByText('事件上报功能尚未开通').waitFor({ timeout: 30_000 });
      expect(await form.getByLabel('情况描述', { exact: true }).inputValue()).toContain('电线垂落');
      await shot(page, 'grid-report-unavailable-phone');
    }

    // The bottom bar: the key-person tasks one tap away, and back home.
    await page.goto(`${CONSOLE_ORIGIN}/grid-home`);
    await page.locator('[data-testid=grid-tab-bar] button[data-tab=tasks]').click();
    await page.getByTestId('kp-tasks').waitFor();
    await page.locator('[data-testid=grid-tab-bar] button[data-tab=home]').click();
    await home.waitFor();
  });
});
