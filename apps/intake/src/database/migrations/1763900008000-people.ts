import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People by name: the display name (the token's `name`) of every login intake has seen act, so
 * timelines show "受理员 巉口镇", not "clerk.621102101". Processes record the login id (identity);
 * intake writes the name into the timeline row, and events keep the login id.
 */
export class People1763900008000 implements MigrationInterface {
  name = 'People1763900008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE intake.people (
        username text PRIMARY KEY,
        name text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake.people`);
  }
}
