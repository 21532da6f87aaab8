import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import {
  chinaMonth,
  monthlyReportScheduleId,
  monthWindow,
  previousChinaMonth,
  type CaseView,
  type Page,
  type ReportSummary,
  type ReportView,
  type StatsView,
} from '@fengqiao/contracts';
import { waitFor } from '@fengqiao/testing';
import { sampleCase, standInToken, startPlatform, type Platform } from './platform.harness';

/**
 * Issue 5 item 4: the monthly situation report on the real stack. A ground truth through the API
 * (settled at first contact and rated, mediated to agreement, left open, a sibling township's
 * case); an admin orders the report of the current month; its stored figures equal
 * `GET /api/v1/stats` for the same unit and month; its XLSX and PDF carry them in Chinese. The
 * orchestrator's Schedule (5th, 08:00 Asia/Shanghai) is triggered and reports the month before.
 */
let p: Platform;
let admin: { token: string; remove: () => Promise<void> };
let siblingLeader: { token: string; remove: () => Promise<void> };
const TOWN = '621102101';
const SIBLING = '621102102';
const COUNTY = '621102';
const MONTH = chinaMonth(Date.now());
const W = monthWindow(MONTH);

const token = (user: string) => p.ctx.tokenFor(user);

async function register(user: string, overrides: Record<string, unknown> = {}): Promise<CaseView> {
  const res = await p.api('/api/v1/cases', { method: 'POST', token: await token(user), body: JSON.stringify(sampleCase(overrides)) });
  const body = (await res.json()) as CaseView;
  if (res.status !== 201) throw new Error(`registration answered ${res.status}: ${JSON.stringify(body)}`);
  return waitFor(
    async () => {
      const r = await p.api(`/api/v1/cases/${body.id}`, { token: await token(user) });
      const c = (await r.json()) as CaseView;
      return c.allowedActions?.length > 0 && c;
    },
    { what: `${body.caseNo} routed`, timeoutMs: 30_000 },
  );
}

async function act(id: string, action: string, body: unknown, user: string): Promise<void> {
  const res = await p.api(`/api/v1/cases/${id}/actions/${action}`, { method: 'POST', token: await token(user), body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`${action} by ${user} answered ${res.status}: ${await res.text()}`);
}

async function json<T>(path: string, tok: string): Promise<{ status: number; body: T }> {
  const res = await p.api(path, { token: tok });
  return { status: res.status, body: (await res.json()) as T };
}

const stats = async (orgUnit: string, w: { from: string; to: string }) =>
  (await json<StatsView>(`/api/v1/stats?${new URLSearchParams({ orgUnit, from: w.from, to: w.to })}`, admin.token)).body;

function orderReport(body: unknown, tok: string, key = `report-${Math.random()}`) {
  return p.api('/api/v1/reports/monthly', { method: 'POST', token: tok, headers: { 'Idempotency-Key': key }, body: JSON.stringify(body) });
}

/** The stored reports of a month, once the run has stored one for each of `units`. */
async function reportsOf(month: string, units: string[]): Promise<ReportSummary[]> {
  return waitFor(
    async () => {
      const r = await json<Page<ReportSummary>>(`/api/v1/reports?month=${month}`, admin.token);
      return r.status === 200 && units.every((u) => r.body.items.some((i) => i.orgUnit === u)) && r.body.items;
    },
    { what: `reports of ${month} for ${units.join(', ')}`, timeoutMs: 90_000 },
  );
}

beforeAll(async () => {
  p = await startPlatform('reports', { mediation: [[TOWN], ['621100']], insights: true });
  [admin, siblingLeader] = await Promise.all([standInToken('admin', '621100'), standInToken('leader', SIBLING)]);
  const clerk = 'clerk.621102101';
  const mediator = 'mediator.621102101';
  // A: settled on the spot, feedback, rated 5 → closed.
  const a = await register(clerk, { category: 'neighbour' });
  await act(a.id, 'reply', { message: '已当场答复并化解', resolved: true }, clerk);
  await act(a.id, 'feedback', { message: '电话告知处理结果', channel: 'phone' }, clerk);
  await act(a.id, 'rate', { score: 5 }, clerk);
  // B: mediated to agreement, rated 4 → closed.
  const b = await register(clerk, { category: 'labour' });
  await act(b.id, 'assign', {}, clerk);
  await act(b.id, 'conclude', { outcome: 'agreement', summary: '双方达成调解协议' }, mediator);
  await act(b.id, 'feedback', { message: '当面告知调解结果', channel: 'in-person' }, mediator);
  await act(b.id, 'rate', { score: 4 }, clerk);
  // C: registered and left open.
  await register(clerk, { category: 'neighbour' });
  // D: the sibling township's case, answered and left open.
  const d = await register('clerk.621102102', { orgUnit: SIBLING, category: 'land', location: { address: '锦屏村', gridCode: '621102102201-01' } });
  await act(d.id, 'reply', { message: '已受理', resolved: false }, 'clerk.621102102');
  // The read model follows the stream: wait until the county's month shows all four.
  await waitFor(
    async () => {
      const s = await stats(COUNTY, W);
      return s.received === 4 && s.closed === 2 && s.resolved === 2 && s.warnings.green === 2;
    },
    { what: 'the read model to hold the ground truth', timeoutMs: 60_000 },
  );
}, 600_000);

afterAll(async () => {
  await Promise.all([admin?.remove(), siblingLeader?.remove()]);
  await p?.stop();
});

describe('successful monthly reports', () => {
  let reports: ReportSummary[];

  it("starts a run for the current month on an admin's order (202 with the workflow id; the same key replays it)", async () => {
    const res = await orderReport({ month: MONTH }, admin.token, 'order-current-month');
    const body = (await res.json()) as { workflowId: string; month: string };
    expect(res.status).toBe(202);
    expect(body).toEqual({ workflowId: `${p.ctx.prefix}.monthly-report-${MONTH}-all`, month: MONTH, orgUnit: null });
    const again = await orderReport({ month: MONTH }, admin.token, 'order-current-month');
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual(body);
    reports = await reportsOf(MONTH, [COUNTY, TOWN, SIBLING]);
    // Counties and townships only: the city and the villages get none.
    expect(reports.map((r) => r.orgUnit).sort()).toEqual([COUNTY, TOWN, SIBLING].sort());
  });

  it('stores figures equal to GET /api/v1/stats for the same unit and month', async () => {
    for (const r of reports) {
      const { status, body } = await json<ReportView>(`/api/v1/reports/${r.id}`, admin.token);
      expect(status).toBe(200);
      expect(body.figures.window).toEqual({ from: W.from, to: W.to });
      expect(body.figures.stats).toEqual(await stats(r.orgUnit, W));
      expect(body.figures.previous).toEqual(await stats(r.orgUnit, monthWindow(body.figures.previousMonth)));
    }
    const county = (await json<ReportView>(`/api/v1/reports/${reports.find((r) => r.orgUnit === COUNTY)!.id}`, admin.token)).body;
    expect(county).toMatchObject({ orgUnitName: '安定区', level: 'county', received: 4 });
    expect(county.figures.stats).toMatchObject({
      received: 4,
      closed: 2,
      resolvedAtFirstContact: 1,
      mediated: 1,
      mediationSucceeded: 1,
      resolved: 2,
      satisfactionRate: 1,
    });
    expect(county.figures.change.received).toBe(4 - county.figures.previous.received);
    expect(county.figures.topCategories.map((c) => [c.name, c.received])).toEqual([
      ['邻里纠纷', 2],
      ['劳动争议', 1],
      ['土地纠纷', 1],
    ]);
    expect(county.figures.topCategories[0]!.share).toBe(0.5);
    // Nothing is overdue or near its deadline yet: no red or yellow cards.
    expect([county.figures.redUnits, county.figures.yellowUnits]).toEqual([[], []]);
  });

  it('keeps one report per month and unit: a second run replaces it under the same id', async () => {
    const res = await orderReport({ month: MONTH, orgUnit: TOWN }, admin.token);
    expect(res.status).toBe(202);
    const town = reports.find((r) => r.orgUnit === TOWN)!;
    const after = await waitFor(
      async () => {
        const r = await json<ReportView>(`/api/v1/reports/${town.id}`, admin.token);
        return r.body.generatedAt > town.generatedAt && r.body;
      },
      { what: 'the township report regenerated', timeoutMs: 60_000 },
    );
    expect(after.id).toBe(town.id);
    const list = await json<Page<ReportSummary>>(`/api/v1/reports?month=${MONTH}&orgUnit=${TOWN}`, admin.token);
    expect(list.body.items.map((i) => i.id)).toEqual([town.id]);
  });

  it('downloads the XLSX with its Chinese filename, headers and the figures', async () => {
    const county = reports.find((r) => r.orgUnit === COUNTY)!;
    const res = await p.api(`/api/v1/reports/${county.id}.xlsx`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const label = `${MONTH.slice(0, 4)}年${Number(MONTH.slice(5))}月`;
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="report-${county.id}.xlsx"; filename*=UTF-8''${encodeURIComponent(`安定区-${label}平安动态.xlsx`)}`,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('主要指标');
    expect(ws.getCell('A1').value).toBe(`安定区${label}平安动态`);
    const rows = new Map<string, unknown>();
    ws.eachRow((r) => rows.set(String(r.getCell(1).value), r.getCell(2).value));
    const s = await stats(COUNTY, W);
    expect(rows.get('指标')).toBe('本月');
    expect([rows.get('受理数'), rows.get('办结数'), rows.get('化解数'), rows.get('化解率'), rows.get('满意率')]).toEqual([
      s.received,
      s.closed,
      s.resolved,
      s.resolutionRate,
      s.satisfactionRate,
    ]);
    // The same file under /{id}/xlsx.
    expect((await p.api(`/api/v1/reports/${county.id}/xlsx`, { token: admin.token })).status).toBe(200);
  });

  it("downloads the PDF, whose text has the unit's Chinese name and the figures", async () => {
    const town = reports.find((r) => r.orgUnit === TOWN)!;
    const res = await p.api(`/api/v1/reports/${town.id}/pdf`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('巉口镇-')}`);
    const file = join(mkdtempSync(join(tmpdir(), 'fq-report-')), 'report.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const s = await stats(TOWN, W);
    expect(text).toContain('巉口镇');
    expect(text).toMatch(new RegExp(`受理数\\s+${s.received}\\s`));
    expect(text).toMatch(new RegExp(`化解率\\s+${(s.resolutionRate * 100).toFixed(2)}%`));
    expect(text).toContain('邻里纠纷');
  });

  it('lists for a leader only the reports of their subtree', async () => {
    const county = await json<Page<ReportSummary>>(`/api/v1/reports?month=${MONTH}`, await token('leader.621102'));
    expect(county.body.items.map((i) => i.orgUnit).sort()).toEqual([COUNTY, TOWN, SIBLING].sort());
    const sibling = await json<Page<ReportSummary>>(`/api/v1/reports?month=${MONTH}`, siblingLeader.token);
    expect(sibling.body.items.map((i) => i.orgUnit)).toEqual([SIBLING]);
  });

  it("runs the orchestrator's Schedule (5th, 08:00 Asia/Shanghai) and reports the month before", async () => {
    const handle = p.ctx.temporal.schedule.getHandle(monthlyReportScheduleId(p.ctx.prefix));
    const d = await handle.describe();
    expect(d.spec.timezone).toBe('Asia/Shanghai');
    for (const next of d.info.nextActionTimes) {
      // 08:00 in Beijing is 00:00 UTC, on the 5th.
      expect(next.toISOString()).toMatch(/^\d{4}-\d{2}-05T00:00:00\.000Z$/);
    }
    await handle.trigger();
    const previous = previousChinaMonth(Date.now());
    const stored = await reportsOf(previous, [COUNTY, TOWN, SIBLING]);
    const county = (await json<ReportView>(`/api/v1/reports/${stored.find((r) => r.orgUnit === COUNTY)!.id}`, admin.token)).body;
    expect(county.month).toBe(previous);
    expect(county.figures.stats).toEqual(await stats(COUNTY, monthWindow(previous)));
    const pdf = await p.api(`/api/v1/reports/${county.id}.pdf`, { token: admin.token });
    expect(pdf.status).toBe(200);
  });
});

describe('failing report requests', () => {
  it('refuses a month in the future or a malformed one (422), and a unit without reports', async () => {
    const next = monthWindow(MONTH).to.slice(0, 7);
    for (const [body, path] of [
      [{ month: next }, 'month'],
      [{ month: '2026-13' }, 'month'],
      [{ month: '202610' }, 'month'],
      [{}, 'month'],
      [{ month: '2026-10', orgUnit: '621102101201' }, 'orgUnit'],
      [{ month: '2026-10', extra: 1 }, 'extra'],
    ] as const) {
      const res = await orderReport(body, admin.token);
      const problem = (await res.json()) as { errors?: Array<{ path: string }> };
      expect([res.status, problem.errors?.map((e) => e.path)]).toEqual([422, [path]]);
    }
  });

  it('lets only admins order a run, and only leaders and admins read reports (403)', async () => {
    expect((await orderReport({ month: '2026-10' }, await token('leader.621102'))).status).toBe(403);
    expect((await p.api('/api/v1/reports', { token: await token('clerk.621102101') })).status).toBe(403);
  });

  it("refuses a report outside the leader's jurisdiction (403) and an unknown one (404)", async () => {
    const list = await json<Page<ReportSummary>>(`/api/v1/reports?month=${MONTH}&orgUnit=${TOWN}`, admin.token);
    const town = list.body.items[0]!;
    expect((await p.api(`/api/v1/reports/${town.id}`, { token: siblingLeader.token })).status).toBe(403);
    expect((await p.api(`/api/v1/reports/${town.id}.pdf`, { token: siblingLeader.token })).status).toBe(403);
    expect((await p.api(`/api/v1/reports?orgUnit=${TOWN}`, { token: siblingLeader.token })).status).toBe(403);
    expect((await p.api('/api/v1/reports/00000000-0000-4000-8000-000000000000', { token: admin.token })).status).toBe(404);
    expect((await p.api(`/api/v1/reports/${town.id}.docx`, { token: admin.token })).status).toBe(404);
  });
});
