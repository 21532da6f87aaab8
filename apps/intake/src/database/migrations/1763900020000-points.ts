import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Participation points (积分): the rules as versioned data (never changed once published), one account
 * per resident (the balance, and the unit the ledger belongs to) and the append-only ledger. Each entry
 * and the account's new balance are written in one transaction under the account's row lock; the
 * balance never goes below zero. An award is unique per field report (a redelivered event awards once),
 * a redemption per clerk and Idempotency-Key.
 */
export class Points1763900020000 implements MigrationInterface {
  name = 'Points1763900020000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE intake.points_rules (
      version int PRIMARY KEY CHECK (version > 0),
      rules jsonb NOT NULL CHECK (jsonb_typeof(rules) = 'array'),
      daily_cap int NULL CHECK (daily_cap > 0),
      note text NULL,
      published_by text NOT NULL,
      published_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE intake.points_accounts (
      resident_sub text PRIMARY KEY,
      resident_username text NOT NULL,
      grid_code text NOT NULL,
      path text NOT NULL,
      balance int NOT NULL CHECK (balance >= 0),
      updated_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX points_accounts_path ON intake.points_accounts (path text_pattern_ops)`);
    await q.query(`CREATE TABLE intake.points_entries (
      seq bigserial PRIMARY KEY,
      resident_sub text NOT NULL REFERENCES intake.points_accounts(resident_sub),
      kind text NOT NULL CHECK (kind IN ('award', 'redeem', 'adjust')),
      points int NOT NULL,
      balance int NOT NULL CHECK (balance >= 0),
      at timestamptz NOT NULL,
      day date NOT NULL,
      report_id text NULL,
      rule_version int NULL REFERENCES intake.points_rules(version),
      capped boolean NOT NULL DEFAULT false,
      item text NULL,
      note text NULL,
      by_user text NOT NULL,
      by_sub text NULL,
      request_key text NULL,
      CHECK ((kind = 'award') = (report_id IS NOT NULL)),
      CHECK (kind <> 'redeem' OR (points < 0 AND item IS NOT NULL))
    )`);
    await q.query(`CREATE UNIQUE INDEX points_entries_report ON intake.points_entries (report_id) WHERE report_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX points_entries_request_key ON intake.points_entries (by_sub, request_key) WHERE request_key IS NOT NULL`);
    await q.query(`CREATE INDEX points_entries_resident ON intake.points_entries (resident_sub, seq DESC)`);
    await q.query(`CREATE INDEX points_entries_day ON intake.points_entries (resident_sub, day) WHERE kind = 'award'`);
    // The ledger and the published rules are history: no updates, no deletes (a correction is a new entry).
    await q.query(`CREATE FUNCTION intake.points_immutable() RETURNS trigger
      LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
        END
      $$`);
    await q.query(`CREATE TRIGGER points_entries_immutable BEFORE UPDATE OR DELETE ON intake.points_entries
      FOR EACH ROW EXECUTE FUNCTION intake.points_immutable()`);
    await q.query(`CREATE TRIGGER points_rules_immutable BEFORE UPDATE OR DELETE ON intake.points_rules
      FOR EACH ROW EXECUTE FUNCTION intake.points_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake.points_entries`);
    await q.query(`DROP TABLE intake.points_accounts`);
    await q.query(`DROP TABLE intake.points_rules`);
    await q.query(`DROP FUNCTION intake.points_immutable()`);
  }
}
