import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The key-person figures (docs/metrics.md, "Key persons") from the key-persons service's events
 * (ids, units, categories, levels and times only — nothing here names a person): who is on the
 * register, their risk changes, each obligation of a supervision run with its due time and when it
 * was met, and the warnings raised on it. Every row is keyed by what identifies it in the events, so
 * a repeat changes nothing and events may arrive in any order.
 */
export class KeyPersonFigures1763900100000 implements MigrationInterface {
  name = 'KeyPersonFigures1763900100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE insights.key_persons (
        person_id text PRIMARY KEY,
        org_unit text NOT NULL,
        org_path text,
        category text,
        -- The level at registration; later levels are in key_person_risk_changes.
        risk_level text,
        registered_at timestamptz,
        removed_at timestamptz
      )`);
    await q.query(`CREATE INDEX key_persons_unit_idx ON insights.key_persons (org_unit)`);
    await q.query(`
      CREATE TABLE insights.key_person_risk_changes (
        person_id text NOT NULL,
        at timestamptz NOT NULL,
        from_level text NOT NULL,
        to_level text NOT NULL,
        PRIMARY KEY (person_id, at, to_level)
      )`);
    await q.query(`
      CREATE TABLE insights.key_person_obligations (
        person_id text NOT NULL,
        key text NOT NULL,
        due_at timestamptz NOT NULL,
        org_unit text NOT NULL,
        obligation text NOT NULL,
        -- When the run set this due time (the planning event's time; a met or warning event seen first stands in).
        planned_at timestamptz NOT NULL,
        planned_seen boolean NOT NULL DEFAULT false,
        met_at timestamptz,
        on_time boolean,
        -- A re-plan replaced it while open: when the next due time of the same key was set.
        superseded_at timestamptz,
        superseded boolean GENERATED ALWAYS AS (superseded_at IS NOT NULL) STORED,
        period_id text,
        day text,
        PRIMARY KEY (person_id, key, due_at)
      )`);
    await q.query(`CREATE INDEX key_person_obligations_due_idx ON insights.key_person_obligations (obligation, due_at)`);
    await q.query(`CREATE INDEX key_person_obligations_unit_idx ON insights.key_person_obligations (org_unit)`);
    await q.query(`
      CREATE TABLE insights.key_person_warnings (
        person_id text NOT NULL,
        key text NOT NULL,
        due_at timestamptz NOT NULL,
        colour text NOT NULL CHECK (colour IN ('yellow', 'red')),
        at timestamptz NOT NULL,
        org_unit text NOT NULL,
        PRIMARY KEY (person_id, key, due_at, colour)
      )`);
    await q.query(`CREATE INDEX key_person_warnings_unit_idx ON insights.key_person_warnings (org_unit)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE insights.key_person_warnings`);
    await q.query(`DROP TABLE insights.key_person_obligations`);
    await q.query(`DROP TABLE insights.key_person_risk_changes`);
    await q.query(`DROP TABLE insights.key_persons`);
  }
}
