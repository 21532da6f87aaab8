import type { BrowserContext, Page } from 'playwright-core';
import { CONSOLE_ORIGIN, login, type Console } from './console.harness';

/** Signed-in browsers of a walk: one login per user and size for a whole file, closed at the end. */
export function sessions(ui: () => Console) {
  const open: BrowserContext[] = [];
  const signedIn = new Map<string, Page>();
  /** A fresh browser signed in as `username`. */
  const as = async (username: string, size: 'desk' | 'phone', path = '/'): Promise<Page> => {
    const ctx = await ui().context(size);
    open.push(ctx);
    const page = await ctx.newPage();
    await login(page, username, path);
    return page;
  };
  /** The user's browser of this size, reloaded at `path` (signed in the first time). */
  const user = async (username: string, size: 'desk' | 'phone', path = '/'): Promise<Page> => {
    const known = signedIn.get(`${username}@${size}`);
    if (!known) {
      const page = await as(username, size, path);
      signedIn.set(`${username}@${size}`, page);
      return page;
    }
    await known.goto(`${CONSOLE_ORIGIN}${path}`);
    await known.getByTestId('whoami').waitFor({ state: 'attached' });
    return known;
  };
  const closeAll = () => Promise.all(open.map((c) => c.close().catch(() => undefined)));
  return { as, user, closeAll };
}

export type Dialog = ReturnType<Page['getByRole']>;

/** The open action dialog (a modal with a form): fill it, confirm, wait until it closes. */
export async function confirmDialog(page: Page, fill: (dialog: Dialog) => Promise<void> = async () => undefined): Promise<void> {
  const dialog = page.getByRole('dialog').filter({ has: page.locator('form') });
  await dialog.waitFor();
  await fill(dialog);
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** Clicks an action of the open case and goes through its dialog. */
export async function act(page: Page, action: string, fill?: (dialog: Dialog) => Promise<void>): Promise<void> {
  await page.locator(`[data-testid=case-actions] button[data-action="${action}"]`).click();
  await confirmDialog(page, fill);
}

/** Opens a case from the list on the page by its case number. */
export async function openCase(page: Page, caseNo: string): Promise<void> {
  await page.getByRole('button', { name: caseNo }).first().click();
  await page.getByTestId('case-detail').getByTestId('case-no').filter({ hasText: caseNo }).waitFor();
}

export async function waitStatus(page: Page, status: string): Promise<void> {
  await page.getByTestId('case-detail').locator(`[data-status="${status}"]`).first().waitFor({ timeout: 30_000 });
}

/** A resident ID number with its GB 11643 check digit. */
export function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return first17 + '10X98765432'[[...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0) % 11];
}
