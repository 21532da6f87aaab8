import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A delivery's attempt is claimed before its POST and settled after it, each in a short transaction
 * of its own (no lock held across the POST): `claim` counts the claims, `claimed_until` is the
 * lease of the one in flight. And a subscription is paused when its owner is no longer allowed.
 */
export class DeliveryClaims1766000020000 implements MigrationInterface {
  name = 'DeliveryClaims1766000020000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhooks.deliveries ADD COLUMN claim integer NOT NULL DEFAULT 0, ADD COLUMN claimed_until timestamptz`);
    await q.query(`ALTER TABLE webhooks.subscriptions DROP CONSTRAINT subscriptions_paused_reason_check`);
    await q.query(`ALTER TABLE webhooks.subscriptions ADD CONSTRAINT subscriptions_paused_reason_check
      CHECK (paused_reason IN ('failures','requested','owner-gone','owner-not-integrator','owner-outside-jurisdiction'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhooks.subscriptions DROP CONSTRAINT subscriptions_paused_reason_check`);
    await q.query(`UPDATE webhooks.subscriptions SET paused_reason = 'requested' WHERE paused_reason LIKE 'owner-%'`);
    await q.query(`ALTER TABLE webhooks.subscriptions ADD CONSTRAINT subscriptions_paused_reason_check CHECK (paused_reason IN ('failures','requested'))`);
    await q.query(`ALTER TABLE webhooks.deliveries DROP COLUMN claim, DROP COLUMN claimed_until`);
  }
}
