import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createServiceDataSource, grantServiceAccess, migrate } from '@fengqiao/persistence';
import { createTestContext, type TestContext } from '@fengqiao/testing';
import { CaseEntity } from '../src/cases/case.entity';
import { intakeEntities } from '../src/database/intake.entities';
import { intakeMigrations } from '../src/database/intake.migrations';
import { inScope } from '../src/database/jurisdiction-scope';
import { seedReferenceData } from '../src/database/seeds/demo-county.seed';

let ctx: TestContext;
let ds: DataSource;
/** The database as the apps see it: logged in as the app role. */
let appDs: DataSource;

const CHANKOU = '/621100/621102/621102101/';
const NEIGUANYING = '/621100/621102/621102102/';
const DISTRICT = '/621100/621102/';

async function insertCase(orgUnit: string, orgPath: string, registeredBy = 'clerk') {
  const id = randomUUID();
  await inScope(ds, { kind: 'system' }, (m) =>
    m.insert(CaseEntity, {
      id,
      caseNo: `${orgUnit}-2026-${id.slice(0, 6)}`,
      kind: 'dispute',
      category: 'neighbour',
      severity: 'ordinary',
      channel: 'walk-in',
      title: 't',
      description: 'd',
      status: 'first-contact',
      outcome: null,
      warning: 'green',
      orgUnit,
      orgPath,
      assignee: null,
      firstReplyDue: null,
      mediationDue: null,
      jointHandlingDue: null,
      deadlinesProvisional: false,
      occurredAt: null,
      location: null,
      workflowId: `dispute-${id}`,
      registeredBy,
      createdAt: new Date(),
      updatedAt: new Date(),
    }),
  );
  return id;
}

/** What a query with NO jurisdiction filter returns under a scope: what a forgotten WHERE would leak. */
const unfiltered = (scope: Parameters<typeof inScope>[1]) =>
  inScope(ds, scope, async (m) => (await m.query('SELECT org_unit, registered_by FROM intake.cases')) as Array<{ org_unit: string; registered_by: string }>);

beforeAll(async () => {
  ctx = await createTestContext('rls');
  ds = createServiceDataSource({ url: ctx.databaseUrl, schema: 'intake', entities: intakeEntities, migrations: intakeMigrations, poolSize: 4 });
  await migrate(ds, 'intake');
  await seedReferenceData(ds, true);
  expect(await grantServiceAccess(ds, 'intake', 'fengqiao_app')).toBe(true);
  appDs = await createServiceDataSource({ url: ctx.appDatabaseUrl, schema: 'intake', entities: intakeEntities, migrations: [], poolSize: 4 }).initialize();
  await insertCase('621102101', CHANKOU);
  await insertCase('621102101201', `${CHANKOU}621102101201/`);
  await insertCase('621102102', NEIGUANYING, 'resident-1');
}, 60_000);

afterAll(async () => {
  await appDs?.destroy();
  await ds?.destroy();
  await ctx?.dispose();
});

describe('row-level security on intake.cases (forced, so the owning role is bound too)', () => {
  it('shows a township only its own subtree, even to a query without WHERE', async () => {
    expect((await unfiltered({ kind: 'org', path: CHANKOU })).map((r) => r.org_unit).sort()).toEqual(['621102101', '621102101201']);
    expect((await unfiltered({ kind: 'org', path: NEIGUANYING })).map((r) => r.org_unit)).toEqual(['621102102']);
  });

  it('shows the district both townships, and a resident only what they registered', async () => {
    expect(await unfiltered({ kind: 'org', path: DISTRICT })).toHaveLength(3);
    expect(await unfiltered({ kind: 'resident', userId: 'resident-1' })).toEqual([{ org_unit: '621102102', registered_by: 'resident-1' }]);
  });

  it('shows nothing to a connection that set no scope at all', async () => {
    const rows = await ds.transaction((m) => m.query('SELECT count(*)::int AS n FROM intake.cases'));
    expect(rows).toEqual([{ n: 0 }]);
  });

  it("refuses to write a case outside the writer's subtree", async () => {
    await expect(
      inScope(ds, { kind: 'org', path: NEIGUANYING }, (m) => m.query(`UPDATE intake.cases SET org_path = $1 WHERE org_unit = '621102102'`, [CHANKOU])),
    ).rejects.toThrow(/row-level security/);
  });

  it('does not carry a scope over to the next transaction on a pooled connection', async () => {
    for (let i = 0; i < 20; i++) {
      const scope = i % 2 ? { kind: 'org' as const, path: CHANKOU } : { kind: 'org' as const, path: NEIGUANYING };
      const rows = await unfiltered(scope);
      expect(rows.every((r) => (i % 2 ? r.org_unit.startsWith('621102101') : r.org_unit === '621102102'))).toBe(true);
    }
    expect(await ds.transaction((m) => m.query('SELECT count(*)::int AS n FROM intake.cases'))).toEqual([{ n: 0 }]);
  });
});

describe("the apps' database role", () => {
  it('is neither superuser nor owner of the case tables', async () => {
    const [me] = (await appDs.query(
      `SELECT r.rolsuper, r.rolcreaterole, pg_has_role(current_user, t.tableowner, 'MEMBER') AS owns
         FROM pg_roles r, pg_tables t WHERE r.rolname = current_user AND t.schemaname = 'intake' AND t.tablename = 'cases'`,
    )) as Array<{ rolsuper: boolean; rolcreaterole: boolean; owns: boolean }>;
    expect(me).toEqual({ rolsuper: false, rolcreaterole: false, owns: false });
  });

  it('is bound by row-level security and cannot switch it off', async () => {
    const seen = await inScope(appDs, { kind: 'org', path: NEIGUANYING }, (m) => m.query('SELECT org_unit FROM intake.cases'));
    expect(seen).toEqual([{ org_unit: '621102102' }]);
    await expect(appDs.query('ALTER TABLE intake.cases DISABLE ROW LEVEL SECURITY')).rejects.toThrow(/must be owner/);
    await expect(appDs.query('SELECT * FROM intake.migrations')).rejects.toThrow(/permission denied/);
  });
});
