// long file: every walk shares one platform and one login per user, which keeps the console tests within CI time.
import type { BrowserContext, Page } from 'playwright-core';
import { sampleCase, startPlatform, type Platform } from '../../gateway/test/platform.harness';
import { choose, CONSOLE_ORIGIN, login, shot, startConsole, type Console } from './console.harness';

/**
 * The console in headless Chromium against the real stack: every user signs in through the
 * real Keycloak page and works only through the screens. Screenshots of each main screen at
 * 1366×768 (desk) and 390×844 (phone) land in test/screenshots/.
 */
let p: Platform;
let ui: Console;
const open: BrowserContext[] = [];

beforeAll(async () => {
  p = await startPlatform('console', { mediation: [['621102101'], ['621100']], petitions: [['621102']], insights: true });
  ui = await startConsole(p.gateway.url);
}, 240_000);

afterAll(async () => {
  await Promise.all(open.map((c) => c.close().catch(() => undefined)));
  await ui?.stop();
  await p?.stop();
}, 60_000);

async function as(username: string, size: 'desk' | 'phone', path = '/'): Promise<Page> {
  const ctx = await ui.context(size);
  open.push(ctx);
  const page = await ctx.newPage();
  await login(page, username, path);
  return page;
}

const signedIn = new Map<string, Page>();
/** One login per user and size for the whole file: a later call reloads the console at `path` in the same session. */
async function user(username: string, size: 'desk' | 'phone', path = '/'): Promise<Page> {
  const known = signedIn.get(`${username}@${size}`);
  if (!known) {
    const page = await as(username, size, path);
    signedIn.set(`${username}@${size}`, page);
    return page;
  }
  await known.goto(`${CONSOLE_ORIGIN}${path}`);
  await known.getByTestId('whoami').waitFor({ state: 'attached' });
  return known;
}

/** Opens a case from the list on the page by its case number. */
async function openCase(page: Page, caseNo: string) {
  await page.getByRole('button', { name: caseNo }).first().click();
  await page.getByTestId('case-detail').getByTestId('case-no').filter({ hasText: caseNo }).waitFor();
}

/** Clicks an action of the open case, fills its dialog with `fill`, confirms and waits for the dialog to close. */
async function act(page: Page, action: string, fill: (dialog: ReturnType<Page['getByRole']>) => Promise<void> = async () => undefined) {
  await page.locator(`[data-testid=case-actions] button[data-action="${action}"]`).click();
  const dialog = page.getByRole('dialog').filter({ has: page.locator('form') });
  await dialog.waitFor();
  await fill(dialog);
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await dialog.waitFor({ state: 'detached' });
}

async function waitStatus(page: Page, status: string) {
  await page.getByTestId('case-detail').locator(`[data-status="${status}"]`).first().waitFor({ timeout: 30_000 });
}

describe('the console', () => {
  let caseNo = '';

  it('walks a dispute through every role: submit, assign, escalate to two departments, report in and file, conclude, feedback, rate; the leader sees it', async () => {
    // Resident, on a phone: a missing title is refused with the API's Chinese field message.
    const resident = await user('resident.demo', 'phone');
    await shot(resident, 'resident-submit-phone');
    await choose(resident, '所属乡镇/单位', '巉口镇');
    await resident.getByLabel('详细情况', { exact: true }).fill('东川村两户因院墙排水发生争执，请求调解。');
    await resident.getByLabel('申请人姓名', { exact: true }).fill('王建国');
    await resident.getByLabel('身份证号', { exact: true }).fill('11010519491231002X');
    await resident.getByLabel('联系电话', { exact: true }).fill('13812345678');
    await resident.getByLabel('被申请人姓名（可选）', { exact: true }).fill('李春梅');
    await resident.getByRole('button', { name: /提\s*交/ }).click();
    await resident.getByTestId('form-errors').waitFor();
    const titleError = resident
      .locator('.ant-form-item-has-error')
      .filter({ has: resident.getByLabel('标题', { exact: true }) })
      .locator('.ant-form-item-explain-error');
    expect(await titleError.textContent()).toBe('不能为空');
    await shot(resident, 'resident-validation-phone');

    await resident.getByLabel('标题', { exact: true }).fill('邻里排水纠纷');
    await resident.getByRole('button', { name: /提\s*交/ }).click();
    caseNo = (await resident.getByTestId('created-case-no').textContent())!.trim();
    expect(caseNo).toMatch(/^621102101-\d{4}-\d{6}$/);
    await shot(resident, 'resident-created-phone');

    // Clerk at the window: the queue shows the case; assign it to mediation.
    const clerk = await user('clerk.621102101', 'desk');
    await clerk.getByTestId('first-contact-queue').getByRole('button', { name: caseNo }).waitFor();
    await shot(clerk, 'clerk-desk');
    await openCase(clerk, caseNo);
    await shot(clerk, 'case-first-contact-desk');
    // To the mediator who has a login (张调解), picked from the roster; left empty the centre picks by team and load.
    await act(clerk, 'assign', async (d) => choose(clerk, '指定调解员（可选，留空由中心分派）', '张调解', d));
    await waitStatus(clerk, 'mediation');

    // Mediator: their cases list it; record a session, then escalate to two departments at two levels.
    const mediator = await user('mediator.621102101', 'desk');
    await mediator.getByTestId('mediator-cases').getByRole('button', { name: caseNo }).waitFor();
    await shot(mediator, 'mediator-desk');
    await openCase(mediator, caseNo);
    await act(mediator, 'session', async (d) => {
      await d.getByLabel('情况摘要', { exact: true }).fill('第一次调解，双方陈述');
      await d.getByLabel('参加人员（逗号分隔）', { exact: true }).fill('王建国，李春梅');
    });
    await act(mediator, 'escalate', async (d) => {
      await d.getByLabel('理由', { exact: true }).fill('涉及治安与房屋安全，需市镇联动');
      await choose(mediator, '召集部门 1', '公安', d);
      await choose(mediator, '部门所在单位 1', '巉口镇', d);
      await d.getByRole('button', { name: '添加部门' }).click();
      await choose(mediator, '召集部门 2', '住建', d);
      await choose(mediator, '部门所在单位 2', '定西市', d);
      await choose(mediator, '牵头中心', '巉口镇', d);
    });
    await waitStatus(mediator, 'joint-handling');
    await shot(mediator, 'case-joint-handling-desk');

    // Both departments: the whistle inbox; report in, then file the result.
    for (const [user, size] of [
      ['dept.public-security.621102101', 'desk'],
      ['dept.housing.621100', 'phone'],
    ] as const) {
      const officer = await as(user, size);
      await officer.getByTestId('whistle-inbox').getByRole('button', { name: caseNo }).waitFor();
      await shot(officer, `department-inbox-${size}`);
      await openCase(officer, caseNo);
      await act(officer, 'report-in');
      await officer.locator('[data-testid=case-actions] button[data-action="dept-result"]').waitFor({ timeout: 30_000 });
      await act(officer, 'dept-result', async (d) => d.getByLabel('情况摘要', { exact: true }).fill(`${user} 已完成处置`));
      await officer.getByTestId('case-detail').getByText('已反馈结果').first().waitFor();
    }

    // The mediator's open case refreshes by itself (live events): conclude is offered now.
    await mediator.locator('[data-testid=case-actions] button[data-action="conclude"]').waitFor({ timeout: 30_000 });
    await act(mediator, 'conclude', async (d) => {
      await choose(mediator, '办理结果', '达成协议', d);
      await d.getByLabel('情况摘要', { exact: true }).fill('多部门联合调处达成协议');
    });
    await waitStatus(mediator, 'awaiting-feedback');

    // The clerk's open case follows live; record the feedback.
    await clerk.locator('[data-testid=case-actions] button[data-action="feedback"]').waitFor({ timeout: 30_000 });
    await act(clerk, 'feedback', async (d) => {
      await d.getByLabel('答复内容', { exact: true }).fill('已电话告知调解结果');
      await choose(clerk, '告知方式', '电话', d);
    });

    // Resident: my cases → the case → rate.
    await resident.getByRole('tab', { name: '我的案件' }).click();
    await resident.getByRole('button', { name: `查看 ${caseNo}` }).click();
    await resident.locator('[data-testid=case-actions] button[data-action="rate"]').waitFor({ timeout: 30_000 });
    await shot(resident, 'resident-case-phone');
    await act(resident, 'rate');
    await waitStatus(resident, 'closed');
    await shot(resident, 'resident-closed-phone');

    // Leader: the dashboard counts it (insights follows the events), the case search finds it.
    const leader = await user('leader.621102', 'desk');
    const received = leader.getByTestId('stats').locator('.ant-statistic').first().locator('.ant-statistic-content-value');
    const deadline = Date.now() + 60_000;
    while (Number(await received.textContent().catch(() => '0')) < 1 && Date.now() < deadline) {
      await leader.reload();
      await leader.getByTestId('whoami').waitFor({ state: 'attached' });
      await leader.getByTestId('warning-board').waitFor();
      await leader.waitForTimeout(1000);
    }
    expect(Number(await received.textContent())).toBeGreaterThanOrEqual(1);
    await shot(leader, 'leader-dashboard-desk');
    // The roster's load: 张调解 of Chankou town is listed with cases in hand against capacity.
    const zhang = leader.getByTestId('mediator-load').getByRole('row').filter({ hasText: '张调解' });
    await zhang.waitFor();
    expect(await zhang.textContent()).toMatch(/巉口镇.*\d+\/8/);
    await leader.getByRole('menuitem', { name: '案件查询' }).click();
    await leader.getByRole('button', { name: caseNo }).waitFor();
    await shot(leader, 'leader-cases-desk');
  });

  it('resolves a matter at first contact: resident submits, clerk replies "resolved on the spot", records the feedback, resident rates; closed', async () => {
    const resident = await user('resident.demo', 'phone');
    await choose(resident, '所属乡镇/单位', '巉口镇');
    await resident.getByLabel('标题', { exact: true }).fill('楼道堆物影响通行');
    await resident.getByLabel('详细情况', { exact: true }).fill('邻居在楼道堆放杂物，影响通行，请求协调。');
    await resident.getByLabel('申请人姓名', { exact: true }).fill('赵秀英');
    await resident.getByRole('button', { name: /提\s*交/ }).click();
    const no = (await resident.getByTestId('created-case-no').textContent())!.trim();
    expect(no).toMatch(/^621102101-\d{4}-\d{6}$/);

    const clerk = await user('clerk.621102101', 'desk');
    await clerk.getByTestId('first-contact-queue').getByRole('button', { name: no }).waitFor();
    await openCase(clerk, no);
    await act(clerk, 'reply', async (d) => {
      await d.getByLabel('答复内容', { exact: true }).fill('已当场协调双方清理楼道，问题解决');
      await d.getByLabel('当场化解', { exact: true }).click();
    });
    await waitStatus(clerk, 'awaiting-feedback');
    await act(clerk, 'feedback', async (d) => {
      await d.getByLabel('答复内容', { exact: true }).fill('已当面告知处理结果');
      await choose(clerk, '告知方式', '电话', d);
    });
    await shot(clerk, 'case-resolved-feedback-desk');

    await resident.getByRole('tab', { name: '我的案件' }).click();
    await resident.getByRole('button', { name: `查看 ${no}` }).click();
    await resident.locator('[data-testid=case-actions] button[data-action="rate"]').waitFor({ timeout: 30_000 });
    await act(resident, 'rate', async (d) => {
      await d.getByRole('radio').nth(3).click(); // four stars
    });
    await waitStatus(resident, 'closed');
    await resident.getByTestId('case-detail').getByText('已办结').first().waitFor();
    await shot(resident, 'case-resolved-closed-phone');
  });

  it('mediates to an agreement: clerk registers a walk-in, the centre picks the mediator, a session, agreement, feedback, the clerk rates for the resident; the leader board drills down to it', async () => {
    const clerk = await user('clerk.621102101', 'desk');
    await clerk.getByLabel('标题', { exact: true }).fill('土地边界纠纷（来访）');
    await clerk.getByLabel('详细情况', { exact: true }).fill('两户对承包地边界有争议，来窗口请求调解。');
    await clerk.getByLabel('申请人姓名', { exact: true }).fill('陈德明');
    await clerk.getByLabel('被申请人姓名（可选）', { exact: true }).fill('刘玉兰');
    await shot(clerk, 'clerk-register-desk');
    await clerk.getByRole('button', { name: /登\s*记/ }).click();
    // The new case opens by itself.
    const caseNoEl = clerk.getByTestId('case-detail').getByTestId('case-no');
    await caseNoEl.waitFor();
    const no = (await caseNoEl.textContent())!.trim().match(/621102101-\d{4}-\d{6}/)![0];
    await waitStatus(clerk, 'first-contact');
    await act(clerk, 'assign'); // no mediator id: the centre picks by team and load
    await waitStatus(clerk, 'mediation');

    // Leader: the board (GET /api/v1/board) counts it as open and green; the count drills down to it.
    const leader = await user('leader.621102', 'desk');
    await leader.getByTestId('card-621102').waitFor();
    const green = leader.getByTestId('board-621102-green');
    const deadline = Date.now() + 60_000;
    while (Number(await green.textContent().catch(() => '0')) < 1 && Date.now() < deadline) {
      await leader.waitForTimeout(1000);
      if (Number(await green.textContent().catch(() => '0')) >= 1) break;
      await leader.reload();
      await leader.getByTestId('card-621102').waitFor();
    }
    expect(Number(await green.textContent())).toBeGreaterThanOrEqual(1);
    await green.click();
    await leader.getByTestId('drill-down').getByRole('button', { name: no }).waitFor();
    await leader.getByTestId('warning-board').scrollIntoViewIfNeeded();
    await shot(leader, 'leader-board-desk');

    // Mediator: among their own or the centre's cases; a session, then the agreement.
    const mediator = await user('mediator.621102101', 'desk');
    await mediator.getByRole('button', { name: no }).first().waitFor();
    await openCase(mediator, no);
    await act(mediator, 'session', async (d) => {
      await d.getByLabel('情况摘要', { exact: true }).fill('实地查看边界，双方同意按原界桩划分');
      await d.getByLabel('参加人员（逗号分隔）', { exact: true }).fill('陈德明，刘玉兰');
    });
    await shot(mediator, 'case-mediation-desk');
    await act(mediator, 'conclude', async (d) => {
      await choose(mediator, '办理结果', '达成协议', d);
      await d.getByLabel('情况摘要', { exact: true }).fill('双方签订调解协议');
    });
    await waitStatus(mediator, 'awaiting-feedback');
    await act(mediator, 'feedback', async (d) => {
      await d.getByLabel('答复内容', { exact: true }).fill('已告知双方调解协议内容');
      await choose(mediator, '告知方式', '电话', d);
    });

    // The clerk rates on the resident's behalf (a call to the window) from the case search.
    await clerk.locator('.ant-drawer-close').click(); // the registered case's drawer
    await clerk.locator('.ant-drawer-mask').waitFor({ state: 'hidden' });
    await clerk.getByRole('menuitem', { name: '案件查询' }).click();
    await openCase(clerk, no);
    await clerk.locator('[data-testid=case-actions] button[data-action="rate"]').waitFor({ timeout: 30_000 });
    await act(clerk, 'rate');
    await waitStatus(clerk, 'closed');
    await clerk.getByTestId('case-detail').getByText('已办结').first().waitFor();
    await shot(clerk, 'case-mediation-closed-desk');
  });

  it('the English switch turns the labels to English (and back)', async () => {
    const clerk = await user('clerk.621102101', 'desk');
    await clerk.getByRole('menuitem', { name: '受理窗口' }).waitFor();
    await clerk.getByRole('button', { name: 'language / 语言' }).click();
    await clerk.getByRole('menuitem', { name: 'Front desk' }).waitFor();
    await clerk.getByRole('menuitem', { name: 'Cases' }).waitFor();
    await clerk.getByText('Register a walk-in / call').first().waitFor();
    await shot(clerk, 'english-desk');
    await clerk.getByRole('button', { name: 'language / 语言' }).click();
    await clerk.getByRole('menuitem', { name: '受理窗口' }).waitFor();

    const resident = await user('resident.demo', 'phone');
    await resident.getByRole('button', { name: 'language / 语言' }).click();
    await resident.getByRole('tab', { name: 'Submit a matter' }).waitFor();
    await resident.getByRole('tab', { name: 'My cases' }).waitFor();
    await shot(resident, 'english-phone');
    await resident.getByRole('button', { name: 'language / 语言' }).click();
    await resident.getByRole('tab', { name: '反映诉求' }).waitFor();
  });

  it("the person file on a case: the clerk sees the same person's other case and merges the duplicate into it", async () => {
    // One person, two channels, the same matter: a letter and a 12345 call, registered through the API.
    const first17 = '62110219750315123';
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const idNumber = first17 + '10X98765432'[[...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0) % 11];
    const token = await p.ctx.tokenFor('clerk.621102101');
    const register = async (channel: string, title: string) => {
      const res = await p.api('/api/v1/cases', {
        method: 'POST',
        token,
        body: JSON.stringify(sampleCase({ channel, title, parties: [{ role: 'applicant', name: '孙立平', idNumber }] })),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { caseNo: string }).caseNo;
    };
    const letter = await register('letter', '来信反映宅基地界址争议');
    const hotline = await register('hotline', '12345转来：宅基地界址争议');

    const clerk = await user('clerk.621102101', 'desk');
    await clerk.getByTestId('first-contact-queue').getByRole('button', { name: hotline }).waitFor();
    await openCase(clerk, hotline);
    await clerk.getByTestId('person-file-toggle').click();
    const file = clerk.getByTestId('person-file');
    await file.getByText(letter).waitFor();
    await file.scrollIntoViewIfNeeded();
    await shot(clerk, 'person-file-desk');
    await file.locator(`button[data-merge-into="${letter}"]`).click();
    const dialog = clerk.getByRole('dialog').filter({ hasText: letter });
    await dialog.getByLabel('合并原因', { exact: true }).fill('同一事项的来信与12345来电，合并办理');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await clerk.getByTestId('merged-into').filter({ hasText: letter }).waitFor();
    await clerk.getByTestId('case-detail').getByText('当前没有可执行的操作').waitFor();
    await clerk.getByTestId('merged-into').scrollIntoViewIfNeeded();
    await shot(clerk, 'case-merged-desk');
  });

  it('a petition: the resident petitions online, the petition officer accepts and writes the reply, the resident reads it and rates; the leader sees the petition figures', async () => {
    const resident = await user('resident.demo', 'desk');
    await choose(resident, '事项类型', '信访');
    await choose(resident, '所属乡镇/单位', '巉口镇');
    await resident.getByLabel('标题', { exact: true }).fill('反映村道硬化工程拖欠民工工资');
    await resident.getByLabel('详细情况', { exact: true }).fill('村道硬化工程完工半年，施工方仍拖欠十余名村民工资，多次讨要无果。');
    await resident.getByLabel('申请人姓名', { exact: true }).fill('马有福');
    await resident.getByRole('button', { name: /提\s*交/ }).click();
    const no = (await resident.getByTestId('created-case-no').textContent())!.trim();

    // The petition officer's desk: the petition waits for acceptance (15 days).
    const officer = await user('petition.621102101', 'desk', '/petitions');
    await officer.getByTestId('petition-queue-acceptance').getByRole('button', { name: no }).waitFor();
    await shot(officer, 'petition-officer-desk');
    await openCase(officer, no);
    await shot(officer, 'petition-acceptance-desk');
    await act(officer, 'accept', async (d) => {
      await d.getByLabel('告知内容（可选）', { exact: true }).fill('您反映的问题已受理，将于六十日内答复');
    });
    await waitStatus(officer, 'handling');
    await act(officer, 'reply', async (d) => {
      await d.getByLabel('正文', { exact: true }).fill('经核查，施工方已于本月结清所欠工资，由乡劳动保障所监督发放到位。');
    });
    await waitStatus(officer, 'replied');
    await shot(officer, 'petition-replied-desk');

    // The resident follows it online and rates the handling (§21).
    await resident.getByRole('tab', { name: '我的案件' }).click();
    await resident.getByRole('button', { name: `查看 ${no}` }).click();
    await waitStatus(resident, 'replied');
    await act(resident, 'rate', async (d) => {
      await d.getByRole('radio').nth(3).click(); // four stars (the form starts at five; clicking five again clears it)
    });
    await resident.locator('[data-testid=case-actions] button[data-action="rate"]').waitFor({ state: 'detached' });
    await shot(resident, 'petition-rated-desk');

    // The district leader: the figures petition work is judged on.
    const leader = await user('leader.621102', 'desk');
    const figures = leader.getByTestId('petition-stats');
    await figures.waitFor();
    await figures.getByText('及时受理率').waitFor();
    await figures.scrollIntoViewIfNeeded();
    await shot(leader, 'leader-petition-figures-desk');
  });

  it('screens at the other size: the resident portal and a case on a desk', async () => {
    const resident = await user('resident.demo', 'desk');
    await resident.getByLabel('标题', { exact: true }).waitFor();
    await shot(resident, 'resident-submit-desk');
    await resident.getByRole('tab', { name: '我的案件' }).click();
    await resident.getByRole('button', { name: `查看 ${caseNo}` }).click();
    await waitStatus(resident, 'closed');
    await shot(resident, 'resident-case-desk');
  });

  it('screens at phone size: the leader dashboard and the clerk desk', async () => {
    const leader = await user('leader.621102', 'phone');
    await leader.getByTestId('warning-board').waitFor();
    await shot(leader, 'leader-dashboard-phone');
    // The three-colour board from GET /api/v1/board: the unit's card, then its subtree.
    await leader.getByTestId('card-621102').waitFor();
    // Grid workers' activity this month (the board's gridActivity tile), under the board.
    await leader
      .getByTestId('board-grid-activity')
      .getByText(/网格员活跃率：\d+(\.\d)?%/)
      .waitFor();
    await leader.getByTestId('warning-board').scrollIntoViewIfNeeded();
    await shot(leader, 'leader-board-phone');
    const clerk = await user('clerk.621102101', 'phone');
    await clerk.getByTestId('first-contact-queue').waitFor();
    await shot(clerk, 'clerk-phone');
    const mediator = await user('mediator.621102101', 'phone');
    await mediator.getByTestId('mediator-cases').waitFor();
    await shot(mediator, 'mediator-phone');
  });

  it('a 403 from the API says the role may not see it', async () => {
    const resident = await as('resident.demo', 'desk', '/leader');
    await resident.getByText('无权访问').first().waitFor();
    await shot(resident, 'forbidden-desk');
  });

  it('an invalid or expired session asks to sign in again', async () => {
    const clerk = await as('clerk.621102101', 'desk');
    await clerk.getByTestId('first-contact-queue').waitFor();
    // From now on the gateway sees a token it cannot validate, as after an expiry.
    await clerk.route('**/api/v1/**', (route) => route.continue({ headers: { ...route.request().headers(), authorization: 'Bearer expired.invalid.token' } }));
    // A request of the desk still loading may meet the bad token first and raise the prompt before
    // this click: forced, the click then lands on the prompt's mask, and the prompt is there either way.
    await clerk.getByRole('menuitem', { name: '案件查询' }).click({ force: true });
    await clerk.getByTestId('session-expired').waitFor();
    await clerk.getByTestId('relogin').waitFor();
    await shot(clerk, 'session-expired-desk');
  });
});
