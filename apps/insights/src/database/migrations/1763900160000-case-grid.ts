import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The grid a case's location names (`location.gridCode`, carried by `case.registered` from now on), so
 * the map counts cases by grid. A rebuild (`rebuild.js`) fills it from the stream; registrations from
 * before this version did not carry it: null (such cases count in their unit only).
 */
export class CaseGrid1763900160000 implements MigrationInterface {
  name = 'CaseGrid1763900160000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE insights.case_facts ADD COLUMN grid_code text`);
    await q.query(`CREATE INDEX case_facts_grid_idx ON insights.case_facts (grid_code) WHERE grid_code IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX insights.case_facts_grid_idx`);
    await q.query(`ALTER TABLE insights.case_facts DROP COLUMN grid_code`);
  }
}
