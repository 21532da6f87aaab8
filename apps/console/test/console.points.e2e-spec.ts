import type { FieldReportView, OrgUnitDetailView } from '@fengqiao/contracts';
import { tokenFor } from '@fengqiao/testing';
import { startPlatform, type Platform } from '../../gateway/test/platform.harness';
import { shot, startConsole, type Console } from './console.harness';
import { sessions } from './console.walk';

/**
 * Participation points (积分) in headless Chromium against the real stack: a resident's field report,
 * sent to the centre by the village's grid worker (through the API, as the phones do), earns points
 * by the rules in force; the township's clerk finds the resident's account on the points screen and
 * redeems points for an item; the resident sees the award and the redemption on a phone.
 */
let p: Platform;
let ui: Console;
const { user, closeAll } = sessions(() => ui);
const RESIDENT = 'resident.demo';
const WORKER = 'grid.621102101201';
const CLERK = 'clerk.621102101';
const GRID = '621102101201-01';

beforeAll(async () => {
  p = await startPlatform('console_points', {});
  ui = await startConsole(p.gateway.url);
}, 240_000);

afterAll(async () => {
  await closeAll();
  await ui?.stop();
  await p?.stop();
}, 60_000);

const post = (path: string, body: unknown, token: string) => p.api(path, { method: 'POST', token, body: JSON.stringify(body) });

describe('participation points in the console', () => {
  it("a resident's report sent by the grid worker earns points; the clerk redeems some; the resident sees both", async () => {
    // The resident's report, in the middle of the village's first grid; the grid worker sends it to the centre.
    const grid = (await (await p.api(`/api/v1/org-units/${GRID}`, { token: await tokenFor(CLERK) })).json()) as OrgUnitDetailView;
    const ring = (grid.boundary!.type === 'Polygon' ? grid.boundary!.coordinates[0] : grid.boundary!.coordinates[0]![0])!.slice(0, -1);
    const position = { lng: ring.reduce((s, q) => s + q[0], 0) / ring.length, lat: ring.reduce((s, q) => s + q[1], 0) / ring.length };
    const filed = await post(
      '/api/v1/field-reports',
      { kind: 'hazard', category: 'other', text: '村口桥栏杆松动，有坠落风险', position },
      await tokenFor(RESIDENT),
    );
    expect(filed.status).toBe(201);
    const report = (await filed.json()) as FieldReportView;
    expect((await post(`/api/v1/field-reports/${report.id}/send`, {}, await tokenFor(WORKER))).status).toBe(200);

    // The clerk: the resident's account (awards arrive from the verified event, docs/api.md: usually within a second).
    const clerk = await user(CLERK, 'desk', '/points');
    const search = clerk.getByPlaceholder('按用户名查找');
    await search.fill(RESIDENT);
    await search.press('Enter');
    await clerk.getByTestId(`points-open-${RESIDENT}`).click();
    const balance = clerk.getByTestId('points-balance');
    // Hazard sent: 8 points by the default rules (version 1).
    await balance.getByText('8', { exact: true }).waitFor({ timeout: 30_000 });
    await clerk.getByTestId('points-entries').getByText('核实奖励').waitFor();
    await shot(clerk, 'points-account-desk');
    // More than the balance: the button stays off; within it, the redemption is taken.
    await clerk.getByTestId('points-item').fill('洗衣液一瓶');
    await clerk.getByTestId('points-points').fill('9');
    expect(await clerk.getByTestId('points-redeem-submit').isDisabled()).toBe(true);
    await clerk.getByTestId('points-points').fill('5');
    await clerk.getByTestId('points-redeem-submit').click();
    await balance.getByText('3', { exact: true }).waitFor({ timeout: 30_000 });
    await clerk.getByTestId('points-entries').getByText('洗衣液一瓶').waitFor();
    await shot(clerk, 'points-redeemed-desk');

    // The resident, on a phone: the balance, the award and the redemption, and the rules in force.
    const resident = await user(RESIDENT, 'phone', '/points');
    await resident.getByTestId('points-balance').getByText('3', { exact: true }).waitFor({ timeout: 30_000 });
    await resident.getByTestId('points-entries').getByText('-5').waitFor();
    await resident.getByTestId('points-entries').getByText('+8').waitFor();
    await shot(resident, 'points-mine-phone');
  });
});
