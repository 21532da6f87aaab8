import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the order's deadline run (workflows/hotline-order) marked: the warning ahead of the centre's
 * deadline and the order falling overdue; and when the case's result was recorded (the run stops there).
 */
export class OrderDeadlineRun1767100000000 implements MigrationInterface {
  name = 'OrderDeadlineRun1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE hotline.orders
        ADD COLUMN deadline_warned_at timestamptz,
        ADD COLUMN overdue_at timestamptz,
        ADD COLUMN finished_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE hotline.orders DROP COLUMN deadline_warned_at, DROP COLUMN overdue_at, DROP COLUMN finished_at`);
  }
}
