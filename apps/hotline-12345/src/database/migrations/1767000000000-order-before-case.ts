import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The order is stored before its case is registered (`registering`, no case yet), so a case step that
 * arrives while intake answers, or a crash between intake's answer and our record, loses nothing: the
 * step waits for the order, and a repeated push of the order finishes the registration.
 */
export class OrderBeforeCase1767000000000 implements MigrationInterface {
  name = 'OrderBeforeCase1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE hotline.orders
        ALTER COLUMN case_id DROP NOT NULL,
        ALTER COLUMN case_no DROP NOT NULL,
        ALTER COLUMN org_path DROP NOT NULL`);
    await q.query(`ALTER TABLE hotline.orders DROP CONSTRAINT orders_status_check`);
    await q.query(`ALTER TABLE hotline.orders ADD CONSTRAINT orders_status_check CHECK (status IN ('registering', 'dispatched', 'accepted', 'objected'))`);
    await q.query(
      `ALTER TABLE hotline.orders ADD CONSTRAINT orders_case_registered CHECK (status = 'registering' OR (case_id IS NOT NULL AND case_no IS NOT NULL AND org_path IS NOT NULL))`,
    );
    await q.query(`CREATE INDEX orders_registering ON hotline.orders (received_at) WHERE status = 'registering'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM hotline.orders WHERE status = 'registering'`);
    await q.query(`DROP INDEX hotline.orders_registering`);
    await q.query(`ALTER TABLE hotline.orders DROP CONSTRAINT orders_case_registered`);
    await q.query(`ALTER TABLE hotline.orders DROP CONSTRAINT orders_status_check`);
    await q.query(`ALTER TABLE hotline.orders ADD CONSTRAINT orders_status_check CHECK (status IN ('dispatched', 'accepted', 'objected'))`);
    await q.query(`
      ALTER TABLE hotline.orders
        ALTER COLUMN case_id SET NOT NULL,
        ALTER COLUMN case_no SET NOT NULL,
        ALTER COLUMN org_path SET NOT NULL`);
  }
}
