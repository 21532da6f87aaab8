import { Commands, LegalAidSteps, type EconomicStandard, type LegalAidFileView, type ProviderView, type Reply } from '@fengqiao/contracts';
import { createTestContext, natsCommand, runAppScript, startApp, type RunningApp, type TestContext } from '@fengqiao/testing';
import { activitiesAsApp, type Harness } from './support/activity-harness';
import { ADMIN, caller, dec, facts, newCase, parties } from './support/fixtures';

/** The roster, the standards and a provider's own matters through the guarded handlers of a running deployment. */
let ctx: TestContext;
let app: RunningApp;
let direct: Harness;
/** Chankou town's labour case, assigned to the demo lawyer 张明 (lawyer.621102). */
const town = newCase('621102101');

const send = async <T>(pattern: string, data: unknown, user: string): Promise<Reply<T>> => natsCommand<T>(ctx, pattern, data, await ctx.tokenFor(user));
const value = <T>(r: Reply<T>): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.problem)}`);
  return r.value;
};
const statusOf = (r: Reply<unknown>) => (r.ok ? 200 : r.problem.status);
const problemOf = (r: Reply<unknown>) => (r.ok ? undefined : r.problem);

beforeAll(async () => {
  ctx = await createTestContext('legal_aid_roster');
  await runAppScript('legal-aid', 'migrate.js', ['--seed-demo'], ctx.migrationEnv());
  [app, direct] = await Promise.all([startApp('legal-aid', ctx.appEnv({ LEGAL_AID_ORG_UNITS: '621102' })), activitiesAsApp(ctx.appDatabaseUrl)]);
  await direct.activities.recordApplication({ ...town, seq: 1, at: dec(1), actor: 'x', facts: facts('labour'), parties: parties(['k-town']) });
  await direct.activities.recordLegalAidStep({ ...town, seq: 1, type: LegalAidSteps.applied, status: 'legal-aid-review', actor: 'x', at: dec(1), detail: {} });
  const zhang = value(await direct.providers.list(ADMIN, { matter: 'labour' })).find((p) => p.username === 'lawyer.621102')!;
  await direct.activities.assignProvider({ ...town, seq: 2, at: dec(3), actor: 'x', providerId: zhang.id });
}, 120_000);

afterAll(async () => {
  await direct?.ds.destroy();
  await app?.stop();
  await ctx?.dispose();
});

describe('the roster', () => {
  const valid = { name: '周律师', type: 'firm-lawyer', organisation: '甘肃明德律师事务所', specialities: ['maintenance'], orgUnit: '621102101', capacity: 2 };

  it('lists the providers serving the caller with their load: the district officer sees the district and its townships', async () => {
    const list = value(await send<ProviderView[]>(Commands.legalAid.listProviders, {}, 'legal-aid.621102'));
    expect(list.map((p) => p.orgUnit).sort()).toEqual(['621102', '621102', '621102', '621102101', '621102102']);
    expect(list.find((p) => p.name === '张明')).toMatchObject({ load: 1, capacity: 6, username: 'lawyer.621102' });
    // A township clerk may not read the roster; a leader may, but not change it.
    expect(statusOf(await send(Commands.legalAid.listProviders, {}, 'clerk.621102101'))).toBe(403);
    expect(statusOf(await send(Commands.legalAid.listProviders, {}, 'leader.621102'))).toBe(200);
    expect(statusOf(await send(Commands.legalAid.createProvider, valid, 'leader.621102'))).toBe(403);
  });

  it('refuses bad input with a bilingual 422 naming each field, never a 500', async () => {
    const bad = problemOf(
      await send(Commands.legalAid.createProvider, { ...valid, capacity: 0, specialities: ['astrology'], type: 'judge', extra: 1 }, 'legal-aid.621102'),
    );
    expect(bad).toMatchObject({ status: 422, code: 'PROVIDER_INVALID', detail: '法律援助人员信息有误 / The provider has invalid fields' });
    expect(bad?.['errors']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'capacity' }),
        expect.objectContaining({ path: 'specialities[0]' }),
        expect.objectContaining({ path: 'type', message: expect.stringMatching(/取值应为 .* \/ type must be one of/) }),
        expect.objectContaining({ path: 'extra' }),
      ]),
    );
    expect(statusOf(await send(Commands.legalAid.createProvider, 'not an object', 'legal-aid.621102'))).toBe(422);
  });

  it('adds and changes a provider within the jurisdiction; refuses a unit above it and a username in use', async () => {
    const created = value(await send<ProviderView>(Commands.legalAid.createProvider, valid, 'legal-aid.621102'));
    expect(created).toMatchObject({ ...valid, active: true, load: 0, username: null });
    const changed = value(
      await send<ProviderView>(Commands.legalAid.updateProvider, { id: created.id, provider: { ...valid, capacity: 4, active: false } }, 'legal-aid.621102'),
    );
    expect(changed).toMatchObject({ id: created.id, capacity: 4, active: false });
    expect(problemOf(await send(Commands.legalAid.createProvider, { ...valid, orgUnit: '621100' }, 'legal-aid.621102'))).toMatchObject({
      status: 403,
      code: 'PROVIDER_OUTSIDE_JURISDICTION',
    });
    expect(problemOf(await send(Commands.legalAid.createProvider, { ...valid, username: 'lawyer.621102' }, 'legal-aid.621102'))).toMatchObject({
      status: 409,
      code: 'PROVIDER_USERNAME_TAKEN',
    });
    expect(
      statusOf(await send(Commands.legalAid.updateProvider, { id: created.id, provider: { ...valid, username: 'lawyer.621102' } }, 'legal-aid.621102')),
    ).toBe(409);
  });

  it("my matters: a provider's own, by username; other roles are refused", async () => {
    const mine = value(await direct.providers.myMatters(caller('lawyer.621102', ['legal-aid-provider'], null)));
    expect(mine).toEqual([expect.objectContaining({ caseId: town.caseId, caseNo: town.caseNo, matter: 'labour', assignedAt: dec(3) })]);
    expect(value(await direct.providers.myMatters(caller('someone.else', ['legal-aid-provider'], null)))).toEqual([]);
    expect(statusOf(await send(Commands.legalAid.myMatters, {}, 'legal-aid.621102'))).toBe(403);
  });
});

describe('the standards', () => {
  it('lists the versions serving the caller (the province above them too); loading is checked and kept within the jurisdiction', async () => {
    const list = value(await send<EconomicStandard[]>(Commands.legalAid.listStandards, {}, 'legal-aid.621102'));
    expect(list.map((s) => `${s.orgUnit}@${s.version}`)).toEqual(expect.arrayContaining(['620000@1', '621102@1']));
    const bad = problemOf(
      await send(
        Commands.legalAid.loadStandard,
        { orgUnit: '6211', minimumLivingMonthly: -1, multiplier: 2, effectiveFrom: '2026-13', source: '' },
        'legal-aid.621102',
      ),
    );
    expect(bad).toMatchObject({ status: 422, code: 'STANDARD_INVALID' });
    expect((bad?.['errors'] as Array<{ path: string }>).map((e) => e.path).sort()).toEqual(['effectiveFrom', 'minimumLivingMonthly', 'orgUnit', 'source']);
    const province = { orgUnit: '620000', minimumLivingMonthly: 800, multiplier: 2, effectiveFrom: '2027-01-01', source: '演示数据' };
    expect(statusOf(await send(Commands.legalAid.loadStandard, province, 'legal-aid.621102'))).toBe(403);
    expect(statusOf(await send(Commands.legalAid.loadStandard, province, 'leader.621100'))).toBe(403);
    // The admin (whose login needs a second factor, so called directly here) loads the province's.
    expect(value(await direct.standards.load(ADMIN, province))).toMatchObject({ orgUnit: '620000', version: 2, loadedBy: 'admin' });
  });
});

describe('roster and standards filters', () => {
  it('providers who may serve a unit (at it or an ancestor) and of a speciality; a bad filter is 422', async () => {
    const chankou = value(await send<ProviderView[]>(Commands.legalAid.listProviders, { orgUnit: '621102101', matter: 'maintenance' }, 'legal-aid.621102'));
    // 周律师 (added above, now inactive) is listed too: the roster shows the inactive, the choice skips them.
    expect(chankou.map((p) => p.name).sort()).toEqual(['周律师', '王丽华', '马秀英']);
    expect(problemOf(await send(Commands.legalAid.listProviders, { matter: 'astrology' }, 'legal-aid.621102'))).toMatchObject({
      status: 422,
      code: 'INVALID_QUERY',
    });
  });

  it('standards that may apply to a unit; a township clerk may read them', async () => {
    const list = value(await send<EconomicStandard[]>(Commands.legalAid.listStandards, { orgUnit: '621102102' }, 'clerk.621102102'));
    expect(list.map((s) => `${s.orgUnit}@${s.version}`).sort()).toEqual(['620000@1', '620000@2', '621102@1']);
    expect(statusOf(await send(Commands.legalAid.listStandards, {}, 'mediator.621102101'))).toBe(403);
  });
});

describe('a provider reads the files of their own matters only', () => {
  it('through the bus: the demo lawyer lists their matter and reads its file, not a case of their unit that is not theirs', async () => {
    const mine = value(await send<Array<{ caseId: string }>>(Commands.legalAid.myMatters, {}, 'lawyer.621102'));
    expect(mine.map((m) => m.caseId)).toEqual([town.caseId]);
    expect(statusOf(await send(Commands.legalAid.getFile, { id: town.caseId }, 'lawyer.621102'))).toBe(200);
    const notMine = newCase('621102');
    await direct.activities.recordLegalAidStep({
      ...notMine,
      seq: 1,
      type: LegalAidSteps.applied,
      status: 'legal-aid-review',
      actor: 'x',
      at: dec(1),
      detail: {},
    });
    expect(statusOf(await send(Commands.legalAid.getFile, { id: notMine.caseId }, 'legal-aid.621102'))).toBe(200);
    expect(statusOf(await send(Commands.legalAid.getFile, { id: notMine.caseId }, 'lawyer.621102'))).toBe(404);
    expect(statusOf(await send(Commands.legalAid.listProviders, {}, 'lawyer.621102'))).toBe(403);
  });

  it('the assigned lawyer reads the case wherever it lies; another lawyer finds nothing', async () => {
    // Through the running service: a read that answers is recorded in the audit log (the direct harness has no log).
    expect(value(await send<LegalAidFileView>(Commands.legalAid.getFile, { id: town.caseId }, 'lawyer.621102'))).toMatchObject<Partial<LegalAidFileView>>({
      caseId: town.caseId,
      matter: 'labour',
    });
    const other = await direct.legalAid.file(caller('lawyer.other', ['legal-aid-provider'], '621102101'), { id: town.caseId });
    expect(problemOf(other)).toMatchObject({ status: 404, code: 'CASE_NOT_FOUND' });
  });
});

describe('deployment', () => {
  it('is ready', async () => {
    expect((await fetch(`${app.url}/health/ready`)).status).toBe(200);
  });
});
