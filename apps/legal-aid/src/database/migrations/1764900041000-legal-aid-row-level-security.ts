import type { MigrationInterface, QueryRunner } from 'typeorm';

const CASE_TABLES = ['steps', 'assignments', 'documents'];

/**
 * Row-level security on the case tables, forced (the owner is bound too), as petitions does: a
 * query that forgets its jurisdiction check still cannot show another township's legal-aid cases.
 * Each transaction says whose eyes it reads with (libs/persistence row-scope.ts):
 *   fq.scope = '/621100/621102/'  a staff member's org path: that subtree only
 *   fq.scope = '*'                the service itself (activities, the roster, the org-tree feed)
 *   unset or ''                   nothing
 * The roster, the standards and the tree are not case data: the service filters them by the rule.
 */
export class LegalAidRowLevelSecurity1764900041000 implements MigrationInterface {
  name = 'LegalAidRowLevelSecurity1764900041000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION legal_aid.may_see(org_path text) RETURNS boolean
      LANGUAGE sql STABLE AS $$
        SELECT CASE coalesce(current_setting('fq.scope', true), '')
          WHEN '*' THEN true
          WHEN '' THEN false
          ELSE org_path IS NOT NULL AND starts_with(org_path, current_setting('fq.scope', true))
        END
      $$`);
    await q.query(`ALTER TABLE legal_aid.applications ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE legal_aid.applications FORCE ROW LEVEL SECURITY`);
    await q.query(
      `CREATE POLICY applications_jurisdiction ON legal_aid.applications USING (legal_aid.may_see(org_path)) WITH CHECK (legal_aid.may_see(org_path))`,
    );
    for (const t of CASE_TABLES) {
      await q.query(`ALTER TABLE legal_aid.${t} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE legal_aid.${t} FORCE ROW LEVEL SECURITY`);
      // Visible exactly when its case is (the subquery is itself filtered by the applications policy).
      await q.query(`CREATE POLICY ${t}_jurisdiction ON legal_aid.${t}
        USING (EXISTS (SELECT 1 FROM legal_aid.applications a WHERE a.case_id = ${t}.case_id))
        WITH CHECK (EXISTS (SELECT 1 FROM legal_aid.applications a WHERE a.case_id = ${t}.case_id))`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of CASE_TABLES) {
      await q.query(`DROP POLICY ${t}_jurisdiction ON legal_aid.${t}`);
      await q.query(`ALTER TABLE legal_aid.${t} NO FORCE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE legal_aid.${t} DISABLE ROW LEVEL SECURITY`);
    }
    await q.query(`DROP POLICY applications_jurisdiction ON legal_aid.applications`);
    await q.query(`ALTER TABLE legal_aid.applications NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE legal_aid.applications DISABLE ROW LEVEL SECURITY`);
    await q.query(`DROP FUNCTION legal_aid.may_see(text)`);
  }
}
