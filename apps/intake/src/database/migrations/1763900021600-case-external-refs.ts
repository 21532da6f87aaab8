import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case's reference in the system that sent it (a 12345 hotline's work order number): unique per
 * system, so a repeated push of the same order finds the case it became instead of a second one.
 */
export class CaseExternalRefs1763900021600 implements MigrationInterface {
  name = 'CaseExternalRefs1763900021600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake.cases ADD COLUMN external_system text, ADD COLUMN external_ref text`);
    await q.query(`ALTER TABLE intake.cases ADD CONSTRAINT cases_external_ref_whole CHECK ((external_system IS NULL) = (external_ref IS NULL))`);
    await q.query(`CREATE UNIQUE INDEX cases_external_ref ON intake.cases (external_system, external_ref) WHERE external_ref IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX intake.cases_external_ref`);
    await q.query(`ALTER TABLE intake.cases DROP CONSTRAINT cases_external_ref_whole, DROP COLUMN external_system, DROP COLUMN external_ref`);
  }
}
