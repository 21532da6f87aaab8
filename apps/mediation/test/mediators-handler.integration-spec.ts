import { randomBytes, randomUUID } from 'node:crypto';
import { Commands, type MediatorView, type Reply, type ReturnVisitView } from '@fengqiao/contracts';
import { createTestContext, keycloakAdmin, natsCommand, runAppScript, startApp, type RunningApp, type TestContext } from '@fengqiao/testing';

let ctx: TestContext;
let app: RunningApp;
/** The demo admin must set up OTP first; a throwaway admin (removed afterwards) stands in. */
let standInAdmin: { username: string; password: string; remove(): Promise<void> } | undefined;

const ZHANG = '5e0d1a7e-0000-4000-8000-000000000101';
const tokenOf = (user: string) => (user === 'admin' && standInAdmin ? ctx.tokenFor(standInAdmin.username, standInAdmin.password) : ctx.tokenFor(user));
const send = async <T>(pattern: string, data: unknown, user: string): Promise<Reply<T>> => natsCommand<T>(ctx, pattern, data, await tokenOf(user));
const value = <T>(r: Reply<T>): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.problem)}`);
  return r.value;
};
const problemOf = (r: Reply<unknown>) => (r.ok ? undefined : r.problem);

beforeAll(async () => {
  ctx = await createTestContext('mediation_handlers');
  await runAppScript('mediation', 'migrate.js', ['--seed-demo'], ctx.migrationEnv());
  app = await startApp('mediation', ctx.appEnv({ MEDIATION_ORG_UNITS: '621102101' }));
  const password = `med-${randomBytes(12).toString('hex')}`;
  const user = await keycloakAdmin().createUser({
    username: `mediation.admin.${randomBytes(3).toString('hex')}`,
    password,
    realmRoles: ['admin'],
    attributes: { org_unit: ['621100'] },
  });
  standInAdmin = { username: user.username, password, remove: user.remove };
  // 张调解 carries two open cases, one case of theirs is already released.
  for (const [i, released] of [
    [1, false],
    [2, false],
    [3, true],
  ] as const) {
    await ctx.sql(
      `INSERT INTO mediation.assignments (case_id, case_no, mediator_id, org_unit, team, assigned_at, released_at) 
       VALUES ($1, $2, $3, '621102101', 'general', now() - interval '1 day', CASE WHEN $4 THEN now() END)`,
      [randomUUID(), `621102101-2026-00000${i}`, ZHANG, released],
    );
  }
}, 120_000);

afterAll(async () => {
  await standInAdmin?.remove().catch(() => undefined);
  await app?.stop();
  await ctx?.dispose();
});

describe(Commands.mediation.listMediators, () => {
  it("successful-list: a clerk sees their centre's mediators with their current load", async () => {
    const list = value(await send<MediatorView[]>(Commands.mediation.listMediators, {}, 'clerk.621102101'));
    expect(list.map((m) => m.orgUnit)).toEqual(['621102101', '621102101', '621102101', '621102101']);
    expect(list.find((m) => m.id === ZHANG)).toEqual({
      id: ZHANG,
      name: '张调解',
      username: 'mediator.621102101',
      orgUnit: '621102101',
      teams: ['general', 'marriage-family'],
      capacity: 8,
      active: true,
      load: 2,
    });
    expect(list.filter((m) => m.id !== ZHANG).every((m) => m.load === 0)).toBe(true);
  });

  it('limits to the caller subtree: a district leader sees both townships, the admin everyone', async () => {
    const district = value(await send<MediatorView[]>(Commands.mediation.listMediators, {}, 'leader.621102'));
    expect(new Set(district.map((m) => m.orgUnit))).toEqual(new Set(['621102101', '621102102']));
    const all = value(await send<MediatorView[]>(Commands.mediation.listMediators, {}, 'admin'));
    expect(new Set(all.map((m) => m.orgUnit))).toEqual(new Set(['621100', '621102101', '621102102']));
  });

  it('filters by centre and team, and refuses a centre outside the subtree', async () => {
    const land = value(await send<MediatorView[]>(Commands.mediation.listMediators, { orgUnit: '621102102', team: 'land' }, 'leader.621102'));
    expect(land.map((m) => m.name)).toEqual(['王调解']);
    expect(problemOf(await send(Commands.mediation.listMediators, { orgUnit: '621102102' }, 'clerk.621102101'))).toMatchObject({ status: 403 });
    expect(problemOf(await send(Commands.mediation.listMediators, { orgUnit: '621100' }, 'leader.621102'))).toMatchObject({ status: 403 });
  });

  it('answers bad input with a validation problem, never a 500', async () => {
    const p = problemOf(await send(Commands.mediation.listMediators, { team: 'astrology', page: 2 }, 'clerk.621102101'));
    expect(p).toMatchObject({ status: 422 });
    expect(p?.errors?.map((e) => e.path).sort()).toEqual(['page', 'team']);
    expect(problemOf(await send(Commands.mediation.listMediators, 'not an object', 'clerk.621102101'))).toMatchObject({ status: 422 });
  });

  it('failing-unauthenticated: no token, or a forged one, is refused; so is a role without business here', async () => {
    expect(problemOf(await natsCommand(ctx, Commands.mediation.listMediators, {}))).toMatchObject({
      status: 401,
      type: expect.stringContaining('unauthorized'),
    });
    expect(problemOf(await natsCommand(ctx, Commands.mediation.listMediators, {}, 'eyJhbGciOiJIUzI1NiJ9.e30.x'))).toMatchObject({ status: 401 });
    expect(problemOf(await send(Commands.mediation.listMediators, {}, 'resident.demo'))).toMatchObject({ status: 403 });
  });
});

describe(Commands.mediation.createMediator, () => {
  const body = { name: '马晓燕', orgUnit: '621102101', teams: ['medical', 'general'], capacity: 6 };

  it('failing-not-admin: a clerk or leader may not add mediators', async () => {
    for (const user of ['clerk.621102101', 'leader.621100']) {
      expect(problemOf(await send(Commands.mediation.createMediator, body, user))).toMatchObject({ status: 403, type: expect.stringContaining('forbidden') });
    }
  });

  it('failing-validation: names each wrong field by its path', async () => {
    const p = problemOf(
      await send(Commands.mediation.createMediator, { name: ' ', orgUnit: 'town', teams: ['general', 'astrology'], capacity: 0, extra: true }, 'admin'),
    );
    expect(p).toMatchObject({ status: 422, type: expect.stringContaining('validation') });
    expect(p?.errors?.map((e) => e.path).sort()).toEqual(['capacity', 'extra', 'name', 'orgUnit', 'teams[1]']);
    const unknownUnit = problemOf(await send(Commands.mediation.createMediator, { ...body, orgUnit: '621102199' }, 'admin'));
    expect(unknownUnit?.errors).toEqual([{ path: 'orgUnit', message: expect.stringContaining('unknown org unit') }]);
    expect(
      problemOf(await send(Commands.mediation.createMediator, null, 'admin'))
        ?.errors?.map((e) => e.path)
        .sort(),
    ).toEqual(['capacity', 'name', 'orgUnit', 'teams']);
  });

  it('successful-create: the admin adds a mediator the centre then lists; a taken username is a conflict', async () => {
    const created = value(await send<MediatorView>(Commands.mediation.createMediator, { ...body, username: 'mediator.new.621102101' }, 'admin'));
    expect(created).toMatchObject({ ...body, username: 'mediator.new.621102101', active: true, load: 0 });
    const listed = value(await send<MediatorView[]>(Commands.mediation.listMediators, { team: 'medical' }, 'clerk.621102101'));
    expect(listed.map((m) => m.id)).toEqual([created.id]);
    expect(problemOf(await send(Commands.mediation.createMediator, { ...body, username: 'mediator.621102101' }, 'admin'))).toMatchObject({ status: 409 });
  });
});

describe(Commands.mediation.listReturnVisits, () => {
  beforeAll(async () => {
    const visits: Array<[string, string, boolean]> = [
      ['621102101-2026-000101', '621102101', false],
      ['621102101201-2026-000102', '621102101201', true],
      ['621102102-2026-000103', '621102102', false],
    ];
    for (const [caseNo, orgUnit, done] of visits) {
      await ctx.sql(
        `INSERT INTO mediation.return_visits (case_id, case_no, org_unit, reason, scheduled_at, due, done_at, handled_by)
         VALUES ($1, $2, $3, 'failed', now(), now() + interval '7 days', $4, $3)`,
        [randomUUID(), caseNo, orgUnit, done ? new Date() : null],
      );
    }
  });

  it("lists the visits in the caller's subtree, open ones when asked", async () => {
    const all = value(await send<ReturnVisitView[]>(Commands.mediation.listReturnVisits, {}, 'mediator.621102101'));
    expect(all.map((v) => v.caseNo).sort()).toEqual(['621102101-2026-000101', '621102101201-2026-000102']);
    const open = value(await send<ReturnVisitView[]>(Commands.mediation.listReturnVisits, { open: 'true' }, 'clerk.621102101'));
    expect(open).toEqual([expect.objectContaining({ caseNo: '621102101-2026-000101', doneAt: null, reason: 'failed' })]);
    const district = value(await send<ReturnVisitView[]>(Commands.mediation.listReturnVisits, { open: false }, 'leader.621102'));
    expect(district.map((v) => v.caseNo)).toEqual(['621102101201-2026-000102']);
  });

  it('refuses other roles, other subtrees and bad filters', async () => {
    expect(problemOf(await send(Commands.mediation.listReturnVisits, {}, 'dept.housing.621100'))).toMatchObject({ status: 403 });
    expect(problemOf(await send(Commands.mediation.listReturnVisits, { orgUnit: '621102102' }, 'clerk.621102101'))).toMatchObject({ status: 403 });
    const p = problemOf(await send(Commands.mediation.listReturnVisits, { open: 'maybe', limit: 0 }, 'clerk.621102101'));
    expect(p?.errors?.map((e) => e.path).sort()).toEqual(['limit', 'open']);
  });
});
