import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Clock controls and extension requests on the case row. A registration's Idempotency-Key is unique per registering user in the same transaction as the
 * case, so a retry after any crash finds the first case. First-contact clerks: who answers for an
 * online submission (首问负责) at each org unit.
 */
export class RequestKeysAndFirstContactClerks1763900007000 implements MigrationInterface {
  name = 'RequestKeysAndFirstContactClerks1763900007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake.cases ADD COLUMN request_key text`);
    await q.query(`CREATE UNIQUE INDEX cases_request_key ON intake.cases (registered_by, request_key) WHERE request_key IS NOT NULL`);
    // Clock controls open now, and an extension waiting for its approver (as the process last recorded them).
    await q.query(`ALTER TABLE intake.cases ADD COLUMN clock_actions jsonb NOT NULL DEFAULT '[]', ADD COLUMN extension_request jsonb`);
    await q.query(`
      CREATE TABLE intake.first_contact_clerks (
        org_unit text NOT NULL,
        username text NOT NULL,
        name text NOT NULL,
        PRIMARY KEY (org_unit, username)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake.first_contact_clerks`);
    await q.query(`DROP INDEX intake.cases_request_key`);
    await q.query(`ALTER TABLE intake.cases DROP COLUMN request_key, DROP COLUMN clock_actions, DROP COLUMN extension_request`);
  }
}
