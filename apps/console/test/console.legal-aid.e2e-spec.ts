import { randomBytes } from 'node:crypto';
import type { CaseView } from '@fengqiao/contracts';
import { DEMO_PASSWORD, keycloakAdmin } from '@fengqiao/testing';
import { sampleCase, startPlatform, type Platform } from '../../gateway/test/platform.harness';
import { choose, shot, startConsole, type Console } from './console.harness';
import { act, confirmDialog, idNumber, openCase, sessions, waitStatus } from './console.walk';

/**
 * Legal aid in the console, in headless Chromium against the real stack (gateway, intake, the
 * orchestrator hosting legalAidProcess, the legal-aid service): each person signs in through the
 * real Keycloak page and works only through the screens. Screenshots land in test/screenshots/.
 */
let p: Platform;
let ui: Console;
const { user, closeAll } = sessions(() => ui);
const OFFICER = 'legal-aid.621102';
/**
 * The lawyer of this walk: a login of its own (role legal-aid-provider at 621102), put on the roster
 * through the roster screen, so the walk depends on no realm import; removed at the end.
 */
let lawyer: { username: string; remove(): Promise<void> };
const LAWYER_NAME = `测试律师${randomBytes(2).toString('hex')}`;

beforeAll(async () => {
  p = await startPlatform('console_legal_aid', { legalAid: [['621102']] });
  ui = await startConsole(p.gateway.url);
  lawyer = await keycloakAdmin().createUser({
    username: `standin.lawyer.${randomBytes(3).toString('hex')}`,
    password: DEMO_PASSWORD,
    realmRoles: ['legal-aid-provider'],
    attributes: { org_unit: ['621102'] },
  });
}, 240_000);

afterAll(async () => {
  await lawyer?.remove();
  await closeAll();
  await ui?.stop();
  await p?.stop();
}, 60_000);

describe('legal aid in the console', () => {
  it('a resident applies on a phone; the officer asks for materials, the resident supplies them, the officer grants and assigns; the lawyer ends the matter and files closure; quality review; the resident rates', async () => {
    // The officer puts the walk's lawyer on the roster (labour matters, five at once, their login).
    const officer = await user(OFFICER, 'desk', '/legal-aid');
    await officer.getByRole('tab', { name: '法律援助人员' }).click();
    await officer.getByRole('button', { name: '新增人员' }).click();
    const add = officer.getByRole('dialog').filter({ has: officer.locator('form') });
    await add.getByLabel('姓名', { exact: true }).fill(LAWYER_NAME);
    await add.getByLabel('所在机构', { exact: true }).fill('甘肃安定律师事务所');
    await choose(officer, '专长事项', '劳动争议', add);
    await add.locator('.ant-modal-title').click(); // a multiple select stays open over the button
    await add.getByLabel('登录账号（可选）', { exact: true }).fill(lawyer.username);
    await add.getByRole('button', { name: /保\s*存/ }).click();
    await add.waitFor({ state: 'detached' });
    await officer.getByTestId('legal-aid-providers').getByRole('row').filter({ hasText: LAWYER_NAME }).getByText('0/5').waitFor();
    await shot(officer, 'legal-aid-roster-desk');

    // The resident, on a phone: first the case (applicant and opposing party), then the facts.
    const resident = await user('resident.demo', 'phone', '/legal-aid-apply');
    await resident.getByTestId('legal-aid-apply-page').waitFor();
    await choose(resident, '纠纷类别', '劳动争议');
    await choose(resident, '所属乡镇/单位', '巉口镇');
    await resident.getByLabel('申请事项（一句话）', { exact: true }).fill('申请法律援助：追讨拖欠工资');
    await resident.getByLabel('详细情况', { exact: true }).fill('在工地务工八个月，施工方拖欠工资两万四千元，多次讨要无果。');
    await resident.getByLabel('申请人姓名', { exact: true }).fill('马有福');
    await resident.getByLabel('身份证号', { exact: true }).fill(idNumber('62110219800412331'));
    await resident.getByLabel('联系电话', { exact: true }).fill('13912345678');
    await resident.getByLabel('对方当事人姓名（可选）', { exact: true }).fill('安定区某建筑公司');
    await shot(resident, 'legal-aid-register-phone');
    await resident.getByRole('button', { name: /提\s*交/ }).click();
    const caseNo = (await resident.getByTestId('created-case-no').textContent())!.trim();
    expect(caseNo).toMatch(/^621102101-\d{4}-\d{6}$/);

    // The facts: the matter with its article; unsigned and unanswered, the API's messages land on the fields.
    await choose(resident, '申请事项类型', '劳动争议');
    await resident.getByText('§31(5) · 请求确认劳动关系或者支付劳动报酬').waitFor();
    await resident.getByLabel('家庭人口（人）', { exact: true }).fill('3');
    await resident.getByLabel('家庭月收入（元）', { exact: true }).fill('1800');
    await resident.getByTestId('legal-aid-apply').click();
    await resident.getByTestId('form-errors').waitFor();
    const statementError = resident
      .locator('.ant-form-item-has-error')
      .filter({ has: resident.getByLabel('本人承诺以上所填内容真实、完整') })
      .locator('.ant-form-item-explain-error');
    expect(await statementError.textContent()).toContain('第四十一条');
    await statementError.scrollIntoViewIfNeeded();
    await shot(resident, 'legal-aid-validation-phone');
    await resident.locator('label.ant-radio-button-wrapper').filter({ hasText: '否' }).click();
    await resident.getByLabel('本人承诺以上所填内容真实、完整').check();
    await resident.getByTestId('legal-aid-apply').click();
    await resident.getByTestId('legal-aid-applied').waitFor();
    await waitStatus(resident, 'legal-aid-review');
    await shot(resident, 'legal-aid-applied-phone');

    // The officer's desk: the application waits for review (7 days); its screening rule by rule.
    await user(OFFICER, 'desk', '/legal-aid');
    await officer.getByTestId('legal-aid-queue-review').getByRole('button', { name: caseNo }).waitFor({ timeout: 30_000 });
    await shot(officer, 'legal-aid-officer-desk');
    await openCase(officer, caseNo);
    await officer.getByTestId('assessment-rules').getByText('§31').first().waitFor();
    await shot(officer, 'legal-aid-review-desk');
    await act(officer, 'request-materials', async (d) => {
      await d.getByLabel('须补充的材料（每行一项，一次列全）', { exact: true }).fill('身份证复印件\n近三个月工资条或劳动合同，如有');
    });
    await waitStatus(officer, 'awaiting-materials');

    // The resident's open case follows: the missing list, and the supply form.
    await waitStatus(resident, 'awaiting-materials');
    const request = resident.getByTestId('material-request');
    await request.getByText('近三个月工资条或劳动合同，如有').waitFor();
    await request.scrollIntoViewIfNeeded();
    await shot(resident, 'legal-aid-materials-phone');
    await resident.getByTestId('supply-materials').click();
    await confirmDialog(resident, async (d) => {
      await d.getByLabel('补充的材料（每行一项）', { exact: true }).fill('身份证复印件\n工资条（三个月）');
    });
    await waitStatus(resident, 'legal-aid-review');

    // The officer grants, then assigns the lawyer picked from the roster (load and capacity shown).
    await waitStatus(officer, 'legal-aid-review');
    await act(officer, 'grant');
    await waitStatus(officer, 'assignment');
    await act(officer, 'assign', async (d) => choose(officer, '承办人员（可选，留空按专长、单位和在办数量自动指派）', LAWYER_NAME, d));
    await waitStatus(officer, 'aid');
    await officer.getByTestId('legal-aid-provider').getByText(LAWYER_NAME, { exact: false }).waitFor();
    await officer.getByTestId('legal-aid-documents').locator('[data-document="assignment-letter"]').waitFor();
    await officer.getByTestId('legal-aid-provider').scrollIntoViewIfNeeded();
    await shot(officer, 'legal-aid-assigned-desk');

    // The lawyer: their matters; the matter ends in mediation, then the closure materials.
    const provider = await user(lawyer.username, 'desk', '/my-matters');
    const row = provider.getByTestId(`matter-actions-${caseNo}`);
    await row.waitFor({ timeout: 30_000 });
    await shot(provider, 'legal-aid-provider-desk');
    await row.locator('button[data-action="matter-ended"]').click();
    await confirmDialog(provider, async (d) => choose(provider, '办结结果', '调解结案', d));
    await row.locator('button[data-action="file-closure"]').waitFor({ timeout: 30_000 });
    await row.locator('button[data-action="file-closure"]').click();
    await confirmDialog(provider, async (d) => {
      await d.getByLabel('结案报告摘要', { exact: true }).fill('经诉前调解，施工方支付拖欠工资 2.4 万元');
      await d.getByLabel('归档材料（每行一项）', { exact: true }).fill('调解协议书\n结案报告');
    });

    // The officer's quality review; the resident rates.
    await waitStatus(officer, 'quality-review');
    await act(officer, 'review-quality', async (d) => choose(officer, '质量评估等级', '良好', d));
    await waitStatus(officer, 'awaiting-feedback');
    await resident.locator('[data-testid=case-actions] button[data-action="rate"]').waitFor({ timeout: 30_000 });
    await act(resident, 'rate', async (d) => {
      await d.getByRole('radio').nth(3).click(); // four stars
    });
    await waitStatus(resident, 'closed');
    await shot(resident, 'legal-aid-rated-phone');
  });

  it('a refusal names its reasons: the officer refuses in writing, the applicant reads why and may object', async () => {
    // A resident's application with an income above the standard, through the API.
    const token = await p.ctx.tokenFor('resident.demo');
    const created = await p.api('/api/v1/cases', {
      method: 'POST',
      token,
      body: JSON.stringify(
        sampleCase({
          kind: 'legal-aid',
          category: 'marriage-family',
          channel: 'online',
          title: '申请法律援助：追索赡养费',
          parties: [
            { role: 'applicant', name: '孙大海', idNumber: idNumber('62110219500708333') },
            { role: 'respondent', name: '孙小海' },
          ],
        }),
      ),
    });
    expect(created.status).toBe(201);
    const c = (await created.json()) as CaseView;
    const applied = await p.api(`/api/v1/cases/${c.id}/actions/apply`, {
      method: 'POST',
      token,
      body: JSON.stringify({ matter: 'maintenance', hasOwnLawyer: false, household: { members: 2, monthlyIncome: 9000 }, statementSigned: true }),
    });
    expect(applied.status).toBe(200);

    const officer = await user(OFFICER, 'desk', '/legal-aid');
    await officer.getByTestId('legal-aid-queue-review').getByRole('button', { name: c.caseNo }).waitFor({ timeout: 30_000 });
    await openCase(officer, c.caseNo);
    await officer.getByTestId('assessment-outcome').getByText('不符合条件').waitFor();
    await act(officer, 'refuse', async (d) => {
      await d.getByLabel('不予援助的理由（每行一条，列明未满足的条件）', { exact: true }).fill('家庭月人均收入 4500 元，高于当地经济困难标准（第三十四条）');
      await d.getByLabel('决定书正文', { exact: true }).fill('经审查，申请人不符合经济困难标准，决定不予法律援助。');
    });
    await waitStatus(officer, 'refused');
    await officer.getByTestId('refusal-reasons').getByText('高于当地经济困难标准', { exact: false }).waitFor();
    await officer.getByTestId('legal-aid-documents').locator('[data-document="refusal-decision"]').waitFor();
    await officer.getByTestId('legal-aid-decision').scrollIntoViewIfNeeded();
    await shot(officer, 'legal-aid-refused-desk');

    // The resident reads the reasons on their case and is told they may object (§49).
    const resident = await user('resident.demo', 'phone', '/legal-aid-apply');
    await resident.getByRole('tab', { name: '我的申请' }).click();
    await resident.getByRole('button', { name: `查看 ${c.caseNo}` }).click();
    await waitStatus(resident, 'refused');
    await resident.getByTestId('refusal-reasons').getByText('高于当地经济困难标准', { exact: false }).waitFor();
    await resident.getByText('可以向设立法律援助机构的司法行政部门提出异议').waitFor();
    await resident.getByTestId('legal-aid-decision').scrollIntoViewIfNeeded();
    await shot(resident, 'legal-aid-refused-phone');
  });

  it('the economic standards, and the desk in English', async () => {
    const officer = await user(OFFICER, 'desk', '/legal-aid');
    await officer.getByRole('tab', { name: '经济困难标准' }).click();
    await officer.getByTestId('legal-aid-standards').getByRole('row').nth(1).waitFor();
    await shot(officer, 'legal-aid-standards-desk');

    await officer.getByRole('button', { name: 'language / 语言' }).click();
    await officer.getByRole('tab', { name: 'Legal-aid applications' }).click();
    await officer.getByTestId('legal-aid-queues').getByText('Review (7 days)', { exact: false }).waitFor();
    await shot(officer, 'legal-aid-officer-en-desk');
    await officer.getByRole('button', { name: 'language / 语言' }).click();
    await officer.getByRole('tab', { name: '法律援助申请' }).waitFor();
  });
});
