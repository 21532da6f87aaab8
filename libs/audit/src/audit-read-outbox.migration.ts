import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audited reads (docs/architecture.md, Personal data):
 *  - `audit.read_outbox`: where reads put their entries until AuditAppendEntries1765900070000 (now
 *    they are chained durably at once, DurableAuditWriter); AuditOutbox still chains rows found here
 *    into audit.entries in batches and removes them in the same transaction. Not part of the chain:
 *    a row is only waiting to be appended.
 *  - `entries_case_ids`: finds the entries that name a case among `detail.caseIds` (a read of one
 *    case, a list page, a person file) without walking the log; partial, only entries with the key.
 * Idempotent, like the log's own migration.
 */
export class AuditReadOutbox1763900011000 implements MigrationInterface {
  name = 'AuditReadOutbox1763900011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS audit.read_outbox (
      id    bigserial PRIMARY KEY,
      at    timestamptz NOT NULL DEFAULT clock_timestamp(),
      entry jsonb NOT NULL
    )`);
    await q.query(`COMMENT ON TABLE audit.read_outbox IS 'Audit entries of reads waiting to be chained into audit.entries (libs/audit AuditOutbox).'`);
    await q.query(`CREATE INDEX IF NOT EXISTS entries_case_ids ON audit.entries USING gin ((detail -> 'caseIds')) WHERE detail ? 'caseIds'`);
  }

  /** Refuses while entries wait on the outbox (they would be lost). */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DO $do$ BEGIN
      IF to_regclass('audit.read_outbox') IS NOT NULL AND EXISTS (SELECT 1 FROM audit.read_outbox) THEN
        RAISE EXCEPTION 'audit.read_outbox still holds entries: let the service chain them first';
      END IF;
    END $do$`);
    await q.query(`DROP INDEX IF EXISTS audit.entries_case_ids`);
    await q.query(`DROP TABLE IF EXISTS audit.read_outbox`);
  }
}

/**
 * The entries about one case, newest first: reads that list it in `detail.caseIds`, and the
 * unmasking of its parties (`subject_id` `<caseId>#<party>`). $1 the case id, $2 its parties'
 * subject ids, $3 limit, $4 offset.
 */
export const CASE_AUDIT_SQL = `SELECT seq::text AS seq, at, actor_id, actor_name, actor_roles, actor_org_unit, action, subject_type, reason, request_id, result, detail,
    count(*) OVER ()::int AS total
  FROM audit.entries
  WHERE (detail ? 'caseIds' AND detail -> 'caseIds' ? $1) OR (subject_type = 'case-party' AND subject_id = ANY($2::text[]))
  ORDER BY entries.seq DESC LIMIT $3 OFFSET $4`; // entries.seq: the bigint, not the text alias
