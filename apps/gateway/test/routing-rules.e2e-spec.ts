import { randomBytes } from 'node:crypto';
import { defaultRoutingRules, type CategoryView, type Problem, type RoutingRule, type RoutingRulesVersion } from '@fengqiao/contracts';
import { keycloakAdmin, passwordGrant } from '@fengqiao/testing';
import { startPlatform, type Platform } from './platform.harness';

/**
 * Routing rules as versioned data and holiday notices loaded by an admin, through the API:
 * PUT publishes a new version (earlier ones stay), every bad rule set is a 422 at its field,
 * a year's notice is loaded once and never silently replaced.
 *
 * The demo `admin` must enrol OTP before any login, so the admin here is a throwaway user with
 * the same role and unit, created through Keycloak's admin API and deleted afterwards.
 */

/** The seeded categories (apps/intake demo-county.seed.ts), whose defaults are version 1. */
const SEEDED_CATEGORIES = ['marriage-family', 'neighbour', 'labour', 'land', 'property', 'medical', 'traffic', 'consumer', 'other'];

let p: Platform;
let admin: string;
let clerk: string;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  p = await startPlatform('routingrules');
  const password = `rules-${randomBytes(12).toString('hex')}`;
  const user = await keycloakAdmin().createUser({
    username: `rules.admin.${randomBytes(3).toString('hex')}`,
    password,
    realmRoles: ['admin'],
    attributes: { org_unit: ['621100'] },
  });
  cleanups.push(user.remove);
  const grant = await passwordGrant('fq-console', user.username, password);
  if (grant.status !== 200) throw new Error(`stand-in admin: ${grant.status} ${JSON.stringify(grant.body)}`);
  admin = String(grant.body['access_token']);
  clerk = await p.ctx.tokenFor('clerk.621102101');
}, 180_000);

afterAll(async () => {
  for (const c of cleanups) await c().catch(() => undefined);
  await p?.stop();
});

const get = (path: string, token = clerk) => p.api(path, { token });
const put = (body: unknown, token = admin) => p.api('/api/v1/routing-rules', { method: 'PUT', token, body: JSON.stringify(body) });
const postNotice = (body: unknown, token = admin) =>
  p.api('/api/v1/holidays', { method: 'POST', token, body: JSON.stringify(body), headers: { 'idempotency-key': `notice-${randomBytes(6).toString('hex')}` } });

/** A status, problem+json with a type and title, no stack trace, and the field paths reported. */
async function expectProblem(res: Response, status: number): Promise<Problem> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = (await res.json()) as Problem;
  expect(problem).toMatchObject({ status, title: expect.any(String), type: expect.stringMatching(/^https:\/\//) });
  expect(JSON.stringify(problem)).not.toMatch(/at \w+ \(|node_modules|QueryFailedError/);
  return problem;
}
const paths = (problem: Problem) => problem.errors?.map((e) => e.path) ?? [];
const versionsStored = async () => Number((await p.ctx.sql<{ n: string }>('SELECT count(*) AS n FROM intake.routing_rules'))[0]!.n);

/** Version 1 with shorter mediation for labour and a minute-long first reply everywhere (demo-friendly). */
function revisedRules(): RoutingRule[] {
  return defaultRoutingRules(SEEDED_CATEGORIES).map((r) => ({
    ...r,
    periods: {
      ...r.periods,
      firstReply: { amount: 30, unit: 'minutes' },
      ...(r.category === 'labour' ? { mediation: { amount: 10, unit: 'working-days' } } : {}),
    },
  }));
}

describe('routing rules', () => {
  it('GET /api/v1/routing-rules: version 1 is the seeded local defaults', async () => {
    const res = await get('/api/v1/routing-rules');
    expect(res.status).toBe(200);
    const v1 = (await res.json()) as RoutingRulesVersion;
    expect(v1).toMatchObject({ version: 1, publishedBy: 'system', note: expect.stringContaining('local defaults') });
    expect(v1.publishedAt).toMatch(/\+08:00$/);
    expect(v1.rules).toEqual(defaultRoutingRules(SEEDED_CATEGORIES));
  });

  it('successful PUT as admin publishes version 2; version 1 stays as it was; history lists both', async () => {
    const res = await put({ note: '劳动争议调解期限缩短 / shorter labour mediation', rules: revisedRules() });
    expect(res.status).toBe(200);
    const v2 = (await res.json()) as RoutingRulesVersion;
    expect(v2).toMatchObject({ version: 2, note: '劳动争议调解期限缩短 / shorter labour mediation', publishedBy: expect.stringMatching(/^rules\.admin\./) });
    expect(v2.rules.find((r) => r.category === 'labour' && r.severity === 'ordinary')!.periods.mediation).toEqual({ amount: 10, unit: 'working-days' });

    const current = (await (await get('/api/v1/routing-rules')).json()) as RoutingRulesVersion;
    expect(current).toEqual(v2);
    const old = await get('/api/v1/routing-rules?version=1');
    expect(old.status).toBe(200);
    expect(((await old.json()) as RoutingRulesVersion).rules).toEqual(defaultRoutingRules(SEEDED_CATEGORIES));

    const history = await get('/api/v1/routing-rules/history');
    expect(history.status).toBe(200);
    const list = (await history.json()) as Array<Record<string, unknown>>;
    expect(list.map((h) => h.version)).toEqual([2, 1]);
    expect(list[1]).toMatchObject({ publishedBy: 'system' });
    for (const h of list) expect(h).not.toHaveProperty('rules');
  });

  it('failing GET of an unknown version → 404, of a non-number → 422', async () => {
    await expectProblem(await get('/api/v1/routing-rules?version=999'), 404);
    expect(paths(await expectProblem(await get('/api/v1/routing-rules?version=abc'), 422))).toEqual(['version']);
  });

  it('failing PUT with a bad period → 422 at rules[2].periods.mediation.amount, nothing stored', async () => {
    const before = await versionsStored();
    const rules = revisedRules();
    rules[2] = { ...rules[2]!, periods: { ...rules[2]!.periods, mediation: { amount: -5, unit: 'working-days' } } };
    expect(paths(await expectProblem(await put({ rules }), 422))).toContain('rules[2].periods.mediation.amount');
    expect(await versionsStored()).toBe(before);
  });

  it('failing PUT with an unknown category → 422 at rules[i].category', async () => {
    const rules = [...revisedRules(), { ...revisedRules()[0]!, category: 'astrology', severity: 'major' as const }];
    expect(paths(await expectProblem(await put({ rules }), 422))).toEqual([`rules[${rules.length - 1}].category`]);
  });

  it('failing PUT without the * × * fallback → 422', async () => {
    const rules = revisedRules().filter((r) => !(r.category === '*' && r.severity === '*'));
    const problem = await expectProblem(await put({ rules }), 422);
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'rules', message: expect.stringContaining('* × *') })]);
  });

  it('failing PUT with malformed JSON → 400, with the wrong shape → 422', async () => {
    const raw = await p.api('/api/v1/routing-rules', { method: 'PUT', token: admin, body: '{"rules": [', headers: { 'content-type': 'application/json' } });
    await expectProblem(raw, 400);
    expect(paths(await expectProblem(await put({ rules: 'all of them' }), 422))).toEqual(['rules']);
    expect(paths(await expectProblem(await put([1, 2]), 422))).toEqual(['(body)']);
  });

  it('failing PUT as a clerk → 403; without a token → 401', async () => {
    await expectProblem(await put({ rules: revisedRules() }, clerk), 403);
    await expectProblem(await p.api('/api/v1/routing-rules', { method: 'PUT', body: JSON.stringify({ rules: revisedRules() }) }), 401);
  });

  it('successful concurrent PUTs get distinct versions, and a published version cannot be changed in the database', async () => {
    const before = await versionsStored();
    const answers = await Promise.all([put({ note: 'a', rules: revisedRules() }), put({ note: 'b', rules: revisedRules() })]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const versions = (await Promise.all(answers.map((r) => r.json() as Promise<RoutingRulesVersion>))).map((v) => v.version).sort();
    expect(versions).toEqual([before + 1, before + 2]);
    await expect(p.ctx.sql(`UPDATE intake.routing_rules SET note = 'rewritten' WHERE version = 1`)).rejects.toThrow(/immutable/);
    await expect(p.ctx.sql(`DELETE FROM intake.routing_rules WHERE version = 1`)).rejects.toThrow(/immutable/);
  });

  it("GET /api/v1/categories carries the current rule version and each severity's rule", async () => {
    const current = (await (await get('/api/v1/routing-rules')).json()) as RoutingRulesVersion;
    const res = await get('/api/v1/categories');
    expect(res.status).toBe(200);
    const categories = (await res.json()) as CategoryView[];
    expect(categories.map((c) => c.code).sort()).toEqual([...SEEDED_CATEGORIES].sort());
    for (const c of categories) {
      expect(c.ruleVersion).toBe(current.version);
      expect(c.routing.ordinary.periods.firstReply).toEqual({ amount: 30, unit: 'minutes' });
    }
    const labour = categories.find((c) => c.code === 'labour')!;
    expect(labour.routing.difficult).toMatchObject({ category: 'labour', severity: 'difficult', team: 'labour', tier: 'mediation' });
    expect(labour.routing.ordinary.periods.mediation).toEqual({ amount: 10, unit: 'working-days' });
  });
});

describe('holiday notices', () => {
  /** A made-up 2027 notice (the real one was not out when this was written). */
  const notice2027 = {
    year: 2027,
    notice: '测试通知〔2026〕99号',
    publishedOn: '2026-11-10',
    daysOff: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'],
    adjustedWorkdays: ['2027-02-13'],
  };

  it('GET /api/v1/holidays lists the built-in years', async () => {
    const res = await get('/api/v1/holidays');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      { year: 2025, notice: '国办发明电〔2024〕12号', publishedOn: '2024-11-12', builtIn: true },
      expect.objectContaining({ year: 2026, builtIn: true }),
    ]);
  });

  it('successful POST as admin loads 2027 → 201, then it is listed', async () => {
    const res = await postNotice(notice2027);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      year: 2027,
      notice: notice2027.notice,
      builtIn: false,
      loadedBy: expect.stringMatching(/^rules\.admin\./),
      daysOff: notice2027.daysOff,
    });
    const list = (await (await get('/api/v1/holidays')).json()) as Array<Record<string, unknown>>;
    expect(list.map((n) => n.year)).toEqual([2025, 2026, 2027]);
    expect(list[2]).toMatchObject({ year: 2027, publishedOn: '2026-11-10', builtIn: false, loadedAt: expect.stringMatching(/\+08:00$/) });
  });

  it('failing POST of the same year again → 409 that says it is not silently replaced; a built-in year → 409', async () => {
    const again = await expectProblem(await postNotice({ ...notice2027, notice: '更正通知' }), 409);
    expect(again.detail).toMatch(/not silently replaced/);
    const stored = await p.ctx.sql<{ notice: string }>('SELECT notice FROM intake.holiday_notices WHERE year = 2027');
    expect(stored).toEqual([{ notice: notice2027.notice }]);
    await expectProblem(await postNotice({ ...notice2027, year: 2026, daysOff: ['2026-01-01'], adjustedWorkdays: [] }), 409);
  });

  it('failing POST of a malformed notice → 422 with each issue at its field', async () => {
    const bad = { ...notice2028(), daysOff: ['2028-01-01', '2028-02-30'], adjustedWorkdays: ['2028-01-05'], extra: true };
    const problem = await expectProblem(await postNotice(bad), 422);
    expect(paths(problem).sort()).toEqual(['adjustedWorkdays[0]', 'daysOff[1]', 'extra']);
    expect(await p.ctx.sql('SELECT year FROM intake.holiday_notices WHERE year = 2028')).toEqual([]);
  });

  it('failing POST as a clerk → 403', async () => {
    await expectProblem(await postNotice(notice2028(), clerk), 403);
  });

  function notice2028() {
    return { year: 2028, notice: '测试通知〔2027〕1号', publishedOn: '2027-11-01', daysOff: ['2028-01-01'], adjustedWorkdays: [] as string[] };
  }
});
