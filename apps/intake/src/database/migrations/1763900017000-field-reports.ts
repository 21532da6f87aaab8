import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Field reports (随手拍 / 事件上报): one row per report, in the grid whose boundary held its position,
 * with its settlement, the case it became or its rejection. `org_path` is the grid's path: row-level
 * security (forced) reads it with the reporter through `intake.may_see`, the cases' policy — a staff
 * member's scope sees their subtree, a resident's only the reports they filed.
 */
export class FieldReports1763900017000 implements MigrationInterface {
  name = 'FieldReports1763900017000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE intake.field_reports (
      id uuid PRIMARY KEY,
      kind text NOT NULL,
      category text NOT NULL,
      text text NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'settled', 'sent', 'rejected')),
      grid_code text NOT NULL REFERENCES intake.org_units(code),
      org_path text NOT NULL,
      lng double precision NOT NULL,
      lat double precision NOT NULL,
      accuracy double precision,
      address text,
      attachment_ids uuid[] NOT NULL DEFAULT '{}',
      reporter_id text NOT NULL,
      reporter_username text NOT NULL,
      reporter_name text NOT NULL,
      reporter_role text NOT NULL CHECK (reporter_role IN ('grid-worker', 'resident')),
      request_key text,
      created_at timestamptz NOT NULL,
      settled_by text,
      settled_at timestamptz,
      settlement_result text,
      settlement_attachment_ids uuid[],
      sending_by text,
      send_note text,
      case_id uuid,
      sent_at timestamptz,
      rejected_by text,
      rejected_at timestamptz,
      rejection_reason text
    )`);
    await q.query(`CREATE UNIQUE INDEX field_reports_request_key ON intake.field_reports (reporter_id, request_key) WHERE request_key IS NOT NULL`);
    await q.query(`CREATE INDEX field_reports_org_path ON intake.field_reports (org_path text_pattern_ops, created_at DESC)`);
    await q.query(`CREATE INDEX field_reports_reporter ON intake.field_reports (reporter_id, created_at DESC)`);
    await q.query(`ALTER TABLE intake.field_reports ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE intake.field_reports FORCE ROW LEVEL SECURITY`);
    await q.query(
      `CREATE POLICY field_reports_jurisdiction ON intake.field_reports USING (intake.may_see(org_path, reporter_id)) WITH CHECK (intake.may_see(org_path, reporter_id))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake.field_reports`);
  }
}
