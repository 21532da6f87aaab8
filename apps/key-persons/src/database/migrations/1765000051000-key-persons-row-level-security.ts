import type { MigrationInterface, QueryRunner } from 'typeorm';

const CHILDREN = ['responsible', 'risk_changes', 'measures', 'contacts', 'assessments', 'summaries', 'removals', 'daily_reports', 'obligations', 'warnings'];
const BY_PATH = ['persons', 'special_periods', 'exports'];

/**
 * Row-level security on the register, forced (the owner is bound too), as petitions do: a query
 * that forgets its need-to-know check still cannot show another township's persons.
 *   fq.scope = '/621100/621102/'  a staff member's org path: that subtree only
 *   fq.scope = '*'                the service itself (activities, responsible persons' own lists, the feed)
 *   unset or ''                   nothing
 */
export class KeyPersonsRowLevelSecurity1765000051000 implements MigrationInterface {
  name = 'KeyPersonsRowLevelSecurity1765000051000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION key_persons.may_see(org_path text) RETURNS boolean
      LANGUAGE sql STABLE AS $$
        SELECT CASE coalesce(current_setting('fq.scope', true), '')
          WHEN '*' THEN true
          WHEN '' THEN false
          ELSE org_path IS NOT NULL AND starts_with(org_path, current_setting('fq.scope', true))
        END
      $$`);
    for (const t of BY_PATH) {
      await q.query(`ALTER TABLE key_persons.${t} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE key_persons.${t} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${t}_jurisdiction ON key_persons.${t} USING (key_persons.may_see(org_path)) WITH CHECK (key_persons.may_see(org_path))`);
    }
    for (const t of CHILDREN) {
      await q.query(`ALTER TABLE key_persons.${t} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE key_persons.${t} FORCE ROW LEVEL SECURITY`);
      // Visible exactly when its person is (the subquery is itself filtered by the persons policy).
      await q.query(`CREATE POLICY ${t}_jurisdiction ON key_persons.${t}
        USING (EXISTS (SELECT 1 FROM key_persons.persons p WHERE p.id = ${t}.person_id))
        WITH CHECK (EXISTS (SELECT 1 FROM key_persons.persons p WHERE p.id = ${t}.person_id))`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [...CHILDREN, ...BY_PATH]) {
      await q.query(`DROP POLICY ${t}_jurisdiction ON key_persons.${t}`);
      await q.query(`ALTER TABLE key_persons.${t} NO FORCE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE key_persons.${t} DISABLE ROW LEVEL SECURITY`);
    }
    await q.query(`DROP FUNCTION key_persons.may_see(text)`);
  }
}
