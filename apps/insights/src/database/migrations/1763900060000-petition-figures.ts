import type { MigrationInterface, QueryRunner } from 'typeorm';

const FACT_COLUMNS = [
  'petition_decision_seq integer',
  'petition_decision_on_time boolean',
  'petition_objected_seq integer',
  'petition_acceptance_red_seq integer',
  'petition_reply_seq integer',
  'petition_reply_on_time boolean',
  'petition_handling_red_seq integer',
  'petition_review_requested boolean NOT NULL DEFAULT false',
];

const ROLLUP_COLUMNS = [
  'petition_acceptance_due',
  'petition_accepted_timely',
  'petition_replied',
  'petition_replied_on_time',
  'petition_replied_rated',
  'petition_replied_reviewed',
];

/**
 * The petition figures (docs/metrics.md): what a petition's own steps say about its timeliness,
 * per case, and their additive counts in the rollups. Events projected before this migration have
 * no petition facts: `rebuild.js` replays the stream to fill them.
 */
export class PetitionFigures1763900060000 implements MigrationInterface {
  name = 'PetitionFigures1763900060000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE insights.case_facts ${FACT_COLUMNS.map((c) => `ADD COLUMN ${c}`).join(', ')}`);
    await q.query(`ALTER TABLE insights.rollups ${ROLLUP_COLUMNS.map((c) => `ADD COLUMN ${c} integer NOT NULL DEFAULT 0`).join(', ')}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE insights.rollups ${ROLLUP_COLUMNS.map((c) => `DROP COLUMN ${c}`).join(', ')}`);
    await q.query(`ALTER TABLE insights.case_facts ${FACT_COLUMNS.map((c) => `DROP COLUMN ${c.split(' ')[0]}`).join(', ')}`);
  }
}
