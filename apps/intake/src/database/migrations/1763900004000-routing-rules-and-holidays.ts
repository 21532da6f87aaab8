import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Routing rules as versioned data (one row per published version, never changed afterwards)
 * and the State Council holiday notices an admin loads after the built-in years.
 * The rules replace the per-category first-reply column.
 */
export class RoutingRulesAndHolidays1763900004000 implements MigrationInterface {
  name = 'RoutingRulesAndHolidays1763900004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE intake.routing_rules (
      version int PRIMARY KEY CHECK (version > 0),
      note text NULL,
      rules jsonb NOT NULL CHECK (jsonb_typeof(rules) = 'array'),
      published_by text NOT NULL,
      published_at timestamptz NOT NULL DEFAULT now()
    )`);
    // Cases keep the version they were routed by, so a published version is history: no updates, no deletes.
    await q.query(`CREATE FUNCTION intake.routing_rules_immutable() RETURNS trigger
      LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'published routing rules are immutable (version %)', OLD.version;
        END
      $$`);
    await q.query(`CREATE TRIGGER routing_rules_immutable BEFORE UPDATE OR DELETE ON intake.routing_rules
      FOR EACH ROW EXECUTE FUNCTION intake.routing_rules_immutable()`);
    await q.query(`CREATE TABLE intake.holiday_notices (
      year int PRIMARY KEY,
      notice text NOT NULL,
      published_on date NOT NULL,
      data jsonb NOT NULL,
      loaded_by text NOT NULL,
      loaded_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`ALTER TABLE intake.categories DROP COLUMN first_reply_working_days`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake.categories ADD COLUMN first_reply_working_days int NOT NULL DEFAULT 1 CHECK (first_reply_working_days > 0)`);
    await q.query(`DROP TABLE intake.holiday_notices`);
    await q.query(`DROP TABLE intake.routing_rules`);
    await q.query(`DROP FUNCTION intake.routing_rules_immutable()`);
  }
}
