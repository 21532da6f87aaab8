import { randomUUID } from 'node:crypto';
import { AssignmentFailureTypes, type LegalAidMatter, type ProviderView } from '@fengqiao/contracts';
import { createTestContext, runAppScript, type TestContext } from '@fengqiao/testing';
import { activitiesAsApp, type Harness } from './support/activity-harness';
import { ADMIN, dec, facts, newCase, parties } from './support/fixtures';

let ctx: TestContext;
let h: Harness;

beforeAll(async () => {
  ctx = await createTestContext('legal_aid_assign');
  await runAppScript('legal-aid', 'migrate.js', ['--seed-demo'], ctx.migrationEnv());
  h = await activitiesAsApp(ctx.appDatabaseUrl);
}, 60_000);

afterAll(async () => {
  await h?.ds.destroy();
  await ctx?.dispose();
});

/** A provider of a matter no demo provider handles (legal-capacity, environmental in the district), so each test owns its roster. */
async function provider(name: string, orgUnit: string, matter: LegalAidMatter, capacity: number): Promise<ProviderView> {
  const r = await h.providers.create(ADMIN, { name, type: 'firm-lawyer', organisation: `${name}律师事务所`, specialities: [matter], orgUnit, capacity });
  if (!r.ok) throw new Error(JSON.stringify(r.problem));
  return r.value;
}

/** A case with its application recorded (matter and parties' keys), ready for assignment. */
async function applied(orgUnit: string, matter: LegalAidMatter, p: { applicants: string[]; opponents?: string[]; linked?: string[] }) {
  const c = newCase(orgUnit);
  await h.activities.recordApplication({
    ...c,
    seq: 1,
    at: dec(1),
    actor: 'x',
    facts: facts(matter),
    parties: parties(p.applicants, p.opponents ?? [], p.linked ?? []),
  });
  return c;
}

const assign = (c: { caseId: string; caseNo: string; orgUnit: string }, providerId?: string, seq = 2) =>
  h.activities.assignProvider({ ...c, seq, at: dec(3), actor: '法援专员', ...(providerId ? { providerId } : {}) });

describe('assignProvider', () => {
  let near: ProviderView;
  let far: ProviderView;
  let sibling: ProviderView;
  let first: Awaited<ReturnType<typeof applied>>;

  beforeAll(async () => {
    far = await provider('甲', '621102', 'legal-capacity', 3);
    near = await provider('乙', '621102101', 'legal-capacity', 3);
    sibling = await provider('丙', '621102102', 'legal-capacity', 3);
    // 甲 already has a matter in hand.
    await assign(await applied('621102', 'legal-capacity', { applicants: ['k-0'] }), far.id);
    first = await applied('621102101', 'legal-capacity', { applicants: ['k-a'], opponents: ['k-b'] });
  });

  it('chooses by speciality, unit (own or ancestor, never a sibling) and least load, and records why', async () => {
    const p = await assign(first);
    expect(p).toMatchObject({ id: near.id, name: '乙', reason: '专长：请求认定公民无民事行为能力或者限制民事行为能力；所在单位：621102101；在办 0/3' });
    const [row] = await ctx.sql(`SELECT provider_id, client_keys, opponent_keys, reason FROM legal_aid.assignments WHERE case_id = $1`, [first.caseId]);
    expect(row).toMatchObject({ provider_id: near.id, client_keys: ['k-a'], opponent_keys: ['k-b'] });
    expect(sibling.id).not.toBe(p.id);
  });

  it('is idempotent: the same case and seq answer the same provider, with one assignment', async () => {
    expect(await assign(first)).toMatchObject({ id: near.id });
    expect(await ctx.sql(`SELECT count(*)::int AS n FROM legal_aid.assignments WHERE case_id = $1`, [first.caseId])).toEqual([{ n: 1 }]);
  });

  it("refuses a provider who acts for this case's opponent, and one on a linked case for the other side (bilingual)", async () => {
    // The employer k-b now applies against k-a, whom 乙 represents.
    const counter = await applied('621102101', 'legal-capacity', { applicants: ['k-b'], opponents: ['k-a'] });
    const refused = await assign(counter, near.id).catch((e: unknown) => e);
    expect(refused).toMatchObject({ type: AssignmentFailureTypes.conflicted, nonRetryable: true });
    expect((refused as Error).message).toMatch(/^乙 曾为本案或关联案件的对方当事人提供法律服务.* \/ 乙 acts or acted for an opposing party/);
    // The automatic choice passes over 乙 (and the sibling township's 丙): 甲 at the district.
    expect(await assign(counter)).toMatchObject({ id: far.id });
    const linked = await applied('621102101', 'legal-capacity', { applicants: ['k-c'], linked: [first.caseId] });
    await expect(assign(linked, near.id)).rejects.toMatchObject({ type: AssignmentFailureTypes.conflicted });
    // Acting again for the same client on a linked case is no conflict.
    const sameClient = await applied('621102101', 'legal-capacity', { applicants: ['k-a'], linked: [first.caseId] });
    expect(await assign(sameClient, near.id)).toMatchObject({ id: near.id, reason: expect.stringMatching(/^指定承办；/) });
  });

  it('refuses a full provider, an unknown one, and answers when nobody fits', async () => {
    const solo = await provider('丁', '621102', 'environmental', 1);
    await assign(await applied('621102101', 'environmental', { applicants: ['k-e1'] }), solo.id);
    const next = await applied('621102101', 'environmental', { applicants: ['k-e2'] });
    await expect(assign(next, solo.id)).rejects.toMatchObject({ type: AssignmentFailureTypes.full, message: expect.stringContaining('（1/1）') });
    await expect(assign(next, randomUUID())).rejects.toMatchObject({ type: AssignmentFailureTypes.unknown, nonRetryable: true });
    await expect(assign(next)).rejects.toMatchObject({ type: AssignmentFailureTypes.noneAvailable, nonRetryable: true });
  });

  it('releasing frees the slot; a repeat release changes nothing', async () => {
    const spare = await provider('戊', '621102', 'environmental', 1);
    const a = await applied('621102101', 'environmental', { applicants: ['k-r1'] });
    const b = await applied('621102101', 'environmental', { applicants: ['k-r2'] });
    await assign(a, spare.id);
    await expect(assign(b, spare.id)).rejects.toMatchObject({ type: AssignmentFailureTypes.full });
    await h.activities.releaseProvider({ caseId: a.caseId, at: dec(9) });
    await h.activities.releaseProvider({ caseId: a.caseId, at: dec(10) });
    expect(await assign(b, spare.id)).toMatchObject({ id: spare.id });
    expect(await ctx.sql(`SELECT released_at FROM legal_aid.assignments WHERE case_id = $1`, [a.caseId])).toEqual([{ released_at: new Date(dec(9)) }]);
  });

  it('two assignments racing for the last slot: one wins, the other is refused; capacity is never exceeded', async () => {
    const last = await provider('己', '621102', 'state-compensation', 1);
    const cases = await Promise.all(Array.from({ length: 4 }, (_, i) => applied('621102', 'state-compensation', { applicants: [`k-race-${i}`] })));
    const named = await Promise.allSettled(cases.map((c) => assign(c, last.id)));
    expect(named.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(named.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.type)).toEqual([
      AssignmentFailureTypes.full,
      AssignmentFailureTypes.full,
      AssignmentFailureTypes.full,
    ]);
    expect(await ctx.sql(`SELECT count(*)::int AS n FROM legal_aid.assignments WHERE provider_id = $1 AND released_at IS NULL`, [last.id])).toEqual([{ n: 1 }]);
  });

  it('automatic choices racing never exceed capacity either', async () => {
    // The demo's 赵建国 (capacity 4) also handles state compensation at the district: 5 slots in all with 庚.
    await provider('庚', '621102', 'state-compensation', 1);
    await ctx.sql(`UPDATE legal_aid.providers SET active = false WHERE name = '己'`);
    const cases = await Promise.all(Array.from({ length: 7 }, (_, i) => applied('621102', 'state-compensation', { applicants: [`k-auto-${i}`] })));
    const results = await Promise.allSettled(cases.map((c) => assign(c)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    const loads = await ctx.sql(
      `SELECT p.name, p.capacity, count(a.id)::int AS load FROM legal_aid.providers p JOIN legal_aid.assignments a ON a.provider_id = p.id AND a.released_at IS NULL
        WHERE 'state-compensation' = ANY(p.specialities) AND p.active GROUP BY p.name, p.capacity ORDER BY p.name`,
    );
    expect(loads).toEqual([
      { name: '庚', capacity: 1, load: 1 },
      { name: '赵建国', capacity: 4, load: 4 },
    ]);
  });
});
