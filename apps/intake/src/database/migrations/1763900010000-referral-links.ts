import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case link of relation `referred`: a legal-aid application a mediator or petition officer referred
 * from their case points at that case (legal aid tells it back when the matter goes to court).
 */
export class ReferralLinks1763900010000 implements MigrationInterface {
  name = 'ReferralLinks1763900010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake.case_links DROP CONSTRAINT case_links_relation_check`);
    await q.query(
      `ALTER TABLE intake.case_links ADD CONSTRAINT case_links_relation_check CHECK (relation IN ('same-person', 'same-matter', 'merged', 'referred'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM intake.case_links WHERE relation = 'referred'`);
    await q.query(`ALTER TABLE intake.case_links DROP CONSTRAINT case_links_relation_check`);
    await q.query(`ALTER TABLE intake.case_links ADD CONSTRAINT case_links_relation_check CHECK (relation IN ('same-person', 'same-matter', 'merged'))`);
  }
}
