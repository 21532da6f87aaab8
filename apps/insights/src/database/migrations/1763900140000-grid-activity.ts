import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Grid workers' activity (docs/metrics.md "Grid workers' activity rate") from intake's check-in events:
 * each grid's roster (the logins bound to it, the newest announcement wins) and each worker's check-in
 * days with the grid's path. Keyed by what identifies them, so a repeated event changes nothing.
 */
export class GridActivity1763900140000 implements MigrationInterface {
  name = 'GridActivity1763900140000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE insights.grid_rosters (
      grid_code text PRIMARY KEY,
      path text NOT NULL,
      usernames text[] NOT NULL,
      at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE insights.check_in_days (
      username text NOT NULL,
      day date NOT NULL,
      path text NOT NULL,
      PRIMARY KEY (username, day)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE insights.check_in_days`);
    await q.query(`DROP TABLE insights.grid_rosters`);
  }
}
