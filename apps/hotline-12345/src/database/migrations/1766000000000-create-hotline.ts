import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The 12345 adapter's schema: each work order with the case it became, and every push back to the
 * centre with its delivery status (the outbound log). A case event is pushed at most once
 * (`source_event_id` unique); an order's pushes keep their order (`seq`).
 */
export class CreateHotline1766000000000 implements MigrationInterface {
  name = 'CreateHotline1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS hotline`);
    await q.query(`
      CREATE TABLE hotline.orders (
        centre text NOT NULL,
        order_no text NOT NULL,
        case_id uuid NOT NULL UNIQUE,
        case_no text NOT NULL,
        org_unit text NOT NULL,
        org_path text NOT NULL,
        category text NOT NULL,
        deadline timestamptz,
        status text NOT NULL CHECK (status IN ('dispatched', 'accepted', 'objected')),
        accepted_by text,
        accepted_at timestamptz,
        objection_reason text,
        objected_by text,
        objected_at timestamptz,
        received_at timestamptz NOT NULL,
        last_push_seq int NOT NULL DEFAULT 0,
        PRIMARY KEY (centre, order_no)
      )`);
    await q.query(`
      CREATE TABLE hotline.pushes (
        id uuid PRIMARY KEY,
        centre text NOT NULL,
        order_no text NOT NULL,
        seq int NOT NULL,
        kind text NOT NULL CHECK (kind IN ('accepted', 'objection', 'progress', 'result', 'return-visit')),
        payload jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('held', 'pending', 'delivered', 'dropped')),
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        next_attempt_at timestamptz NOT NULL,
        source_event_id text UNIQUE,
        created_at timestamptz NOT NULL,
        delivered_at timestamptz,
        UNIQUE (centre, order_no, seq),
        FOREIGN KEY (centre, order_no) REFERENCES hotline.orders (centre, order_no)
      )`);
    await q.query(`CREATE INDEX pushes_due ON hotline.pushes (next_attempt_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE hotline.pushes`);
    await q.query(`DROP TABLE hotline.orders`);
  }
}
