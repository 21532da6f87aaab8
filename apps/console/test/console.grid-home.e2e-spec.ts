import sharp from 'sharp';
import type { BrowserContext, Page } from 'playwright-core';
import type { AttachmentView, FieldReportView } from '@fengqiao/contracts';
import { tokenFor } from '@fengqiao/testing';
import { startPlatform, type Platform } from '../../gateway/test/platform.harness';
import { choose, CONSOLE_GATEWAY_ENV, CONSOLE_ORIGIN, login, shot, startConsole, type Console } from './console.harness';
import { confirmDialog, openCase } from './console.walk';

/**
 * The grid worker's home in headless Chromium at phone size (390×844, a phone's user agent, touch,
 * location allowed) against the real stack: the demo grid worker lands on the home, is refused a
 * check-in outside the grid (in Chinese, then in English), checks in inside Dongchuan village,
 * opens the 随手拍 form with the phone's position filled in and sends it with a photo taken on the
 * phone: the browser PUTs it to the real S3 store through the console's origin (a picture of a wrong
 * type is refused first, in Chinese), the photo shows on the report, and the report is settled with a
 * photo of the result. Another browser shows the day's check-in from the API. At desk size, the case a
 * photographed report became shows its photos to the township's clerk, who adds a document. Screenshots
 * land in test/screenshots/.
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
  // Presigned URLs name the console's origin, as `npm start` runs it: the browser's PUT goes through the console.
  p = await startPlatform('console_grid_home', { keyPersons: true, env: CONSOLE_GATEWAY_ENV });
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

/** A phone photo: a JPEG with the camera's EXIF and GPS position (a grid worker's keeps it), `w` pixels wide. */
const phonePhoto = (w: number, colour: string, format: 'jpeg' | 'png' = 'jpeg') => {
  const img = sharp({ create: { width: w, height: 48, channels: 3, background: colour } });
  return (
    format === 'jpeg'
      ? img.jpeg().withExif({
          IFD0: { Make: 'Pixel 8' },
          IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '35/1 45/1 12/1', GPSLongitudeRef: 'E', GPSLongitude: '104/1 28/1 28/1' },
        })
      : img.png()
  ).toBuffer();
};

/** Every photo thumbnail under `scope` shows a decoded image (its bytes came from the store through the console's origin). */
async function thumbnailsLoaded(page: Page, scope: string, count: number): Promise<number[]> {
  await page.waitForFunction(
    ({ scope, count }) => {
      const imgs = Array.from(document.querySelectorAll<HTMLImageElement>(`[data-testid=${scope}] img.ant-image-img`));
      return imgs.length === count && imgs.every((i) => i.complete && i.naturalWidth > 0);
    },
    { scope, count },
    { timeout: 30_000 },
  );
  return page.$$eval(`[data-testid=${scope}] img.ant-image-img`, (imgs) => (imgs as HTMLImageElement[]).map((i) => i.naturalWidth));
}

const api = async <T>(path: string, token: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
  const res = await p.api(path, { method: init.method ?? 'GET', token, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};

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
    // Today's tasks: each card loads without a problem.
    const reports = page.getByTestId('field-reports-due');
    await reports.locator('.ant-list').waitFor({ timeout: 30_000 });
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
    // Another browser (nothing of this one's storage): the home reads the day's check-in from the API.
    const other = await ui.context('phone');
    try {
      const elsewhere = await other.newPage();
      await login(elsewhere, GRID);
      await elsewhere.locator('[data-testid=check-in][data-state=done]').waitFor({ timeout: 30_000 });
      expect(await elsewhere.getByTestId('check-in-grid').getAttribute('data-grid')).toBe(first.gridCode);
    } finally {
      await other.close();
    }

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
    // Photos from the phone's camera: the input asks for the back camera; a GIF first, which the API refuses.
    const camera = page.getByTestId('photos-input');
    expect(await camera.getAttribute('accept')).toBe('image/*');
    expect(await camera.getAttribute('capture')).toBe('environment');
    expect(await camera.getAttribute('multiple')).not.toBeNull();
    await camera.setInputFiles({ name: 'dongtu.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'binary') });
    await page.locator('[data-testid=picked-photo][data-state=new]').waitFor();
    await shot(page, 'grid-report-form-phone');
    await page.getByTestId('report-submit').click();
    // Filed, the GIF refused in the current language (the API's words); the report is not filed twice below.
    const refusedPhoto = page.locator('[data-testid=picked-photo][data-state=failed]');
    await refusedPhoto.getByTestId('photo-error').getByText('不支持的文件类型').waitFor({ timeout: 30_000 });
    await page.getByTestId('form-errors').getByText('事件已上报，但有照片未能上传').waitFor();
    await shot(page, 'grid-report-photo-refused-phone');
    await refusedPhoto.getByRole('button', { name: /移除/ }).click();
    const photo = await phonePhoto(64, '#c08030');
    await camera.setInputFiles({ name: 'IMG_20261207_0815.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByTestId('report-submit').click();
    await page.locator('[data-testid=report-done][data-status=open]').waitFor({ timeout: 30_000 });
    // The photo shows on the filed report: the thumbnail is the stored photo, fetched from the store through the console's origin.
    expect(await thumbnailsLoaded(page, 'report-done-photos', 1)).toEqual([64]);
    await shot(page, 'grid-report-sent-phone');
    const worker = await tokenFor(GRID);
    const mine = await api<{ items: FieldReportView[] }>('/api/v1/field-reports?mine=true', worker);
    const filed = mine.items.filter((r) => r.text.includes('电线垂落'));
    expect(filed).toHaveLength(1);
    expect(filed[0]!.attachmentIds).toHaveLength(1);
    const stored = await api<AttachmentView[]>(`/api/v1/field-reports/${filed[0]!.id}/attachments`, worker);
    expect(stored).toEqual([
      expect.objectContaining({
        id: filed[0]!.attachmentIds[0],
        fileName: 'IMG_20261207_0815.jpg',
        contentType: 'image/jpeg',
        status: 'stored',
        gpsKept: true,
      }),
    ]);
    // Back on the home the report waits to be followed up; settled on the spot, it leaves the list.
    await page
      .getByTestId('report-done')
      .getByRole('button', { name: /关\s*闭/ })
      .click();
    const item = reports.locator('.ant-list-item').filter({ hasText: '电线垂落' });
    await item.waitFor({ timeout: 30_000 });
    await shot(page, 'grid-report-follow-up-phone');
    // The report's detail shows its photo.
    await item.locator('button[data-action=view]').click();
    const detail = page.getByTestId('report-detail');
    await detail.waitFor();
    expect(await thumbnailsLoaded(page, 'report-photos', 1)).toEqual([64]);
    await shot(page, 'grid-report-photos-phone');
    await page.locator('.ant-drawer-open .ant-drawer-close').click();
    await detail.waitFor({ state: 'detached' });
    // Settled on the spot with a photo of the result.
    await item.locator('button[data-action=settle]').click();
    await confirmDialog(page, async (d) => {
      await d.getByLabel('处置结果', { exact: true }).fill('已联系电力所抢修，线路已重新架设。');
      await d.getByTestId('settle-photos-input').setInputFiles({ name: 'result.png', mimeType: 'image/png', buffer: await phonePhoto(80, '#30a060', 'png') });
      await d.locator('[data-testid=picked-photo]').waitFor();
      await shot(page, 'grid-report-settle-photo-phone');
    });
    await item.waitFor({ state: 'detached', timeout: 30_000 });
    const settled = await api<FieldReportView>(`/api/v1/field-reports/${filed[0]!.id}`, worker);
    expect(settled.status).toBe('settled');
    expect(settled.attachmentIds).toHaveLength(2);
    expect(settled.settlement?.attachmentIds).toEqual([settled.attachmentIds[1]]);
    // Among the worker's own reports, settled, with both photos.
    const own = page.getByTestId('my-reports').locator(`.ant-list-item[data-report="${settled.id}"][data-status=settled]`);
    await own.waitFor({ timeout: 30_000 });
    await own.click();
    await page.locator('[data-testid=report-detail][data-status=settled]').waitFor();
    expect(await thumbnailsLoaded(page, 'report-photos', 2)).toEqual([64, 80]);
    await shot(page, 'grid-report-settled-phone');
    await page.locator('.ant-drawer-open .ant-drawer-close').click();

    // The bottom bar: the key-person tasks one tap away, and back home.
    await page.goto(`${CONSOLE_ORIGIN}/grid-home`);
    await page.locator('[data-testid=grid-tab-bar] button[data-tab=tasks]').click();
    await page.getByTestId('kp-tasks').waitFor();
    await page.locator('[data-testid=grid-tab-bar] button[data-tab=home]').click();
    await home.waitFor();
  });
});

describe('at the desk', () => {
  it("shows the township's clerk the photos of the case a photographed report became, and takes a document", async () => {
    // The grid worker files a report and photographs it in the phone's browser (its PUT through the console), then sends it.
    const worker = await tokenFor(GRID);
    const report = await api<FieldReportView>('/api/v1/field-reports', worker, {
      method: 'POST',
      body: { kind: 'dispute', category: 'other', text: '东川村两户因宅基地界墙争执，需中心协调。', position: { lng: INSIDE.longitude, lat: INSIDE.latitude } },
    });
    const photo = await phonePhoto(72, '#8040c0');
    const started = await api<{ attachment: AttachmentView; upload: { url: string; headers: Record<string, string> } }>(
      `/api/v1/field-reports/${report.id}/attachments`,
      worker,
      { method: 'POST', body: { fileName: '界墙.jpg', contentType: 'image/jpeg', size: photo.length } },
    );
    expect(new URL(started.upload.url).origin).toBe(CONSOLE_ORIGIN);
    const phone = await ctx.newPage();
    await phone.goto(`${CONSOLE_ORIGIN}/console-config.json`);
    const putStatus = await phone.evaluate(
      async ({ url, headers, bytes }) => (await fetch(url, { method: 'PUT', headers, body: new Uint8Array(bytes) })).status,
      { url: started.upload.url, headers: started.upload.headers, bytes: [...photo] },
    );
    expect(putStatus).toBe(200);
    await phone.close();
    await api(`/api/v1/attachments/${started.attachment.id}/complete`, worker, { method: 'POST' });
    const sent = await api<FieldReportView>(`/api/v1/field-reports/${report.id}/send`, worker, { method: 'POST', body: {} });
    const clerkToken = await tokenFor('clerk.621102101');
    const c = await api<{ caseNo: string }>(`/api/v1/cases/${sent.caseId}`, clerkToken);

    const desk = await ui.context('desk');
    try {
      const page = await desk.newPage();
      await login(page, 'clerk.621102101');
      await openCase(page, c.caseNo);
      const docs = page.getByTestId('case-attachments');
      await docs.scrollIntoViewIfNeeded();
      expect(await thumbnailsLoaded(page, 'case-attachment-list', 1)).toEqual([72]);
      // The clerk adds a document (a signed agreement, PDF); a GIF is refused in Chinese first.
      const input = page.getByTestId('case-attachments-input');
      await input.setInputFiles({ name: 'wall.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a;', 'binary') });
      await docs.getByRole('alert').getByText('不支持的文件类型').waitFor({ timeout: 30_000 });
      await input.setInputFiles({
        name: '调解协议书.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
      });
      await docs.locator('[data-testid=attachment][data-kind=document]').filter({ hasText: '调解协议书.pdf' }).waitFor({ timeout: 30_000 });
      expect(await docs.getByRole('alert').count()).toBe(0);
      await docs.scrollIntoViewIfNeeded();
      await shot(page, 'case-photos-desk');
      const listed = await api<AttachmentView[]>(`/api/v1/cases/${sent.caseId}/attachments`, clerkToken);
      expect(listed.map((a) => [a.contentType, a.uploadedBy.username])).toEqual([
        ['image/jpeg', GRID],
        ['application/pdf', 'clerk.621102101'],
      ]);
    } finally {
      await desk.close();
    }
  });
});
