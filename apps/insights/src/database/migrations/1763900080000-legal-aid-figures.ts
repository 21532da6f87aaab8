import type { MigrationInterface, QueryRunner } from 'typeorm';

const FACT_COLUMNS = [
  'legal_aid_applied_seq integer',
  'legal_aid_applied_at timestamptz',
  'legal_aid_notified_seq integer',
  'legal_aid_notified_at timestamptz',
  'legal_aid_decision_seq integer',
  'legal_aid_decision_at timestamptz',
  'legal_aid_granted boolean',
  'legal_aid_materials_requested_seq integer',
  'legal_aid_materials_requested_at timestamptz',
  'legal_aid_materials_supplied_seq integer',
  'legal_aid_materials_supplied_at timestamptz',
  'legal_aid_assigned_seq integer',
  'legal_aid_assigned_at timestamptz',
  'legal_aid_assigned_on_time boolean',
  'legal_aid_corrected_seq integer',
  'legal_aid_corrected_at timestamptz',
  'legal_aid_withdrawn boolean NOT NULL DEFAULT false',
  'legal_aid_terminated boolean NOT NULL DEFAULT false',
  "legal_aid_objected_seqs integer[] NOT NULL DEFAULT '{}'",
];

const ROLLUP_COLUMNS = [
  'legal_aid_applications integer',
  'legal_aid_notifications integer',
  'legal_aid_granted integer',
  'legal_aid_refused integer',
  'legal_aid_decision_timed integer',
  // Milliseconds summed over a county's decisions outgrow an integer.
  'legal_aid_decision_ms_sum bigint',
  'legal_aid_assigned integer',
  'legal_aid_assigned_on_time integer',
  'legal_aid_withdrawn integer',
  'legal_aid_terminated integer',
  'legal_aid_objections integer',
  'legal_aid_under_review integer',
  'legal_aid_awaiting_materials integer',
];

/**
 * The legal-aid figures (docs/metrics.md, "Legal aid"): what a legal-aid case's own steps say about
 * its application, decision and assignment, per case, and their additive counts in the rollups.
 * Events projected before this migration have no legal-aid facts: `rebuild.js` replays the stream.
 */
export class LegalAidFigures1763900080000 implements MigrationInterface {
  name = 'LegalAidFigures1763900080000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE insights.case_facts ${FACT_COLUMNS.map((c) => `ADD COLUMN ${c}`).join(', ')}`);
    await q.query(`ALTER TABLE insights.rollups ${ROLLUP_COLUMNS.map((c) => `ADD COLUMN ${c} NOT NULL DEFAULT 0`).join(', ')}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE insights.rollups ${ROLLUP_COLUMNS.map((c) => `DROP COLUMN ${c.split(' ')[0]}`).join(', ')}`);
    await q.query(`ALTER TABLE insights.case_facts ${FACT_COLUMNS.map((c) => `DROP COLUMN ${c.split(' ')[0]}`).join(', ')}`);
  }
}
