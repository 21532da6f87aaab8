import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row-level security on the case tables, forced (the table owner is bound too), so a query
 * that forgets its jurisdiction filter still cannot leak another township's cases.
 * Each transaction says whose eyes it reads with (see database/jurisdiction-scope.ts):
 *   fq.scope = '/621100/621102/'  a staff member's org path: that subtree only
 *   fq.scope = ''                 a resident: only cases they registered (fq.user)
 *   fq.scope = '*'                the service itself (activities, migrations)
 */
export class CasesRowLevelSecurity1763900002000 implements MigrationInterface {
  name = 'CasesRowLevelSecurity1763900002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SELECT set_config('fq.scope', '*', true)`);
    // The org path travels with the case so the policy needs no join.
    await q.query(`ALTER TABLE intake.cases ADD COLUMN org_path text`);
    await q.query(`UPDATE intake.cases c SET org_path = u.path FROM intake.org_units u WHERE u.code = c.org_unit`);
    await q.query(`ALTER TABLE intake.cases ALTER COLUMN org_path SET NOT NULL`);
    await q.query(`CREATE INDEX cases_org_path ON intake.cases (org_path text_pattern_ops)`);

    await q.query(`CREATE FUNCTION intake.may_see(org_path text, registered_by text) RETURNS boolean
      LANGUAGE sql STABLE AS $$
        SELECT CASE coalesce(current_setting('fq.scope', true), '')
          WHEN '*' THEN true
          WHEN '' THEN registered_by = current_setting('fq.user', true)
          ELSE starts_with(org_path, current_setting('fq.scope', true))
        END
      $$`);
    await q.query(`ALTER TABLE intake.cases ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE intake.cases FORCE ROW LEVEL SECURITY`);
    await q.query(
      `CREATE POLICY cases_jurisdiction ON intake.cases USING (intake.may_see(org_path, registered_by)) WITH CHECK (intake.may_see(org_path, registered_by))`,
    );
    for (const t of ['case_parties', 'case_timeline']) {
      await q.query(`ALTER TABLE intake.${t} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE intake.${t} FORCE ROW LEVEL SECURITY`);
      // Visible exactly when its case is (the subquery is itself filtered by the cases policy).
      await q.query(`CREATE POLICY ${t}_jurisdiction ON intake.${t}
        USING (EXISTS (SELECT 1 FROM intake.cases c WHERE c.id = case_id))
        WITH CHECK (EXISTS (SELECT 1 FROM intake.cases c WHERE c.id = case_id))`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['case_parties', 'case_timeline']) {
      await q.query(`DROP POLICY ${t}_jurisdiction ON intake.${t}`);
      await q.query(`ALTER TABLE intake.${t} NO FORCE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE intake.${t} DISABLE ROW LEVEL SECURITY`);
    }
    await q.query(`DROP POLICY cases_jurisdiction ON intake.cases`);
    await q.query(`ALTER TABLE intake.cases NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE intake.cases DISABLE ROW LEVEL SECURITY`);
    await q.query(`DROP FUNCTION intake.may_see(text, text)`);
    await q.query(`DROP INDEX intake.cases_org_path`);
    await q.query(`ALTER TABLE intake.cases DROP COLUMN org_path`);
  }
}
