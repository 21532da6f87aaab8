import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Display names of the demo tree (docs/demo-county.md); a deployment updates or adds its own. */
const UNIT_NAMES: Array<[string, string]> = [
  ['621100', '定西市'],
  ['621102', '安定区'],
  ['621102101', '巉口镇'],
  ['621102102', '内官营镇'],
  ['621102101201', '东川村'],
  ['621102101202', '巉口村'],
  ['621102102201', '锦屏村'],
];

/** The categories of docs/demo-county.md with their Chinese names (intake's reference data). */
const CATEGORY_NAMES: Array<[string, string]> = [
  ['marriage-family', '婚姻家庭'],
  ['neighbour', '邻里纠纷'],
  ['labour', '劳动争议'],
  ['land', '土地纠纷'],
  ['property', '物业纠纷'],
  ['medical', '医疗纠纷'],
  ['traffic', '交通事故'],
  ['consumer', '消费维权'],
  ['other', '其他'],
];

/**
 * The monthly situation report: one row per (month, org unit) with its figures and rendered
 * XLSX and PDF (a few dozen kB each), and the names a report prints (events carry only codes).
 */
export class CreateMonthlyReports1763900040000 implements MigrationInterface {
  name = 'CreateMonthlyReports1763900040000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE insights.monthly_reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        org_unit text NOT NULL,
        org_path text NOT NULL,
        org_unit_name text NOT NULL,
        level text NOT NULL,
        figures jsonb NOT NULL,
        xlsx bytea NOT NULL,
        pdf bytea NOT NULL,
        workflow_id text,
        generated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT monthly_reports_month_unit_key UNIQUE (month, org_unit)
      )`);
    await q.query(`CREATE INDEX monthly_reports_path_idx ON insights.monthly_reports (org_path text_pattern_ops, month)`);
    await q.query(`CREATE TABLE insights.report_unit_names (code text PRIMARY KEY, name text NOT NULL)`);
    await q.query(`CREATE TABLE insights.report_category_names (code text PRIMARY KEY, name text NOT NULL)`);
    for (const [code, name] of UNIT_NAMES) await q.query(`INSERT INTO insights.report_unit_names (code, name) VALUES ($1, $2)`, [code, name]);
    for (const [code, name] of CATEGORY_NAMES) await q.query(`INSERT INTO insights.report_category_names (code, name) VALUES ($1, $2)`, [code, name]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE insights.report_category_names`);
    await q.query(`DROP TABLE insights.report_unit_names`);
    await q.query(`DROP TABLE insights.monthly_reports`);
  }
}
