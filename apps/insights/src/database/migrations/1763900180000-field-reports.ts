import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Field reports by grid (docs/metrics.md "Field reports") from intake's field-report events: one row per
 * report with its grid's path, kind, category and current status, who filed it and who handled it on which
 * China day (the activity rate counts both), and whether a resident's report was verified. Keyed by the
 * report, so a repeated event changes nothing.
 */
export class FieldReports1763900180000 implements MigrationInterface {
  name = 'FieldReports1763900180000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE insights.field_reports (
      report_id uuid PRIMARY KEY,
      grid_code text NOT NULL,
      path text NOT NULL,
      kind text NOT NULL,
      category text NOT NULL,
      status text NOT NULL,
      reporter_username text NOT NULL,
      reporter_role text NOT NULL,
      recorded_at timestamptz,
      recorded_day date,
      handled_by text,
      handled_day date,
      verified boolean NOT NULL DEFAULT false
    )`);
    await q.query(`CREATE INDEX field_reports_path ON insights.field_reports (path text_pattern_ops, recorded_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE insights.field_reports`);
  }
}
