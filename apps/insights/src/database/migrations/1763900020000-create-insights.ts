import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read model: per-case facts (what the metrics need), rollups by org unit, kind, category
 * and China-time registration day (what queries read), the org units' materialised paths as
 * the events carry them, and the ids of events already applied (at-least-once delivery).
 */
export class CreateInsights1763900020000 implements MigrationInterface {
  name = 'CreateInsights1763900020000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS insights`);
    await q.query(`
      CREATE TABLE insights.org_units (
        code text PRIMARY KEY,
        path text NOT NULL
      )`);
    await q.query(`CREATE INDEX org_units_path_idx ON insights.org_units (path text_pattern_ops)`);
    await q.query(`
      CREATE TABLE insights.processed_events (
        event_id text PRIMARY KEY,
        case_id uuid,
        processed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE insights.case_facts (
        case_id uuid PRIMARY KEY,
        org_unit text NOT NULL,
        org_path text NOT NULL,
        kind text NOT NULL,
        category text NOT NULL,
        registered_at timestamptz,
        last_seq integer NOT NULL DEFAULT 0,
        status text NOT NULL DEFAULT 'registered',
        outcome text,
        warning text NOT NULL DEFAULT 'green',
        resolved_at_first_contact boolean NOT NULL DEFAULT false,
        mediated boolean NOT NULL DEFAULT false,
        ever_overdue boolean NOT NULL DEFAULT false,
        first_reply_at timestamptz,
        rating smallint,
        ratings integer NOT NULL DEFAULT 0,
        ratings_satisfied integer NOT NULL DEFAULT 0,
        closed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Only for the partial days at the edge of a date-time window (at most two days of rows).
    await q.query(`CREATE INDEX case_facts_registered_idx ON insights.case_facts (registered_at)`);
    await q.query(`
      CREATE TABLE insights.rollups (
        org_unit text NOT NULL,
        kind text NOT NULL,
        category text NOT NULL,
        day date NOT NULL,
        received integer NOT NULL DEFAULT 0,
        closed integer NOT NULL DEFAULT 0,
        resolved_at_first_contact integer NOT NULL DEFAULT 0,
        mediated integer NOT NULL DEFAULT 0,
        mediation_succeeded integer NOT NULL DEFAULT 0,
        resolved integer NOT NULL DEFAULT 0,
        closed_on_time integer NOT NULL DEFAULT 0,
        first_reply_count integer NOT NULL DEFAULT 0,
        first_reply_ms_sum bigint NOT NULL DEFAULT 0,
        ratings integer NOT NULL DEFAULT 0,
        ratings_satisfied integer NOT NULL DEFAULT 0,
        open_green integer NOT NULL DEFAULT 0,
        open_yellow integer NOT NULL DEFAULT 0,
        open_red integer NOT NULL DEFAULT 0,
        PRIMARY KEY (org_unit, kind, category, day)
      )`);
    await q.query(`CREATE INDEX rollups_unit_day_idx ON insights.rollups (org_unit, day)`);
    // The three-colour board: open cases by current colour per org unit, from the rollups.
    await q.query(`
      CREATE VIEW insights.open_warnings AS
        SELECT org_unit, sum(open_green)::int AS green, sum(open_yellow)::int AS yellow, sum(open_red)::int AS red
        FROM insights.rollups GROUP BY org_unit`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW insights.open_warnings`);
    await q.query(`DROP TABLE insights.rollups`);
    await q.query(`DROP TABLE insights.case_facts`);
    await q.query(`DROP TABLE insights.processed_events`);
    await q.query(`DROP TABLE insights.org_units`);
  }
}
