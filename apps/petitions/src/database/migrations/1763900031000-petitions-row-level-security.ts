import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row-level security on the petition tables, forced (the owner is bound too), so a query that
 * forgets its jurisdiction check still cannot show another township's petitions. Each transaction
 * says whose eyes it reads with (libs/persistence row-scope.ts), as intake's case tables do:
 *   fq.scope = '/621100/621102/'  a staff member's org path: that subtree only
 *   fq.scope = '*'                the service itself (activities, the org-tree feed, migrations)
 *   unset or ''                   nothing
 */
export class PetitionsRowLevelSecurity1763900031000 implements MigrationInterface {
  name = 'PetitionsRowLevelSecurity1763900031000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SELECT set_config('fq.scope', '*', true)`);
    // The unit's path travels with the petition so the policy needs no join to the tree.
    await q.query(`ALTER TABLE petitions.petitions ADD COLUMN org_path text`);
    await q.query(`UPDATE petitions.petitions p SET org_path = u.path FROM petitions.org_units u WHERE u.code = p.org_unit`);
    await q.query(`CREATE INDEX petitions_org_path ON petitions.petitions (org_path text_pattern_ops)`);
    await q.query(`CREATE FUNCTION petitions.may_see(org_path text) RETURNS boolean
      LANGUAGE sql STABLE AS $$
        SELECT CASE coalesce(current_setting('fq.scope', true), '')
          WHEN '*' THEN true
          WHEN '' THEN false
          ELSE org_path IS NOT NULL AND starts_with(org_path, current_setting('fq.scope', true))
        END
      $$`);
    await q.query(`ALTER TABLE petitions.petitions ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE petitions.petitions FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY petitions_jurisdiction ON petitions.petitions USING (petitions.may_see(org_path)) WITH CHECK (petitions.may_see(org_path))`);
    for (const t of ['steps', 'documents']) {
      await q.query(`ALTER TABLE petitions.${t} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE petitions.${t} FORCE ROW LEVEL SECURITY`);
      // Visible exactly when its petition is (the subquery is itself filtered by the petitions policy).
      await q.query(`CREATE POLICY ${t}_jurisdiction ON petitions.${t}
        USING (EXISTS (SELECT 1 FROM petitions.petitions p WHERE p.case_id = ${t}.case_id))
        WITH CHECK (EXISTS (SELECT 1 FROM petitions.petitions p WHERE p.case_id = ${t}.case_id))`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['steps', 'documents']) {
      await q.query(`DROP POLICY ${t}_jurisdiction ON petitions.${t}`);
      await q.query(`ALTER TABLE petitions.${t} NO FORCE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE petitions.${t} DISABLE ROW LEVEL SECURITY`);
    }
    await q.query(`DROP POLICY petitions_jurisdiction ON petitions.petitions`);
    await q.query(`ALTER TABLE petitions.petitions NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE petitions.petitions DISABLE ROW LEVEL SECURITY`);
    await q.query(`DROP FUNCTION petitions.may_see(text)`);
    await q.query(`DROP INDEX petitions.petitions_org_path`);
    await q.query(`ALTER TABLE petitions.petitions DROP COLUMN org_path`);
  }
}
