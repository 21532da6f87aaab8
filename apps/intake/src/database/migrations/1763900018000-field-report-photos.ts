import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A field report's photos on the case it became: when a report is sent, its stored attachments are given to
 * the case as records of their own (the case's jurisdiction, the same stored object). `source_id` names the
 * attachment a record was copied from; one copy per source and subject, so a repeated send adds nothing.
 */
export class FieldReportPhotos1763900018000 implements MigrationInterface {
  name = 'FieldReportPhotos1763900018000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake.attachments ADD COLUMN source_id uuid`);
    await q.query(`CREATE UNIQUE INDEX attachments_source ON intake.attachments (subject_kind, subject_id, source_id) WHERE source_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX intake.attachments_source`);
    await q.query(`ALTER TABLE intake.attachments DROP COLUMN source_id`);
  }
}
