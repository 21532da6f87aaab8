import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finds the entries that name a case among `detail.caseIds` (every audited read of a case's
 * personal data lists the cases it showed: one case, a page of a list, a person file) without
 * walking the log. Partial: only entries that have the key are indexed. Idempotent, like the log's
 * own migration.
 */
export class AuditCaseReads1763900011000 implements MigrationInterface {
  name = 'AuditCaseReads1763900011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS entries_case_ids ON audit.entries USING gin ((detail -> 'caseIds')) WHERE detail ? 'caseIds'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS audit.entries_case_ids`);
  }
}

/**
 * The entries about one case, newest first: reads that list it in `detail.caseIds`, and the
 * unmasking of its parties (`subject_id` `<caseId>#<party>`, entries written before reads listed cases).
 * $1 the case id, $2 its parties' subject ids, $3 limit, $4 offset.
 */
export const CASE_AUDIT_SQL = `SELECT seq::text AS seq, at, actor_id, actor_name, actor_roles, actor_org_unit, action, subject_type, reason, request_id, result, detail,
    count(*) OVER ()::int AS total
  FROM audit.entries
  WHERE (detail ? 'caseIds' AND detail -> 'caseIds' ? $1) OR (subject_type = 'case-party' AND subject_id = ANY($2::text[]))
  ORDER BY entries.seq DESC LIMIT $3 OFFSET $4`; // entries.seq: the bigint, not the text alias
