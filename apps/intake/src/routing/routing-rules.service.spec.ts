import type { DataSource } from 'typeorm';
import { defaultRoutingRules, type Caller, type RoutingRule } from '@fengqiao/contracts';
import type { CategoryEntity } from '../reference/reference.entity';
import type { ReferenceService } from '../reference/reference.service';
import { RoutingRulesEntity } from './routing.entities';
import { RoutingRulesService, unknownCategoryErrors } from './routing-rules.service';

const CODES = ['marriage-family', 'neighbour', 'labour', 'other'];
const admin: Caller = { userId: 'u-admin', username: 'admin.test', roles: ['admin'], orgUnit: '621100', department: null };
const clerk: Caller = { userId: 'u-clerk', username: 'clerk.test', roles: ['clerk'], orgUnit: '621102101', department: null };

function fakeRefs(active = CODES, retired: string[] = []): ReferenceService {
  const cat = (code: string, isActive: boolean): CategoryEntity => ({ code, name: `名称-${code}`, nameEn: `Name ${code}`, active: isActive });
  const all = [...active.map((c) => cat(c, true)), ...retired.map((c) => cat(c, false))];
  const refs: Pick<ReferenceService, 'category' | 'categories'> = {
    category: async (code) => all.find((c) => c.code === code),
    categories: async () => all.filter((c) => c.active),
  };
  return refs as ReferenceService;
}

/** The table in memory; records the statements a publish runs and counts reads. */
function fakeDataSource(initial: RoutingRulesEntity[] = [version1()]) {
  const rows = [...initial];
  const statements: string[] = [];
  let reads = 0;
  const repo = {
    find: async (o: { take?: number }) => {
      reads++;
      const sorted = [...rows].sort((a, b) => b.version - a.version);
      return o.take ? sorted.slice(0, o.take) : sorted;
    },
    findOneBy: async ({ version }: { version: number }) => {
      reads++;
      return rows.find((r) => r.version === version) ?? null;
    },
  };
  const ds = {
    getRepository: (entity: unknown) => {
      if (entity !== RoutingRulesEntity) throw new Error('unexpected entity');
      return repo;
    },
    transaction: async <T>(fn: (m: unknown) => Promise<T>) =>
      fn({
        query: async (sql: string) => {
          statements.push(sql);
          if (/max\(version\)/.test(sql)) return [{ next: String(Math.max(0, ...rows.map((r) => r.version)) + 1) }];
          return [];
        },
        insert: async (entity: unknown, row: RoutingRulesEntity) => {
          if (entity !== RoutingRulesEntity) throw new Error('unexpected entity');
          statements.push(`insert ${row.version}`);
          rows.push(row);
        },
      }),
  } as unknown as DataSource;
  return { ds, rows, statements, reads: () => reads };
}

function version1(): RoutingRulesEntity {
  return { version: 1, note: 'defaults', rules: defaultRoutingRules(CODES), publishedBy: 'system', publishedAt: new Date('2026-11-01T00:00:00Z') };
}

const ruleSet = (rules: RoutingRule[] = defaultRoutingRules(CODES)) => ({ note: '缩短调解期限', rules: structuredClone(rules) });

describe('unknownCategoryErrors', () => {
  it('names each rule whose category is not known, by its index; * is any category', () => {
    const rules = [{ category: '*' }, { category: 'neighbour' }, { category: 'pets' }, { category: 'labour' }, { category: 'noise' }];
    expect(unknownCategoryErrors(rules, new Set(['neighbour', 'labour']))).toEqual([
      { path: 'rules[2].category', message: expect.stringContaining('"pets"') },
      { path: 'rules[4].category', message: expect.stringContaining('"noise"') },
    ]);
  });

  it('finds nothing when every category is known', () => {
    expect(unknownCategoryErrors([{ category: '*' }, { category: 'neighbour' }], new Set(['neighbour']))).toEqual([]);
  });
});

describe('RoutingRulesService.publish', () => {
  it('refuses anyone but an admin (403) without touching the table', async () => {
    const f = fakeDataSource();
    const r = await new RoutingRulesService(f.ds, fakeRefs()).publish(ruleSet(), clerk);
    expect(r).toMatchObject({ ok: false, problem: { status: 403 } });
    expect(f.statements).toEqual([]);
  });

  it('reports a bad period at its field path (422)', async () => {
    const body = ruleSet();
    (body.rules[2]!.periods.mediation as { amount: number }).amount = -3;
    const r = await new RoutingRulesService(fakeDataSource().ds, fakeRefs()).publish(body, admin);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.status).toBe(422);
    expect(r.problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'rules[2].periods.mediation.amount' })]));
  });

  it('reports a category that does not exist at rules[i].category (422)', async () => {
    const body = ruleSet();
    body.rules.push({ ...body.rules[0]!, category: 'pets', severity: 'major' });
    const r = await new RoutingRulesService(fakeDataSource().ds, fakeRefs()).publish(body, admin);
    expect(r).toMatchObject({ ok: false, problem: { status: 422, errors: [{ path: `rules[${body.rules.length - 1}].category` }] } });
  });

  it('accepts a rule for a retired category (it exists; old cases may still carry it)', async () => {
    const body = ruleSet();
    body.rules.push({ ...body.rules[0]!, category: 'retired-one', severity: 'major' });
    const r = await new RoutingRulesService(fakeDataSource().ds, fakeRefs(CODES, ['retired-one'])).publish(body, admin);
    expect(r.ok).toBe(true);
  });

  it('requires the * × * fallback (422)', async () => {
    const body = ruleSet(defaultRoutingRules(CODES).filter((r) => !(r.category === '*' && r.severity === '*')));
    const r = await new RoutingRulesService(fakeDataSource().ds, fakeRefs()).publish(body, admin);
    expect(r).toMatchObject({
      ok: false,
      problem: { status: 422, errors: [expect.objectContaining({ path: 'rules', message: expect.stringMatching(/\* × \*/) })] },
    });
  });

  it('refuses unknown fields instead of dropping them (422)', async () => {
    const r = await new RoutingRulesService(fakeDataSource().ds, fakeRefs()).publish({ ...ruleSet(), version: 7 }, admin);
    expect(r).toMatchObject({ ok: false, problem: { status: 422, errors: [{ path: 'version' }] } });
  });

  it('writes version max+1 under a table lock, leaves version 1 alone, and serves the new one at once', async () => {
    const f = fakeDataSource();
    const svc = new RoutingRulesService(f.ds, fakeRefs(), 60_000, () => new Date('2026-12-01T02:00:00Z'));
    expect((await svc.current()).version).toBe(1);
    const body = ruleSet();
    body.rules[0]!.periods.firstReply = { amount: 30, unit: 'minutes' };
    const r = await svc.publish(body, admin);
    expect(r).toEqual({
      ok: true,
      value: { version: 2, note: '缩短调解期限', rules: expect.any(Array), publishedBy: 'admin.test', publishedAt: '2026-12-01T10:00:00+08:00' },
    });
    expect(f.statements[0]).toMatch(/LOCK TABLE intake\.routing_rules IN EXCLUSIVE MODE/);
    expect(f.statements.at(-1)).toBe('insert 2');
    expect(f.rows.find((x) => x.version === 1)).toEqual(version1());
    const readsBefore = f.reads();
    const current = await svc.current();
    expect(current.version).toBe(2);
    expect(current.rules[0]!.periods.firstReply).toEqual({ amount: 30, unit: 'minutes' });
    expect(f.reads()).toBe(readsBefore); // the cache was replaced on publish, not re-read
  });

  it('stores an absent or blank note as null', async () => {
    const f = fakeDataSource();
    const svc = new RoutingRulesService(f.ds, fakeRefs());
    const r = await svc.publish({ note: '   ', rules: defaultRoutingRules(CODES) }, admin);
    expect(r).toMatchObject({ ok: true, value: { note: null } });
  });
});

describe('RoutingRulesService reads', () => {
  it('caches the current version for the ttl, then reads again', async () => {
    const f = fakeDataSource();
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    try {
      const svc = new RoutingRulesService(f.ds, fakeRefs(), 5_000);
      await svc.current();
      await svc.current();
      expect(f.reads()).toBe(1);
      now.mockReturnValue(1_005_000);
      await svc.current();
      expect(f.reads()).toBe(2);
    } finally {
      now.mockRestore();
    }
  });

  it('says plainly when no version was ever published, and tries again next time', async () => {
    const f = fakeDataSource([]);
    const svc = new RoutingRulesService(f.ds, fakeRefs());
    await expect(svc.current()).rejects.toThrow(/no routing rules published/);
    f.rows.push(version1());
    await expect(svc.current()).resolves.toMatchObject({ version: 1 });
  });

  it('finds a version by number, and nothing for an unknown or invalid one', async () => {
    const svc = new RoutingRulesService(fakeDataSource().ds, fakeRefs());
    await expect(svc.version(1)).resolves.toMatchObject({ version: 1, publishedBy: 'system', publishedAt: '2026-11-01T08:00:00+08:00' });
    await expect(svc.version(2)).resolves.toBeUndefined();
    await expect(svc.version(0)).resolves.toBeUndefined();
    await expect(svc.version(1.5)).resolves.toBeUndefined();
  });

  it('lists the history newest first, without the rules', async () => {
    const f = fakeDataSource();
    const svc = new RoutingRulesService(f.ds, fakeRefs());
    await svc.publish(ruleSet(), admin);
    const history = await svc.history();
    expect(history.map((h) => h.version)).toEqual([2, 1]);
    for (const h of history) expect(h).not.toHaveProperty('rules');
  });

  it('gives each active category its rule for every severity, with the version', async () => {
    const views = await new RoutingRulesService(fakeDataSource().ds, fakeRefs(CODES, ['retired-one'])).categoryViews();
    expect(views.map((v) => v.code)).toEqual(CODES);
    const labour = views.find((v) => v.code === 'labour')!;
    expect(labour).toMatchObject({ ruleVersion: 1, name: '名称-labour', nameEn: 'Name labour' });
    expect(labour.routing.ordinary).toMatchObject({ category: 'labour', team: 'labour', tier: 'first-contact' });
    expect(labour.routing.major).toMatchObject({ category: 'labour', tier: 'joint-handling' });
    // No specialist team for neighbours: the * rules apply.
    const neighbour = views.find((v) => v.code === 'neighbour')!;
    expect(neighbour.routing.ordinary).toMatchObject({ category: '*', severity: '*', team: 'general' });
    expect(neighbour.routing.difficult).toMatchObject({ category: '*', severity: 'difficult', tier: 'mediation' });
    expect(neighbour.routing.ordinary.periods.firstReply).toEqual({ amount: 1, unit: 'working-days' });
  });
});
