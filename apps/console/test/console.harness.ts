import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD, freePort, infraEnv } from '@fengqiao/testing';

/** The origin the browser believes the console has: the one the dev realm's fq-console client allows. */
export const CONSOLE_ORIGIN = 'http://127.0.0.1:4200';
/** What the gateway behind a walked console needs: presigned URLs naming the console's origin, as `npm start` runs it. */
export const CONSOLE_GATEWAY_ENV = { S3_PUBLIC_ENDPOINT: CONSOLE_ORIGIN };
export const SCREENSHOTS = resolve(__dirname, 'screenshots');
const ROOT = resolve(__dirname, '../../..');

export interface Console {
  browser: Browser;
  /** A fresh browser (own cookies, own Keycloak session) at a viewport. */
  context(size: 'desk' | 'phone'): Promise<BrowserContext>;
  stop(): Promise<void>;
}

/**
 * The built console (`vite preview`, its `/api` proxied to the test's gateway) in headless
 * Chromium. The preview listens on a free port; a small forward proxy in front of Chromium maps
 * the realm's registered origin (127.0.0.1:4200) to it, so a running `npm start` console on
 * :4200 does not collide and the realm needs no test-only redirect URI.
 */
export async function startConsole(gatewayUrl: string): Promise<Console> {
  const port = await freePort();
  const infra = infraEnv();
  const preview: ChildProcess = spawn(
    process.execPath,
    [resolve(ROOT, 'node_modules/vite/bin/vite.js'), 'preview', '--config', 'apps/console/vite.config.ts'],
    {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        GATEWAY_URL: gatewayUrl,
        CONSOLE_PORT: String(port),
        KEYCLOAK_URL: infra.keycloakUrl,
        KEYCLOAK_REALM: infra.keycloakRealm,
        // Attachments' presigned URLs name the console's origin (the gateway's S3_PUBLIC_ENDPOINT, see
        // CONSOLE_GATEWAY_ENV): the preview proxies /<bucket>/ to the real store.
        S3_ENDPOINT: infra.s3.S3_ENDPOINT,
        S3_BUCKET: infra.s3.S3_BUCKET,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  preview.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  preview.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  const target = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (
    !(await fetch(`${target}/console-config.json`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > deadline || preview.exitCode !== null) throw new Error(`vite preview did not start:\n${output.join('')}`);
    await new Promise((r) => setTimeout(r, 250));
  }

  const proxy = await forwardProxy(new URL(CONSOLE_ORIGIN).host, `127.0.0.1:${port}`);
  const proxyPort = (proxy.address() as { port: number }).port;
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    // Playwright sends loopback through the proxy too (`<-loopback>`), which is what maps :4200.
    proxy: { server: `http://127.0.0.1:${proxyPort}` },
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    browser,
    context: (size) =>
      browser.newContext({
        viewport: size === 'desk' ? { width: 1366, height: 768 } : { width: 390, height: 844 },
        deviceScaleFactor: 1,
        isMobile: size === 'phone',
        hasTouch: size === 'phone',
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      }),
    stop: async () => {
      await browser.close();
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
      preview.kill('SIGTERM');
    },
  };
}

/** A plain-HTTP forward proxy: requests for `from` go to `to`, everything else where it was going. */
function forwardProxy(from: string, to: string): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const host = url.host === from ? to : url.host;
    const [hostname, port] = host.split(':');
    const upstream = request(
      { hostname, port: Number(port ?? 80), path: url.pathname + url.search, method: req.method, headers: { ...req.headers, host: url.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

/** Signs in through the real Keycloak login page as a demo user. */
export async function login(page: Page, username: string, path = '/'): Promise<void> {
  await page.goto(`${CONSOLE_ORIGIN}${path}`);
  await page.getByTestId('login').click();
  await page.waitForURL(/\/realms\/fengqiao\/protocol\/openid-connect\/auth/);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.locator('#kc-login').click();
  // Attached, not visible: a phone-sized header hides the user's name.
  await page.getByTestId('whoami').waitFor({ state: 'attached' });
}

/** Picks an option of the antd Select labelled `label` (inside `scope`, a dialog or the page). */
export async function choose(page: Page, label: string, option: string, scope: Page | ReturnType<Page['locator']> = page): Promise<void> {
  const input = scope.getByLabel(label, { exact: true });
  // A select with a value shows it over its search input, which then takes no click: forced only then.
  await input.click({ timeout: 3_000 }).catch(() => input.click({ force: true }));
  // The console's selects take typing (showSearch): type, then Enter picks the first match.
  await input.fill(option);
  await page.locator('.ant-select-item-option-active').filter({ hasText: option, visible: true }).first().waitFor();
  await input.press('Enter');
}

export async function shot(page: Page, name: string): Promise<void> {
  // Not 'networkidle': the live event stream keeps a request open for good.
  await page
    .waitForFunction(() => document.querySelectorAll('.ant-spin-spinning, .ant-skeleton-active').length === 0, undefined, { timeout: 15_000 })
    .catch(() => undefined);
  await page.waitForTimeout(400); // charts and drawers finish their animation
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: false });
}
