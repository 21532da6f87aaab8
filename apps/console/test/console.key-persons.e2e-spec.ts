import type { Page } from 'playwright-core';
import { startPlatform, type Platform } from '../../gateway/test/platform.harness';
import { choose, shot, startConsole, type Console } from './console.harness';
import { confirmDialog, sessions, type Dialog } from './console.walk';

/**
 * Key persons in the console, in headless Chromium against the real stack (gateway, intake, the
 * orchestrator hosting keyPersonSupervision, the key-persons service, insights): the officer keeps
 * the register on a desk, the grid worker works the task list on a phone, the leader approves and
 * watches. Every record is opened through the purpose dialog. Screenshots land in test/screenshots/.
 */
let p: Platform;
let ui: Console;
const { user, closeAll } = sessions(() => ui);
const OFFICER = 'key-person.621102101';
const GRID = 'grid.621102101201';
const LEADER = 'leader.621102';
/** An invented name no demo person bears; the lists only ever show it masked. */
const NAME = '亓官明远';
const MASKED = '亓***';
const beijingDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  p = await startPlatform('console_key_persons', { keyPersons: true, insights: true });
  ui = await startConsole(p.gateway.url);
}, 240_000);

afterAll(async () => {
  await closeAll();
  await ui?.stop();
  await p?.stop();
}, 60_000);

/** Opens the record of the masked row through the purpose dialog (an empty purpose is refused on the field first). */
async function openRecord(page: Page, masked: string, purpose: string): Promise<void> {
  await page.getByTestId('kp-register').getByRole('button', { name: masked }).first().click();
  const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('kp-purpose-form') });
  await dialog.waitFor();
  await dialog.getByLabel('查看用途', { exact: true }).fill(purpose);
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByTestId('kp-record').waitFor({ timeout: 30_000 });
}

async function action(page: Page, name: string, fill?: (d: Dialog) => Promise<void>): Promise<void> {
  await page.locator(`[data-testid=kp-actions] button[data-action="${name}"]`).click();
  await confirmDialog(page, fill);
}

const radio = (d: Dialog, text: string) => d.locator('label.ant-radio-button-wrapper').filter({ hasText: text }).first().click();

describe('key persons in the console', () => {
  it('the officer registers a person and assesses; the grid worker records a contact and a daily report on a phone; the leader declares a special period, approves the assessment and the removal', async () => {
    // The officer's register: masked rows only.
    const officer = await user(OFFICER, 'desk', '/key-persons');
    await officer.getByTestId('kp-register').locator('[data-person]').first().waitFor({ timeout: 30_000 });
    await shot(officer, 'kp-register-desk');

    // Adding a person: the categories come from the API, the grid worker stands responsible.
    await officer.getByTestId('kp-add').click();
    const add = officer.getByRole('dialog').filter({ has: officer.getByTestId('kp-add-form') });
    await add.getByLabel('姓名', { exact: true }).fill(NAME);
    await add.getByLabel('联系电话（可选）', { exact: true }).fill('13912345678');
    await choose(officer, '人员类别', '长期上访人员', add);
    await radio(add, '中');
    await add.getByLabel('基本情况', { exact: true }).fill('因土地补偿问题多次上访，诉求未获支持。');
    await add.getByLabel('列管原因', { exact: true }).fill('近三个月两次越级上访');
    await add.getByLabel('登录账号 1', { exact: true }).fill(GRID);
    await shot(officer, 'kp-add-desk');
    await add.getByRole('button', { name: /确\s*定/ }).click();
    await add.waitFor({ state: 'detached' });
    const row = officer.getByTestId('kp-register').getByRole('row').filter({ hasText: MASKED });
    await row.waitFor();
    // The list never shows the name.
    expect(await officer.getByTestId('kp-register').textContent()).not.toContain(NAME);

    // Opening needs a purpose: without one the dialog says so and nothing opens.
    await officer.getByTestId('kp-register').getByRole('button', { name: MASKED }).first().click();
    const ask = officer.getByRole('dialog').filter({ has: officer.getByTestId('kp-purpose-form') });
    await ask.getByRole('button', { name: /确\s*定/ }).click();
    await ask.locator('.ant-form-item-explain-error').waitFor();
    await shot(officer, 'kp-purpose-required-desk');
    await ask.getByRole('button', { name: /取\s*消/ }).click();
    await openRecord(officer, MASKED, '季度评估前了解情况');
    await officer.getByTestId('kp-record-name').filter({ hasText: NAME }).waitFor();
    await shot(officer, 'kp-record-desk');

    // The assessment: a missing answer comes back on its question; then the whole form, proposed high.
    await officer.locator('[data-testid=kp-actions] button[data-action="assess"]').click();
    const assess = officer.getByRole('dialog').filter({ has: officer.getByTestId('kp-assess-form') });
    const groups = assess.locator('.ant-radio-group');
    await groups.first().waitFor();
    const n = await groups.count();
    for (let i = 1; i < n; i++) await groups.nth(i).locator('label.ant-radio-wrapper').last().click();
    await assess.getByRole('button', { name: /确\s*定/ }).click();
    await assess.getByTestId('form-errors').waitFor();
    await assess.locator('.ant-form-item-explain-error').first().waitFor();
    await groups.nth(0).locator('label.ant-radio-wrapper').last().click();
    await assess.getByTestId('kp-assess-preview').locator('[data-risk="high"]').waitFor();
    await shot(officer, 'kp-assess-desk');
    await assess.getByRole('button', { name: /确\s*定/ }).click();
    await assess.waitFor({ state: 'detached' });
    await officer.getByRole('tab', { name: /^评估/ }).click();
    await officer.getByTestId('kp-assessments').locator('[data-status="proposed"]').waitFor({ timeout: 30_000 });

    // The leader declares a special period for the county, today and the next two days.
    const today = beijingDay(Date.now());
    const leader = await user(LEADER, 'desk', '/kp-leader');
    await leader.getByTestId('kp-stats').getByText('在册人数').waitFor({ timeout: 30_000 });
    await shot(leader, 'kp-leader-desk');
    await leader.getByRole('tab', { name: '特殊时期' }).click();
    const declare = leader.getByTestId('kp-declare-form');
    await declare.getByLabel('名称', { exact: true }).fill('国庆节特殊时期');
    for (const [label, day] of [
      ['开始日期', today],
      ['结束日期', beijingDay(Date.now() + 2 * 86_400_000)],
    ] as const) {
      // Tab, not Enter: Enter in a field submits the form.
      await declare.getByLabel(label, { exact: true }).fill(day);
      await declare.getByLabel(label, { exact: true }).press('Tab');
    }
    await leader.getByTestId('kp-declare').click();
    const period = leader.getByTestId('kp-special-periods').getByRole('row').filter({ hasText: '国庆节特殊时期' });
    await period.waitFor({ timeout: 30_000 });
    expect(await period.count()).toBe(1);
    await period.locator('.ant-table-row-expand-icon').click();
    await leader.getByTestId('kp-missing').getByText(MASKED).waitFor({ timeout: 30_000 });
    await shot(leader, 'kp-special-period-missing-desk');

    // The grid worker on a phone: the new person's contact and today's daily report.
    const grid = await user(GRID, 'phone', '/kp-tasks');
    const tasks = grid.getByTestId('kp-tasks');
    const item = (obligation: string) => tasks.locator(`.ant-list-item[data-obligation="${obligation}"]`).filter({ hasText: MASKED }).first();
    await item('contact').waitFor({ timeout: 30_000 });
    expect(await tasks.textContent()).not.toContain(NAME);
    await shot(grid, 'kp-tasks-phone');
    await item('contact').locator('button[data-action="contact"]').click();
    const contact = grid.getByRole('dialog').filter({ has: grid.getByTestId('kp-contact-form') });
    await radio(contact, '走访');
    // A time in the future is refused on the field; nothing typed is lost.
    await contact.getByLabel('时间', { exact: true }).fill(`${beijingDay(Date.now() + 86_400_000)}T10:00`);
    await contact.getByLabel('地点（可选）', { exact: true }).fill('村委会');
    await contact.getByLabel('情况记录', { exact: true }).fill('入户走访，情绪平稳，已告知补偿政策。');
    await contact.getByRole('button', { name: /确\s*定/ }).click();
    await contact.getByTestId('form-errors').waitFor();
    await shot(grid, 'kp-contact-future-phone');
    expect(await contact.getByLabel('情况记录', { exact: true }).inputValue()).toContain('入户走访');
    await contact.getByLabel('时间', { exact: true }).fill(new Date(Date.now() + 8 * 3600_000 - 3_600_000).toISOString().slice(0, 16));
    await contact.getByRole('button', { name: /确\s*定/ }).click();
    await contact.waitFor({ state: 'detached' });
    await item('daily-report').waitFor({ timeout: 30_000 });
    await item('daily-report').locator('button[data-action="daily-report"]').click();
    await confirmDialog(grid, async (d) => {
      await d.getByLabel('情况说明', { exact: true }).fill('在家，情绪稳定。');
    });
    await shot(grid, 'kp-tasks-after-phone');

    // The leader: today's missing list no longer names the person's row; the assessment approved on the record.
    await user(LEADER, 'desk', '/kp-leader');
    await leader.getByRole('tab', { name: '特殊时期' }).click();
    await period.locator('.ant-table-row-expand-icon').click();
    // The demo persons in the county have not reported: the list is there, without this person.
    await leader.getByTestId('kp-missing').locator('.ant-table-row').first().waitFor({ timeout: 30_000 });
    expect(await leader.getByTestId('kp-missing').getByText(MASKED).count()).toBe(0);
    await leader.getByRole('tab', { name: '重点人员名册' }).click();
    await openRecord(leader, MASKED, '审批季度评估');
    await leader.getByRole('tab', { name: /^评估/ }).click();
    await leader.getByTestId('kp-assessments').locator('button[data-action="decide-assessment"]').click();
    await confirmDialog(leader);
    await leader.getByTestId('kp-record').locator('[data-risk="high"]').first().waitFor({ timeout: 30_000 });
    await leader.getByTestId('kp-assessments').locator('[data-status="approved"]').waitFor();
    await shot(leader, 'kp-assessment-approved-desk');

    // The officer asks for removal; the record shows who opened it (the leader, and why).
    await user(OFFICER, 'desk', '/key-persons');
    await openRecord(officer, MASKED, '申请撤销列管');
    await action(officer, 'removal', async (d) => {
      await d.getByLabel('撤销原因', { exact: true }).fill('诉求已解决，近半年情绪稳定');
    });
    await officer.locator('[data-testid=kp-record][data-status="removal-requested"]').waitFor({ timeout: 30_000 });
    await officer.getByRole('tab', { name: '查阅记录' }).click();
    const openings = officer.getByTestId('kp-openings');
    await openings.getByRole('row').filter({ hasText: LEADER }).filter({ hasText: '审批季度评估' }).first().waitFor();
    await shot(officer, 'kp-openings-desk');

    // The leader approves the removal from the approvals list: the person leaves the active register.
    await user(LEADER, 'desk', '/kp-leader');
    const removal = leader.getByTestId('kp-removals').getByRole('row').filter({ hasText: MASKED });
    await removal.waitFor({ timeout: 30_000 });
    await shot(leader, 'kp-approvals-desk');
    await removal.locator('button[data-action="decide-removal"]').click();
    await confirmDialog(leader);
    await removal.waitFor({ state: 'detached', timeout: 30_000 });
  });

  it('a bulk export waits for the leader, is fetched once; the warnings and the leader view in English', async () => {
    const officer = await user(OFFICER, 'desk', '/key-persons');
    await officer.getByRole('tab', { name: '批量导出' }).click();
    const exports = officer.getByTestId('kp-exports');
    await exports.getByLabel('导出用途', { exact: true }).fill('年度核查');
    await exports.getByRole('button', { name: '申请批量导出' }).click();
    await exports.getByRole('row').filter({ hasText: '年度核查' }).locator('[data-status="requested"]').waitFor({ timeout: 30_000 });

    const leader = await user(LEADER, 'desk', '/kp-leader');
    const waiting = leader.getByTestId('kp-export-approvals').getByRole('row').filter({ hasText: '年度核查' });
    await waiting.locator('button[data-action="decide-export"]').click();
    await confirmDialog(leader);
    await waiting.waitFor({ state: 'detached', timeout: 30_000 });

    await user(OFFICER, 'desk', '/key-persons');
    await officer.getByRole('tab', { name: '批量导出' }).click();
    const approved = exports.getByRole('row').filter({ hasText: '年度核查' });
    const [download] = await Promise.all([officer.waitForEvent('download'), approved.getByRole('button', { name: /下\s*载/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    await approved.locator('[data-status="downloaded"]').waitFor({ timeout: 30_000 });
    await shot(officer, 'kp-exports-desk');

    await user(LEADER, 'desk', '/kp-leader');
    await leader.getByRole('tab', { name: '预警' }).click();
    await leader.getByTestId('kp-warnings').waitFor();
    await shot(leader, 'kp-warnings-desk');
    await leader.getByRole('button', { name: 'language / 语言' }).click();
    await leader.getByTestId('kp-stats').getByText('On the register').waitFor();
    await shot(leader, 'kp-leader-en-desk');
    await leader.getByRole('button', { name: 'language / 语言' }).click();
    await leader.getByTestId('kp-stats').getByText('在册人数').waitFor();
  });
});
