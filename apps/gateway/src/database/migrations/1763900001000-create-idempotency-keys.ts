import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdempotencyKeys1763900001000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1763900001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS gateway`);
    // Keys are per caller: two users may pick the same key without seeing each other's result.
    await q.query(`CREATE TABLE gateway.idempotency_keys (
      owner text NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      status int,
      body jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (owner, key)
    )`);
    await q.query(`CREATE INDEX idempotency_keys_created ON gateway.idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE gateway.idempotency_keys`);
  }
}
