import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Links between cases (the person file, 一人一档): a clerk links a case to another of the same person
 * (no ID number to find it by) or of the same matter brought through another channel. A removed
 * link stays, with who removed it and why: the file's history is never rewritten. A merge is a link
 * of relation `merged` from the case that stops to the case that is handled.
 */
export class CaseLinks1763900009000 implements MigrationInterface {
  name = 'CaseLinks1763900009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE intake.case_links (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES intake.cases(id),
        linked_case_id uuid NOT NULL REFERENCES intake.cases(id),
        relation text NOT NULL CHECK (relation IN ('same-person', 'same-matter', 'merged')),
        reason text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        removed_by text,
        removed_at timestamptz,
        removed_reason text,
        CHECK (case_id <> linked_case_id)
      )`);
    // One live link per pair and relation, whichever way round it was made.
    await q.query(`
      CREATE UNIQUE INDEX case_links_live_pair ON intake.case_links
        (LEAST(case_id, linked_case_id), GREATEST(case_id, linked_case_id), relation) WHERE removed_at IS NULL`);
    // A merged case (the same matter through another channel) points at the case that is handled; a leader undoes it.
    await q.query(`ALTER TABLE intake.cases ADD COLUMN merged_into uuid REFERENCES intake.cases(id)`);
    await q.query(`CREATE INDEX case_links_linked ON intake.case_links (linked_case_id)`);
    await q.query(`CREATE INDEX case_links_case ON intake.case_links (case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake.cases DROP COLUMN merged_into`);
    await q.query(`DROP TABLE intake.case_links`);
  }
}
