import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The daily check-in (报平安): one row per grid worker (their login) and China day, with the position
 * and the grid whose boundary held it; and each county's roll call per day (who had not checked in
 * by the county's hour), stored once so a retried or caught-up run answers the same list.
 */
export class CheckIns1763900013000 implements MigrationInterface {
  name = 'CheckIns1763900013000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE intake.check_ins (
      username text NOT NULL,
      user_id text NOT NULL,
      day date NOT NULL,
      at timestamptz NOT NULL,
      grid_code text NOT NULL REFERENCES intake.org_units(code),
      lng double precision NOT NULL,
      lat double precision NOT NULL,
      accuracy double precision,
      PRIMARY KEY (username, day)
    )`);
    await q.query(`CREATE INDEX check_ins_day ON intake.check_ins (day)`);
    await q.query(`CREATE TABLE intake.check_in_roll_calls (
      county text NOT NULL REFERENCES intake.org_units(code),
      day date NOT NULL,
      due_at timestamptz NOT NULL,
      workers int NOT NULL,
      checked_in int NOT NULL,
      missing jsonb NOT NULL,
      taken_at timestamptz NOT NULL,
      PRIMARY KEY (county, day)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake.check_in_roll_calls`);
    await q.query(`DROP TABLE intake.check_ins`);
  }
}
