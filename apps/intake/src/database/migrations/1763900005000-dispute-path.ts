import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the dispute path writes: the routing a case got, its running clocks, the actions that
 * fit it now, its mediator and joint-handling parts; transition sequence numbers (a retried
 * activity writes nothing twice); and supervision items (督办), under the same row-level security.
 */
export class DisputePath1763900005000 implements MigrationInterface {
  name = 'DisputePath1763900005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SELECT set_config('fq.scope', '*', true)`);
    await q.query(`ALTER TABLE intake.cases
      ADD COLUMN rule_version int,
      ADD COLUMN tier text,
      ADD COLUMN team text,
      ADD COLUMN clocks jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN allowed_actions jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN mediator jsonb,
      ADD COLUMN joint jsonb,
      ADD COLUMN rating int CHECK (rating BETWEEN 1 AND 5),
      ADD COLUMN last_seq int NOT NULL DEFAULT 0`);
    await q.query(`CREATE INDEX cases_status_warning ON intake.cases (status, warning)`);
    await q.query(`ALTER TABLE intake.case_timeline ADD COLUMN seq int`);
    await q.query(`CREATE UNIQUE INDEX case_timeline_case_seq ON intake.case_timeline (case_id, seq) WHERE seq IS NOT NULL`);

    await q.query(`CREATE TABLE intake.supervision_items (
      id bigserial PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES intake.cases(id) ON DELETE CASCADE,
      case_no text NOT NULL,
      clock_id text NOT NULL,
      org_unit text NOT NULL REFERENCES intake.org_units(code),
      org_path text NOT NULL,
      addressed_to text NOT NULL DEFAULT 'leader',
      reason text NOT NULL,
      due timestamptz NOT NULL,
      opened_at timestamptz NOT NULL,
      closed_at timestamptz,
      UNIQUE (case_id, clock_id, opened_at)
    )`);
    await q.query(`CREATE INDEX supervision_open ON intake.supervision_items (org_path text_pattern_ops) WHERE closed_at IS NULL`);
    await q.query(`ALTER TABLE intake.supervision_items ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE intake.supervision_items FORCE ROW LEVEL SECURITY`);
    // A leader sees the items of their subtree (the item's own unit, e.g. the city for a city department's part).
    await q.query(`CREATE POLICY supervision_jurisdiction ON intake.supervision_items
      USING (CASE coalesce(current_setting('fq.scope', true), '') WHEN '*' THEN true WHEN '' THEN false ELSE starts_with(org_path, current_setting('fq.scope', true)) END)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake.supervision_items`);
    await q.query(`DROP INDEX intake.case_timeline_case_seq`);
    await q.query(`ALTER TABLE intake.case_timeline DROP COLUMN seq`);
    await q.query(`DROP INDEX intake.cases_status_warning`);
    await q.query(`ALTER TABLE intake.cases DROP COLUMN rule_version, DROP COLUMN tier, DROP COLUMN team, DROP COLUMN clocks,
      DROP COLUMN allowed_actions, DROP COLUMN mediator, DROP COLUMN joint, DROP COLUMN rating, DROP COLUMN last_seq`);
  }
}
