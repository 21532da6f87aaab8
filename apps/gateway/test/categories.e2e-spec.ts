import { randomBytes } from 'node:crypto';
import { type CaseView, type CategoryLoadResult, type CategoryView, type Problem, type RoutingRule, type RoutingRulesVersion } from '@fengqiao/contracts';
import { sampleCase, standInToken, startPlatform, type Platform } from './platform.harness';

/**
 * A new category with its own routing, as docs/extending.md walks an integrator through it: an admin
 * adds the category, publishes a routing-rules version that names it, and the next case of that
 * category is routed by it (version, tier, team and first-reply period). Categories are never removed.
 */
let p: Platform;
let admin: string;
let clerk: string;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  p = await startPlatform('categories');
  const standIn = await standInToken('admin', '621100');
  cleanups.push(standIn.remove);
  admin = standIn.token;
  clerk = await p.ctx.tokenFor('clerk.621102101');
}, 180_000);

afterAll(async () => {
  for (const c of cleanups) await c().catch(() => undefined);
  await p?.stop();
});

const putCategories = (body: unknown, token = admin) => p.api('/api/v1/categories', { method: 'PUT', token, body: JSON.stringify(body) });
const NOISE = { code: 'noise', name: '噪声扰民', nameEn: 'Noise nuisance' };

async function problemOf(res: Response, status: number): Promise<Problem> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await res.json()) as Problem;
}

async function categories(): Promise<CategoryView[]> {
  const res = await p.api('/api/v1/categories', { token: clerk });
  expect(res.status).toBe(200);
  return (await res.json()) as CategoryView[];
}

describe('a new category with its own routing', () => {
  it('an admin adds a category: listed at once, routed by the * rules until a version names it', async () => {
    const res = await putCategories({ categories: [NOISE] });
    expect(res.status).toBe(200);
    expect((await res.json()) as CategoryLoadResult).toEqual({ added: ['noise'], renamed: [], unchanged: 0 });

    const noise = (await categories()).find((c) => c.code === 'noise');
    expect(noise).toMatchObject({ name: '噪声扰民', nameEn: 'Noise nuisance', ruleVersion: 1 });
    expect(noise!.routing.ordinary.category).toBe('*');
  });

  it('the same load again changes nothing; a new name renames; nothing is removed', async () => {
    expect(await (await putCategories({ categories: [NOISE] })).json()).toEqual({ added: [], renamed: [], unchanged: 1 });
    const renamed = await putCategories({ categories: [{ ...NOISE, name: '噪声污染' }] });
    expect(await renamed.json()).toEqual({ added: [], renamed: ['noise'], unchanged: 0 });
    const list = await categories();
    expect(list.find((c) => c.code === 'noise')!.name).toBe('噪声污染');
    expect(list.map((c) => c.code)).toContain('neighbour');
  });

  it('a routing-rules version names it, and its next case is routed by that rule', async () => {
    const current = (await (await p.api('/api/v1/routing-rules', { token: clerk })).json()) as RoutingRulesVersion;
    const noiseRule: RoutingRule = {
      ...current.rules.find((r) => r.category === '*' && r.severity === '*')!,
      category: 'noise',
      severity: '*',
      tier: 'mediation',
      team: 'property',
      periods: { ...current.rules.find((r) => r.category === '*' && r.severity === '*')!.periods, firstReply: { amount: 90, unit: 'minutes' } },
    };
    const published = await p.api('/api/v1/routing-rules', {
      method: 'PUT',
      token: admin,
      body: JSON.stringify({ note: '噪声扰民单列 / noise routed on its own', rules: [...current.rules, noiseRule] }),
    });
    expect(published.status).toBe(200);
    const version = ((await published.json()) as RoutingRulesVersion).version;
    expect((await categories()).find((c) => c.code === 'noise')!.routing.major).toMatchObject({ category: 'noise', tier: 'mediation', team: 'property' });

    const res = await p.api('/api/v1/cases', {
      method: 'POST',
      token: clerk,
      body: JSON.stringify(sampleCase({ category: 'noise', title: '夜间施工噪声' })),
      headers: { 'idempotency-key': `noise-${randomBytes(6).toString('hex')}` },
    });
    expect(res.status).toBe(201);
    const c = (await res.json()) as CaseView;
    expect(c.category).toBe('noise');
    expect(c.routing).toEqual({ ruleVersion: version, tier: 'mediation', team: 'property' });
    const firstReply = c.clocks.find((k) => k.kind === 'first-reply')!;
    expect(Date.parse(firstReply.due) - Date.parse(firstReply.startedAt)).toBe(90 * 60_000);
  });

  it('a case of a category nobody added is refused with 422 at category', async () => {
    const res = await p.api('/api/v1/cases', {
      method: 'POST',
      token: clerk,
      body: JSON.stringify(sampleCase({ category: 'astrology' })),
      headers: { 'idempotency-key': `astro-${randomBytes(6).toString('hex')}` },
    });
    expect((await problemOf(res, 422)).errors?.map((e) => e.path)).toContain('category');
  });

  it('bad input is a 422 at its field and stores nothing; a clerk is refused with 403', async () => {
    const before = (await categories()).map((c) => c.code).sort();
    const bad = await problemOf(await putCategories({ categories: [{ code: 'Noise Two', name: '', nameEn: 'x' }, NOISE, NOISE] }), 422);
    expect(bad.errors?.map((e) => e.path).sort()).toEqual(['categories[0].code', 'categories[0].name', 'categories[2].code']);
    expect(bad.detail).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/); // zh-CN, then English
    await problemOf(await putCategories({ categories: [] }), 422);
    await problemOf(await putCategories({ categories: [NOISE], extra: 1 }), 422);
    await problemOf(await putCategories({ categories: [{ ...NOISE, code: 'quiet' }] }, clerk), 403);
    expect((await categories()).map((c) => c.code).sort()).toEqual(before);
  });
});
