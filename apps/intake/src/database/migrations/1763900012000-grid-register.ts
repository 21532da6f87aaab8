import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The grid register (docs/demo-county.md "Grids"): an org unit's boundary (GeoJSON Polygon or
 * MultiPolygon, validated by `boundarySchema` before it is stored) and a grid's workers with their
 * contact — the phone encrypted (PII_KEYRING), its blind index and its masked form, as parties' phones.
 */
export class GridRegister1763900012000 implements MigrationInterface {
  name = 'GridRegister1763900012000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake.org_units ADD COLUMN boundary jsonb`);
    await q.query(`CREATE TABLE intake.grid_workers (
      org_unit text NOT NULL REFERENCES intake.org_units(code),
      position int NOT NULL CHECK (position >= 0),
      name text NOT NULL,
      username text,
      phone_enc text NOT NULL,
      phone_bidx text NOT NULL,
      phone_masked text NOT NULL,
      PRIMARY KEY (org_unit, position)
    )`);
    await q.query(`CREATE INDEX grid_workers_username ON intake.grid_workers (username) WHERE username IS NOT NULL`);
    await q.query(`CREATE INDEX grid_workers_phone_bidx ON intake.grid_workers (phone_bidx)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake.grid_workers`);
    await q.query(`ALTER TABLE intake.org_units DROP COLUMN boundary`);
  }
}
