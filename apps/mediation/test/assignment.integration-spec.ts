import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { MediationActivities } from '@fengqiao/contracts';
import { createServiceDataSource } from '@fengqiao/persistence';
import { createTestContext, runAppScript, type TestContext } from '@fengqiao/testing';
import { mediationEntities } from '../src/database/mediation.entities';
import { mediationMigrations } from '../src/database/mediation.migrations';
import { activitiesAsApp } from './support/activity-harness';

let ctx: TestContext;
let appDs: DataSource;
let act: MediationActivities;

/** Distinct, increasing activity times (a workflow's clock). */
let minute = 0;
const nextAt = () => new Date(Date.UTC(2026, 2, 2, 1, 0) + minute++ * 60_000).toISOString();

async function addMediator(orgUnit: string, o: { teams?: string[]; capacity?: number; active?: boolean; name?: string } = {}): Promise<string> {
  const id = randomUUID();
  await ctx.sql(`INSERT INTO mediation.mediators (id, name, org_unit, teams, capacity, active) VALUES ($1, $2, $3, $4, $5, $6)`, [
    id,
    o.name ?? `调解员-${id.slice(0, 4)}`,
    orgUnit,
    o.teams ?? ['labour'],
    o.capacity ?? 10,
    o.active ?? true,
  ]);
  return id;
}

const assign = (orgUnit: string, team = 'labour', extra: { caseId?: string; mediatorId?: string; at?: string } = {}) =>
  act.assignMediator({
    caseId: extra.caseId ?? randomUUID(),
    caseNo: `${orgUnit}-2026-${String(minute).padStart(6, '0')}`,
    orgUnit,
    team,
    mediatorId: extra.mediatorId,
    at: extra.at ?? nextAt(),
  });

/** Unreleased assignments per mediator of the unit, as the database holds them. */
async function loads(orgUnit: string): Promise<Record<string, number>> {
  const rows = await ctx.sql<{ id: string; load: number }>(
    `SELECT m.id, count(a.id) FILTER (WHERE a.released_at IS NULL)::int AS load
       FROM mediation.mediators m LEFT JOIN mediation.assignments a ON a.mediator_id = m.id WHERE m.org_unit = $1 GROUP BY m.id`,
    [orgUnit],
  );
  return Object.fromEntries(rows.map((r) => [r.id, r.load]));
}

beforeAll(async () => {
  ctx = await createTestContext('mediation_assign');
  await runAppScript('mediation', 'migrate.js', ['--seed-demo'], ctx.migrationEnv());
  ({ ds: appDs, activities: act } = await activitiesAsApp(ctx.appDatabaseUrl, ['621102101']));
}, 60_000);

afterAll(async () => {
  await appDs?.destroy();
  await ctx?.dispose();
});

describe('assigning mediators on real PostgreSQL (as the app role)', () => {
  it('successful-load-spreading: 30 cases over 3 equal mediators end 10/10/10, and a full centre refuses', async () => {
    const unit = '621102101201';
    const ids = [await addMediator(unit), await addMediator(unit), await addMediator(unit)];
    for (let i = 0; i < 30; i++) {
      const m = await assign(unit);
      expect(m).toMatchObject({ team: 'labour', orgUnit: unit });
    }
    expect(Object.values(await loads(unit)).sort()).toEqual([10, 10, 10]);
    expect(Object.keys(await loads(unit)).sort()).toEqual([...ids].sort());

    await expect(assign(unit)).rejects.toMatchObject({
      type: 'NoMediatorAvailable',
      nonRetryable: true,
      message: expect.stringContaining('No mediator available'),
    });
    expect(Object.values(await loads(unit))).toEqual([10, 10, 10]);
  });

  it('a village without mediators of its own is served by its township centre', async () => {
    // The demo seed has mediators at Neiguanying town (621102102) and none at its village Jinping (621102102201).
    const m = await assign('621102102201', 'general');
    expect(m.orgUnit).toBe('621102102');
    const [row] = await ctx.sql<{ org_unit: string }>(`SELECT org_unit FROM mediation.mediators WHERE id = $1`, [m.id]);
    expect(row?.org_unit).toBe('621102102');
  });

  it('successful-concurrent-assignment: 20 at once never overfill anyone and spread evenly', async () => {
    const unit = '621102101202';
    await Promise.all([addMediator(unit, { capacity: 7 }), addMediator(unit, { capacity: 7 }), addMediator(unit, { capacity: 7 })]);
    const picked = await Promise.all(Array.from({ length: 20 }, () => assign(unit)));
    expect(new Set(picked.map((p) => p.id)).size).toBe(3);
    expect(Object.values(await loads(unit)).sort()).toEqual([6, 7, 7]);

    // One place left: of five at once exactly one gets it, the rest hear NoMediatorAvailable.
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => assign(unit)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) expect(r.reason).toMatchObject({ type: 'NoMediatorAvailable' });
    expect(Object.values(await loads(unit))).toEqual([7, 7, 7]);
  });

  it('falls back to the general team, then to anyone at the centre', async () => {
    const unit = '621102102201';
    const general = await addMediator(unit, { teams: ['general'], capacity: 1 });
    const traffic = await addMediator(unit, { teams: ['traffic'], capacity: 1 });
    expect(await assign(unit, 'medical')).toMatchObject({ id: general, team: 'general' });
    expect(await assign(unit, 'medical')).toMatchObject({ id: traffic, team: 'traffic' });
    await expect(assign(unit, 'medical')).rejects.toMatchObject({ type: 'NoMediatorAvailable' });
  });

  it('failing-named-mediator: one at another org unit, inactive or unknown is UnknownMediator', async () => {
    const elsewhere = await addMediator('621102102');
    const inactive = await addMediator('621102101', { active: false });
    for (const mediatorId of [elsewhere, inactive, randomUUID(), 'not-a-uuid']) {
      await expect(assign('621102101', 'labour', { mediatorId })).rejects.toMatchObject({ type: 'UnknownMediator', nonRetryable: true });
    }
  });

  it('takes a named mediator at the unit even beyond the automatic capacity, in the team asked when they have it', async () => {
    const unit = '621100';
    const named = await addMediator(unit, { teams: ['general'], capacity: 1 });
    await assign(unit, 'general', { mediatorId: named });
    expect(await assign(unit, 'labour', { mediatorId: named })).toMatchObject({ id: named, team: 'general', orgUnit: unit });
    expect((await loads(unit))[named]).toBe(2);
  });

  it('successful-retry: the same assignment again returns the same mediator and stores nothing new', async () => {
    const unit = '621102101';
    const caseId = randomUUID();
    const at = nextAt();
    const first = await assign(unit, 'marriage-family', { caseId, at });
    const again = await Promise.all([assign(unit, 'marriage-family', { caseId, at }), assign(unit, 'marriage-family', { caseId, at })]);
    expect(again).toEqual([first, first]);
    expect(await ctx.sql(`SELECT mediator_id FROM mediation.assignments WHERE case_id = $1`, [caseId])).toEqual([{ mediator_id: first.id }]);
  });

  it('re-assigns a case: the previous assignment is released, one current assignment remains', async () => {
    const unit = '621102102';
    const caseId = randomUUID();
    const first = await assign(unit, 'traffic', { caseId });
    const other = await addMediator(unit, { teams: ['traffic'] });
    const second = await assign(unit, 'traffic', { caseId, mediatorId: other });
    expect(second.id).toBe(other);
    const rows = await ctx.sql<{ mediator_id: string; released: boolean }>(
      `SELECT mediator_id, released_at IS NOT NULL AS released FROM mediation.assignments WHERE case_id = $1 ORDER BY assigned_at`,
      [caseId],
    );
    expect(rows).toEqual([
      { mediator_id: first.id, released: true },
      { mediator_id: other, released: false },
    ]);
  });

  it('release lowers the load; a repeated or older release changes nothing', async () => {
    const unit = '621102101201';
    const full = await loads(unit);
    const [caseId] = (
      await ctx.sql<{ case_id: string; mediator_id: string }>(`SELECT case_id FROM mediation.assignments WHERE org_unit = $1 LIMIT 1`, [unit])
    ).map((r) => r.case_id);
    const before = (
      await ctx.sql<{ mediator_id: string; assigned_at: Date }>(`SELECT mediator_id, assigned_at FROM mediation.assignments WHERE case_id = $1`, [caseId])
    )[0]!;
    await act.releaseMediator({ caseId: caseId!, at: new Date(before.assigned_at.getTime() - 1000).toISOString() });
    expect(await loads(unit)).toEqual(full);

    const at = nextAt();
    await act.releaseMediator({ caseId: caseId!, at });
    await act.releaseMediator({ caseId: caseId!, at });
    expect((await loads(unit))[before.mediator_id]).toBe(full[before.mediator_id]! - 1);
    // Freed capacity is used again, by the one who now has room.
    expect((await assign(unit)).id).toBe(before.mediator_id);
  });
});

describe('the other activities: each is stored once, however often it runs', () => {
  const caseId = randomUUID();
  const caseNo = '621102101-2026-000777';

  it('records sessions by sequence number', async () => {
    const s = { caseId, caseNo, seq: 1, mediatorId: null, at: nextAt(), summary: '首次调解', participants: ['申请人', '被申请人'] };
    await act.recordSession(s);
    await act.recordSession({ ...s, summary: 'changed on retry' });
    await act.recordSession({ ...s, seq: 2, at: nextAt() });
    expect(await ctx.sql(`SELECT seq, summary, participants FROM mediation.sessions WHERE case_id = $1 ORDER BY seq`, [caseId])).toEqual([
      { seq: 1, summary: '首次调解', participants: ['申请人', '被申请人'] },
      { seq: 2, summary: '首次调解', participants: ['申请人', '被申请人'] },
    ]);
  });

  it('records the agreement and the first judicial decision on it', async () => {
    await expect(act.recordJudicialConfirmation({ caseId: randomUUID(), result: 'confirmed', court: null, decidedAt: nextAt() })).rejects.toMatchObject({
      type: 'NoAgreement',
    });
    const signedAt = nextAt();
    await act.recordAgreement({ caseId, caseNo, text: '双方同意', at: signedAt, confirmationDue: '2026-04-01T16:00:00.000Z' });
    await act.recordAgreement({ caseId, caseNo, text: '双方同意', at: signedAt, confirmationDue: '2026-04-01T16:00:00.000Z' });
    const decidedAt = nextAt();
    await act.recordJudicialConfirmation({ caseId, result: 'confirmed', court: '安定区人民法院', decidedAt, reference: '(2026)甘1102民特1号' });
    await act.recordJudicialConfirmation({ caseId, result: 'rejected', court: null, decidedAt: nextAt() });
    expect(await ctx.sql(`SELECT confirmation_result, court, decided_at FROM mediation.agreements WHERE case_id = $1`, [caseId])).toEqual([
      { confirmation_result: 'confirmed', court: '安定区人民法院', decided_at: new Date(decidedAt) },
    ]);
  });

  it("opens a department's part once, with this deployment's org units, and records its report-in and result once", async () => {
    const part = { caseId, department: 'housing', orgUnit: '621102101' };
    await expect(act.recordReportIn({ ...part, officer: 'dept.housing', at: nextAt() })).rejects.toMatchObject({ type: 'UnknownDepartmentPart' });
    const open = { ...part, caseNo, leadOrgUnit: '621102101', at: nextAt(), reportInDue: '2026-03-05T09:00:00.000Z' };
    await act.openDepartmentPart(open);
    await act.openDepartmentPart({ ...open, at: nextAt() });
    const reportedAt = nextAt();
    await act.recordReportIn({ ...part, officer: 'dept.housing.621102101', at: reportedAt });
    await act.recordReportIn({ ...part, officer: 'someone-else', at: nextAt() });
    await act.recordDepartmentResult({ ...part, officer: 'dept.housing.621102101', summary: '已核实', at: nextAt() });
    await act.recordDepartmentResult({ ...part, officer: 'someone-else', summary: 'again', at: nextAt() });
    expect(
      await ctx.sql(`SELECT handled_by, opened_at, reported_in_at, reported_in_by, result_by, result_summary FROM mediation.joint_parts WHERE case_id = $1`, [
        caseId,
      ]),
    ).toEqual([
      {
        handled_by: '621102101',
        opened_at: new Date(open.at),
        reported_in_at: new Date(reportedAt),
        reported_in_by: 'dept.housing.621102101',
        result_by: 'dept.housing.621102101',
        result_summary: '已核实',
      },
    ]);
  });

  it('schedules one open return visit and completes it once; completing none is a no-op', async () => {
    await act.completeReturnVisit({ caseId, by: 'clerk', summary: 'nothing open', resolved: true, at: nextAt() });
    const visit = { caseId, caseNo, orgUnit: '621102101', reason: 'failed' as const, at: nextAt(), due: '2026-03-20T09:00:00.000Z' };
    await act.scheduleReturnVisit(visit);
    await act.scheduleReturnVisit(visit);
    await act.scheduleReturnVisit({ ...visit, reason: 'low-rating', at: nextAt() });
    await act.completeReturnVisit({ caseId, by: 'clerk.621102101', summary: '当事人表示满意', resolved: true, at: nextAt() });
    await act.completeReturnVisit({ caseId, by: 'someone-else', summary: 'again', resolved: false, at: nextAt() });
    expect(await ctx.sql(`SELECT org_unit, reason, done_by, resolved, handled_by FROM mediation.return_visits WHERE case_id = $1`, [caseId])).toEqual([
      { org_unit: '621102101', reason: 'failed', done_by: 'clerk.621102101', resolved: true, handled_by: '621102101' },
    ]);
  });
});

describe('migrations and seed', () => {
  it('seeds the demo mediators once: a second run inserts nothing', async () => {
    const out = await runAppScript('mediation', 'migrate.js', ['--seed-demo'], ctx.migrationEnv());
    expect(out).toContain('0 migration(s) applied');
    expect(out).toContain('0 new org unit(s), 0 new mediator(s)');
    const linked = await ctx.sql(`SELECT username, org_unit FROM mediation.mediators WHERE username IS NOT NULL ORDER BY username`);
    expect(linked).toEqual([
      { username: 'mediator.621100', org_unit: '621100' },
      { username: 'mediator.621102101', org_unit: '621102101' },
      { username: 'mediator.621102102', org_unit: '621102102' },
    ]);
  });

  it('runs the migrations down and up again (they are reversible)', async () => {
    const owner = await createServiceDataSource({
      url: ctx.databaseUrl,
      schema: 'mediation',
      entities: mediationEntities,
      migrations: mediationMigrations,
    }).initialize();
    try {
      for (let i = 0; i < mediationMigrations.length; i++) await owner.undoLastMigration();
      expect(await ctx.sql(`SELECT to_regclass('mediation.mediators') AS t`)).toEqual([{ t: null }]);
      await owner.runMigrations();
      expect(await ctx.sql(`SELECT to_regclass('mediation.mediators')::text AS t`)).toEqual([{ t: 'mediation.mediators' }]);
    } finally {
      await owner.destroy();
    }
  });
});
