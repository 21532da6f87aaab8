import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The grid a case's location names (`location.gridCode`, carried by `case.registered` from now on), so
 * the map counts a village's cases by grid. Cases registered before are filled by a rebuild
 * (`node dist/apps/insights/rebuild.js`) from their events; those events did not carry it: null.
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
