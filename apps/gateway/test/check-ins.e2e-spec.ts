import {
  checkInRollCallScheduleId,
  streamName,
  withPrefix,
  type BoundaryGeometry,
  type CheckInRollCall,
  type CheckInView,
  type OrgUnitDetailView,
  type Problem,
} from '@fengqiao/contracts';
import { chinaDate } from '@fengqiao/calendar';
import { readStream, waitFor } from '@fengqiao/testing';
import { standInToken, startPlatform, type Platform } from './platform.harness';

/**
 * The daily check-in (报平安) through the public API: the demo village's grid worker checks in for
 * themself with a position inside their grid, once per China day (a repeat answers the first); a
 * position outside, a body naming someone else, a field that is no field answer problem+json in
 * Chinese and English and store nothing. The county's roll-call Schedule (the orchestrator's, at the
 * county's configured time) is triggered: the grid worker who has not checked in is listed, readable
 * by the county's leader (not by a township's clerk) and announced on JetStream. The activity rate
 * (insights, from the check-in events) counts the worker who checked in among the county's two.
 */
let p: Platform;
let admin: { token: string; remove: () => Promise<void> };
let absentee: { token: string; remove: () => Promise<void> };
const COUNTY = '621102';
const VILLAGE = '621102101201';
const NEIGHBOUR = '621102101202';

const centre = (b: BoundaryGeometry) => {
  const ring = (b.type === 'Polygon' ? b.coordinates[0] : b.coordinates[0]![0])!.slice(0, -1);
  return { lng: ring.reduce((s, q) => s + q[0], 0) / ring.length, lat: ring.reduce((s, q) => s + q[1], 0) / ring.length };
};
const usernameOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { preferred_username: string }).preferred_username;

let inside: { lng: number; lat: number };
let outside: { lng: number; lat: number };

beforeAll(async () => {
  // 23:59 Beijing time: the check-ins of the test day all count, whenever the test runs.
  p = await startPlatform('check-ins', { insights: true, env: { CHECK_IN_ROLL_CALLS: `${COUNTY}@23:59` } });
  admin = await standInToken('admin', null);
  absentee = await standInToken('grid-worker', '621102101201');
  const detail = async (code: string) => (await (await p.api(`/api/v1/org-units/${code}`, { token: admin.token })).json()) as OrgUnitDetailView;
  const [village, neighbour, grid] = await Promise.all([detail(VILLAGE), detail(NEIGHBOUR), detail(`${VILLAGE}-01`)]);
  inside = centre(village.boundary!);
  outside = centre(neighbour.boundary!);
  // A second grid worker with a login, bound to one of the village's grids: they will not check in.
  const bound = await p.api('/api/v1/org-units', {
    method: 'PUT',
    token: admin.token,
    body: JSON.stringify({
      units: [
        {
          code: grid.code,
          name: grid.name,
          nameEn: grid.nameEn,
          level: grid.level,
          parent: grid.parent,
          workers: [{ name: '缺勤网格员', phone: '13800138011', username: usernameOf(absentee.token) }],
        },
      ],
    }),
  });
  expect(bound.status).toBe(200);
}, 180_000);

afterAll(async () => {
  await Promise.all([admin?.remove(), absentee?.remove()]);
  await p?.stop();
});

const checkIn = (body: unknown, token: string) => p.api('/api/v1/check-ins', { method: 'POST', token, body: JSON.stringify(body) });
const mine = (token: string, query = '') => p.api(`/api/v1/check-ins/mine${query ? `?${query}` : ''}`, { token });
const stored = () => p.ctx.sql<{ username: string; grid_code: string }>(`SELECT username, grid_code FROM intake.check_ins ORDER BY username`);
const problemOf = async (res: Response) => {
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  return (await res.json()) as Problem & { code?: string };
};

describe('bad check-ins store nothing', () => {
  it("refuses a position outside the worker's grid: 422 problem+json in Chinese and English", async () => {
    const res = await checkIn({ position: outside }, await p.ctx.tokenFor('grid.621102101201'));
    expect(res.status).toBe(422);
    const body = await problemOf(res);
    expect(body.code).toBe('CHECK_IN_OUTSIDE_GRID');
    expect(body.detail).toContain('不在您负责的网格');
    expect(body.detail).toContain('outside your grid');
    expect(body.detail).toContain(VILLAGE);
    expect(await stored()).toEqual([]);
  });

  it('refuses a check-in naming someone else (403), whoever is named, and an unknown field (422)', async () => {
    const worker = await p.ctx.tokenFor('grid.621102101201');
    for (const named of [{ username: usernameOf(absentee.token) }, { userId: 'x' }, { worker: 'grid.621102101201' }]) {
      // Sent by the absentee for the demo worker, and the other way round: neither is stored.
      const res = await checkIn({ ...named, position: inside }, absentee.token);
      expect(res.status).toBe(403);
      const body = await problemOf(res);
      expect(body.code).toBe('CHECK_IN_FOR_OTHERS');
      expect(body.detail).toBe('只能为本人报平安，不能代他人签到 / A check-in is for yourself only; it cannot name another grid worker');
      expect((await checkIn({ ...named, position: inside }, worker)).status).toBe(403);
    }
    const odd = await checkIn({ position: { ...inside, altitude: 3 } }, worker);
    expect(odd.status).toBe(422);
    expect((await problemOf(odd)).code).toBe('CHECK_IN_INVALID');
    expect((await checkIn({ position: { lng: 'east', lat: 35 } }, worker)).status).toBe(422);
    expect(await stored()).toEqual([]);
  });

  it('refuses a grid worker bound to no grid, and every other role', async () => {
    const unbound = await standInToken('grid-worker', '621102102201');
    try {
      const res = await checkIn({ position: inside }, unbound.token);
      expect(res.status).toBe(403);
      expect((await problemOf(res)).code).toBe('CHECK_IN_NOT_GRID_WORKER');
    } finally {
      await unbound.remove();
    }
    expect((await checkIn({ position: inside }, await p.ctx.tokenFor('clerk.621102101'))).status).toBe(403);
    expect(await stored()).toEqual([]);
  });
});

describe('the daily check-in', () => {
  it('records the caller inside their grid once per China day; a second check-in answers the first', async () => {
    const worker = await p.ctx.tokenFor('grid.621102101201');
    const today = chinaDate(new Date());
    // Not yet today: the caller's own read says so (the grid home's card asks it, not the browser's memory).
    expect(await (await mine(worker)).json()).toEqual({ day: today, checkIn: null });
    const res = await checkIn({ position: { ...inside, accuracy: 12 } }, worker);
    expect(res.status).toBe(200);
    const first = (await res.json()) as CheckInView;
    expect(first).toMatchObject({ day: chinaDate(new Date()), gridCode: VILLAGE, position: { ...inside, accuracy: 12 }, repeated: false });
    expect(first.at).toMatch(/\+08:00$/);

    const again = (await (await checkIn({ position: { lng: inside.lng + 0.0001, lat: inside.lat } }, worker)).json()) as CheckInView;
    expect(again).toEqual({ ...first, repeated: true });
    expect(await stored()).toEqual([{ username: 'grid.621102101201', grid_code: VILLAGE }]);

    // Read back by its owner, today and by date (from any browser): the first check-in of the day.
    expect(await (await mine(worker)).json()).toEqual({ day: today, checkIn: first });
    expect(await (await mine(worker, `date=${today}`)).json()).toEqual({ day: today, checkIn: first });
    const yesterday = chinaDate(new Date(Date.now() - 86_400_000));
    expect(await (await mine(worker, `date=${yesterday}`)).json()).toEqual({ day: yesterday, checkIn: null });
    // Only ever the caller's own: the other worker of the village reads none, and nobody is named.
    expect(await (await mine(absentee.token)).json()).toEqual({ day: today, checkIn: null });
    const named = await mine(absentee.token, 'username=grid.621102101201');
    expect(named.status).toBe(422);
    expect((await problemOf(named)).code).toBe('CHECK_IN_QUERY_INVALID');
    for (const bad of ['date=2026-02-30', 'date=today', 'date=2026-12-7']) {
      const res = await mine(worker, bad);
      expect(res.status).toBe(422);
      const body = await problemOf(res);
      expect(body.code).toBe('CHECK_IN_QUERY_INVALID');
      expect(body.detail).toBe('查询条件有误 / Invalid query');
      expect(body.errors?.[0]?.path).toBe('date');
    }
    expect((await mine(await p.ctx.tokenFor('clerk.621102101'))).status).toBe(403);

    // Announced for the read models (the activity rate): who, where, which day; no position.
    const [event] = await waitFor(
      async () => {
        const msgs = await readStream(p.ctx.nats, streamName(p.ctx.prefix), withPrefix(p.ctx.prefix, `fq.evt.${VILLAGE}.check-in.recorded`));
        return msgs.length ? msgs : undefined;
      },
      { what: 'the check-in.recorded event' },
    );
    expect(event!.json<{ data: unknown }>().data).toEqual({
      username: 'grid.621102101201',
      day: first.day,
      at: first.at,
      gridCode: VILLAGE,
      path: `/621100/621102/621102101/${VILLAGE}/`,
    });
  });
});

describe("the county's roll call", () => {
  const rollCalls = (token: string, query = `orgUnit=${COUNTY}`) => p.api(`/api/v1/check-ins/roll-calls?${query}`, { token });

  it("is the orchestrator's daily Schedule at the county's configured time (Beijing time); triggered, it lists who has not checked in", async () => {
    const handle = p.ctx.temporal.schedule.getHandle(checkInRollCallScheduleId(COUNTY, p.ctx.prefix));
    const d = await handle.describe();
    expect(d.spec.timezone).toBe('Asia/Shanghai');
    for (const next of d.info.nextActionTimes) expect(next.toISOString()).toMatch(/T15:59:00\.000Z$/); // 23:59 in Beijing
    await handle.trigger();

    const leader = await p.ctx.tokenFor('leader.621102');
    const day = chinaDate(new Date());
    const [call] = await waitFor(
      async () => {
        const res = await rollCalls(leader, `orgUnit=${COUNTY}&day=${day}`);
        expect(res.status).toBe(200);
        const list = (await res.json()) as CheckInRollCall[];
        return list.length ? list : undefined;
      },
      { what: "the county's roll call of the day" },
    );
    expect(call).toMatchObject({ county: COUNTY, day, dueAt: `${day}T23:59:00+08:00`, workers: 2, checkedIn: 1 });
    expect(call!.missing).toEqual([{ username: usernameOf(absentee.token), name: '缺勤网格员', grids: [`${VILLAGE}-01`] }]);

    const [event] = await waitFor(
      async () => {
        const msgs = await readStream(p.ctx.nats, streamName(p.ctx.prefix), withPrefix(p.ctx.prefix, `fq.evt.${COUNTY}.check-in.missing`));
        return msgs.length ? msgs : undefined;
      },
      { what: 'the check-in.missing event' },
    );
    expect(event!.json<{ data: unknown }>().data).toEqual(call);

    // A second firing the same day answers the stored roll call and announces nothing new. It comes after
    // the first run has ended, as a real one does: a trigger while a run is still open is skipped (overlap SKIP).
    const first = await waitFor(async () => (await handle.describe()).info.recentActions[0]?.action, { what: 'the first roll-call run' });
    await p.ctx.temporal.workflow.getHandle(first.workflow.workflowId, first.workflow.firstExecutionRunId).result();
    await handle.trigger();
    const second = await waitFor(
      async () => {
        const actions = (await handle.describe()).info.recentActions;
        return actions.length >= 2 ? actions[actions.length - 1]!.action : undefined;
      },
      { what: 'the second roll-call run to start' },
    );
    await expect(p.ctx.temporal.workflow.getHandle(second.workflow.workflowId, second.workflow.firstExecutionRunId).result()).resolves.toMatchObject({
      missing: 1,
    });
    expect(await readStream(p.ctx.nats, streamName(p.ctx.prefix), withPrefix(p.ctx.prefix, `fq.evt.${COUNTY}.check-in.missing`))).toHaveLength(1);
    expect((await (await rollCalls(leader)).json()) as CheckInRollCall[]).toEqual([call]);
  });

  it("is the county's to read: a township's clerk is refused, a township is no county, a bad day is 422", async () => {
    const clerk = await rollCalls(await p.ctx.tokenFor('clerk.621102101'));
    expect(clerk.status).toBe(403);
    expect((await problemOf(clerk)).code).toBe('OUTSIDE_JURISDICTION');
    const leader = await p.ctx.tokenFor('leader.621102');
    const township = await rollCalls(leader, 'orgUnit=621102101');
    expect(township.status).toBe(422);
    expect((await rollCalls(leader, `orgUnit=${COUNTY}&day=yesterday`)).status).toBe(422);
    expect((await rollCalls(leader, 'orgUnit=999999')).status).toBe(404);
    expect((await rollCalls(await p.ctx.tokenFor('grid.621102101201'))).status).toBe(403);
  });
});

describe("grid workers' activity rate", () => {
  const activity = (token: string, query: string) => p.api(`/api/v1/stats/grid-activity?${query}`, { token });

  it('counts, by unit, the grid workers with a login and those who checked in in the window', async () => {
    const leader = await p.ctx.tokenFor('leader.621102');
    const today = chinaDate(new Date());
    const body = await waitFor(
      async () => {
        const res = await activity(leader, `orgUnit=${COUNTY}`);
        expect(res.status).toBe(200);
        const view = (await res.json()) as { activeGridWorkers: number };
        return view.activeGridWorkers === 1 ? view : undefined;
      },
      { what: "the county's activity rate to count the check-in" },
    );
    expect(body).toEqual({ orgUnit: COUNTY, gridWorkers: 2, activeGridWorkers: 1, activityRate: 0.5 });
    expect(await (await activity(leader, `orgUnit=${VILLAGE}&from=${today}`)).json()).toEqual({
      orgUnit: VILLAGE,
      gridWorkers: 2,
      activeGridWorkers: 1,
      activityRate: 0.5,
    });
    // A window before today: nobody was active; a township whose grids have no login: no grid workers, rate 0.
    expect(await (await activity(leader, `orgUnit=${COUNTY}&from=2026-01-01&to=2026-02-01`)).json()).toMatchObject({
      gridWorkers: 2,
      activeGridWorkers: 0,
      activityRate: 0,
    });
    expect(await (await activity(leader, 'orgUnit=621102102')).json()).toEqual({ orgUnit: '621102102', gridWorkers: 0, activeGridWorkers: 0, activityRate: 0 });
  });

  it("is on the county's board for this China-time month", async () => {
    const board = (await (await p.api(`/api/v1/board?orgUnit=${COUNTY}`, { token: await p.ctx.tokenFor('leader.621102') })).json()) as {
      gridActivity?: unknown;
    };
    expect(board.gridActivity).toEqual({ month: chinaDate(new Date()).slice(0, 7), gridWorkers: 2, activeGridWorkers: 1, activityRate: 0.5 });
  });

  it("refuses another township's clerk, a grid worker, and a bad window", async () => {
    const other = await activity(await p.ctx.tokenFor('clerk.621102102'), 'orgUnit=621102101');
    expect(other.status).toBe(403);
    expect((await problemOf(other)).code).toBe('OUTSIDE_JURISDICTION');
    expect((await activity(await p.ctx.tokenFor('grid.621102101201'), `orgUnit=${VILLAGE}`)).status).toBe(403);
    expect((await activity(await p.ctx.tokenFor('leader.621102'), `orgUnit=${COUNTY}&from=2026-02-01&to=2026-01-01`)).status).toBe(422);
  });
});
