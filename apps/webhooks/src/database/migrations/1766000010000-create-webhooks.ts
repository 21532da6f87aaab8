import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Subscriptions (the signing secret encrypted, `secret_enc`), deliveries (one per subscription and
 * event, plus redeliveries on request) with the redacted payload they send, and every attempt.
 * And the service's copy of the org tree.
 */
export class CreateWebhooks1766000010000 implements MigrationInterface {
  name = 'CreateWebhooks1766000010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS webhooks`);
    await q.query(`CREATE TABLE webhooks.org_units (code text PRIMARY KEY, parent_code text, path text NOT NULL)`);
    await q.query(`CREATE TABLE webhooks.subscriptions (
      id uuid PRIMARY KEY,
      owner_id text NOT NULL,
      owner_name text NOT NULL,
      org_unit text NOT NULL,
      url text NOT NULL,
      event_types text[] NOT NULL,
      description text,
      secret_enc text NOT NULL,
      status text NOT NULL CHECK (status IN ('active','paused','deleted')),
      paused_reason text CHECK (paused_reason IN ('failures','requested')),
      consecutive_failures integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX subscriptions_owner ON webhooks.subscriptions (owner_id) WHERE status <> 'deleted'`);
    await q.query(`CREATE INDEX subscriptions_types ON webhooks.subscriptions USING gin (event_types) WHERE status <> 'deleted'`);
    await q.query(`CREATE TABLE webhooks.deliveries (
      id uuid PRIMARY KEY,
      subscription_id uuid NOT NULL REFERENCES webhooks.subscriptions(id),
      event_id text NOT NULL,
      event_type text NOT NULL,
      payload jsonb NOT NULL,
      state text NOT NULL CHECK (state IN ('pending','delivered','held','failed')),
      redelivery_of uuid REFERENCES webhooks.deliveries(id),
      enqueued integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      delivered_at timestamptz
    )`);
    await q.query(`CREATE UNIQUE INDEX deliveries_once ON webhooks.deliveries (subscription_id, event_id) WHERE redelivery_of IS NULL`);
    await q.query(`CREATE INDEX deliveries_of_subscription ON webhooks.deliveries (subscription_id, created_at DESC)`);
    await q.query(`CREATE INDEX deliveries_pending ON webhooks.deliveries (state) WHERE state IN ('pending','held')`);
    await q.query(`CREATE TABLE webhooks.attempts (
      delivery_id uuid NOT NULL REFERENCES webhooks.deliveries(id),
      n integer NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      status_code integer,
      error text,
      duration_ms integer NOT NULL,
      ok boolean NOT NULL,
      PRIMARY KEY (delivery_id, n)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA webhooks CASCADE`);
  }
}
